//! The committee's pipeline dashboard, computed from the read models: applications per
//! stage, time in stage from event times, outcomes per gate, overdue applications, and
//! open votes with how many have voted (and, for an open ballot, who has not yet), and each
//! member hub's participation in the network's closed votes.

use crate::read_models::vote_register::by_name;
use charter_domain::application::Stage;
use charter_store::opening::open_texts;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::types::Json;
use sqlx::{FromRow, PgPool};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// What happened in one stage.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct StageFigures {
    pub stage: String,
    /// Applications in the stage now.
    pub current: i64,
    /// Median and 90th percentile of how long those have been there, in days.
    pub current_median_days: Option<f64>,
    pub current_p90_days: Option<f64>,
    /// Stays that ended since the dashboard's `since`, and how long they lasted, in days.
    pub completed: i64,
    pub completed_median_days: Option<f64>,
    pub completed_p90_days: Option<f64>,
    /// How the completed stays ended: passed the gate out of the stage, rejected,
    /// withdrawn by the founders, reopened by a granted appeal.
    pub passed: i64,
    pub rejected: i64,
    pub withdrawn: i64,
    pub reopened: i64,
}

/// An application past the policy's maximum time in its stage.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct Overdue {
    pub application_id: Uuid,
    pub hub_name: String,
    pub city: String,
    pub stage: String,
    pub since: DateTime<Utc>,
    pub days_in_stage: f64,
    pub max_days: i32,
}

/// A member of an open vote's electorate who has neither voted nor recused.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct NotYetVoted {
    pub person_id: Uuid,
    pub name: String,
}

/// A vote still open.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct VoteUnderWay {
    pub vote_id: Uuid,
    pub application_id: Uuid,
    #[schema(value_type = Object)]
    pub motion: Json<serde_json::Value>,
    /// `open` or `secret`.
    pub ballot: String,
    /// Who votes: `committee` or `network` (then the counts are of hubs).
    pub voters: String,
    pub closes_at: DateTime<Utc>,
    pub electorate: i64,
    /// How many have voted (and not recused since), recused, or done neither yet.
    pub voted: i64,
    pub recused: i64,
    pub awaiting: i64,
    /// Who has neither voted nor recused, for an open ballot of the committee; absent for
    /// a secret one, which says how many (`awaiting`), never who, until it closes, and for
    /// a network vote, whose hubs' participation is in `hubs`.
    #[schema(value_type = Option<Vec<NotYetVoted>>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_voted: Option<Json<Vec<NotYetVoted>>>,
}

/// The whole dashboard.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Dashboard {
    /// As of this time (the server's clock).
    pub as_of: DateTime<Utc>,
    /// The stays that ended since this time make the completed figures.
    pub since: DateTime<Utc>,
    /// Every stage, in pipeline order.
    pub stages: Vec<StageFigures>,
    /// Longest overdue first.
    pub overdue: Vec<Overdue>,
    /// Closing soonest first.
    pub open_votes: Vec<VoteUnderWay>,
    /// Each member hub's part in the network's closed votes, by name.
    pub hubs: Vec<HubParticipation>,
}

/// How a member hub took part in the network's closed votes it was in the electorate of.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct HubParticipation {
    pub hub_id: Uuid,
    pub name: String,
    /// `member`, `suspended` or `left`.
    pub standing: String,
    /// Closed network votes the hub was in the electorate of.
    pub votes: i64,
    pub voted: i64,
    pub recused: i64,
    pub did_not_vote: i64,
}

/// The dashboard as of `now`, with the policy's maximum days per stage, its completed
/// figures made of the stays that ended since `since`. The stays it reads are the current
/// ones and those of the window, each an index range: the years before it are not read.
pub async fn dashboard(
    pool: &PgPool,
    now: DateTime<Utc>,
    since: DateTime<Utc>,
    max_days: &BTreeMap<Stage, u32>,
) -> Result<Dashboard, sqlx::Error> {
    let figures: Vec<StageFigures> = sqlx::query_as(
        "SELECT stage,
           count(*) FILTER (WHERE left_at IS NULL) AS current,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM $1 - entered_at)::float8 / 86400)
             FILTER (WHERE left_at IS NULL) AS current_median_days,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM $1 - entered_at)::float8 / 86400)
             FILTER (WHERE left_at IS NULL) AS current_p90_days,
           count(*) FILTER (WHERE left_at IS NOT NULL) AS completed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM left_at - entered_at)::float8 / 86400)
             FILTER (WHERE left_at IS NOT NULL) AS completed_median_days,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM left_at - entered_at)::float8 / 86400)
             FILTER (WHERE left_at IS NOT NULL) AS completed_p90_days,
           count(*) FILTER (WHERE left_by = 'advanced') AS passed,
           count(*) FILTER (WHERE left_by = 'rejected') AS rejected,
           count(*) FILTER (WHERE left_by = 'withdrawn') AS withdrawn,
           count(*) FILTER (WHERE left_by = 'reopened') AS reopened
         FROM (SELECT * FROM application_stays WHERE left_at IS NULL
               UNION ALL
               SELECT * FROM application_stays WHERE left_at >= $2) stays
         GROUP BY stage",
    )
    .bind(now)
    .bind(since)
    .fetch_all(pool)
    .await?;
    let stages = Stage::ALL
        .iter()
        .map(|stage| {
            figures
                .iter()
                .find(|f| f.stage == stage.as_str())
                .cloned()
                .unwrap_or(StageFigures {
                    stage: stage.as_str().to_owned(),
                    current: 0,
                    current_median_days: None,
                    current_p90_days: None,
                    completed: 0,
                    completed_median_days: None,
                    completed_p90_days: None,
                    passed: 0,
                    rejected: 0,
                    withdrawn: 0,
                    reopened: 0,
                })
        })
        .collect();
    let (limited, limits): (Vec<&str>, Vec<i32>) = max_days
        .iter()
        .map(|(stage, days)| (stage.as_str(), i32::try_from(*days).unwrap_or(i32::MAX)))
        .unzip();
    let overdue = sqlx::query_as(
        "SELECT s.application_id, a.hub_name, a.city, s.stage, s.entered_at AS since,
                extract(epoch FROM $1 - s.entered_at)::float8 / 86400 AS days_in_stage,
                l.max_days
         FROM application_stays s
         JOIN application_summaries a USING (application_id)
         JOIN unnest($2::text[], $3::int[]) AS l(stage, max_days) ON l.stage = s.stage
         WHERE s.left_at IS NULL AND $1 - s.entered_at > make_interval(days => l.max_days)
         ORDER BY s.entered_at, s.application_id",
    )
    .bind(now)
    .bind(&limited)
    .bind(&limits)
    .fetch_all(pool)
    .await?;
    let mut open_votes: Vec<VoteUnderWay> = sqlx::query_as(
        "SELECT v.vote_id, v.application_id, v.motion, v.ballot, v.electorate AS voters,
                v.closes_at,
                p.electorate, p.voted, p.recused, p.awaiting,
                CASE WHEN v.ballot = 'secret' OR v.electorate = 'network' THEN NULL
                     ELSE coalesce((SELECT json_agg(json_build_object('person_id', m.person_id,
                                                                      'name', m.name))
                                    FROM vote_members m
                                    WHERE m.vote_id = v.vote_id AND m.ballots_cast = 0
                                      AND m.recused_at IS NULL),
                                   '[]'::json) END AS not_voted
         FROM votes v
         CROSS JOIN LATERAL (
             SELECT count(*) AS electorate,
                    count(*) FILTER (WHERE m.recused_at IS NULL AND m.ballots_cast > 0) AS voted,
                    count(*) FILTER (WHERE m.recused_at IS NOT NULL) AS recused,
                    count(*) FILTER (WHERE m.recused_at IS NULL AND m.ballots_cast = 0)
                        AS awaiting
             FROM (SELECT recused_at, ballots_cast FROM vote_members WHERE vote_id = v.vote_id
                   UNION ALL
                   SELECT recused_at, ballots_cast FROM vote_hubs WHERE vote_id = v.vote_id) m) p
         WHERE v.closed_at IS NULL
         ORDER BY v.closes_at, v.vote_id",
    )
    .fetch_all(pool)
    .await?;
    // The names are sealed in the register: opened, then put in order here.
    let mut not_voted: Vec<&mut Vec<NotYetVoted>> = open_votes
        .iter_mut()
        .filter_map(|vote| vote.not_voted.as_mut().map(|names| &mut names.0))
        .collect();
    let names: Vec<&mut String> = not_voted
        .iter_mut()
        .flat_map(|names| names.iter_mut().map(|member| &mut member.name))
        .collect();
    open_texts(pool, names).await?;
    for names in not_voted {
        by_name(names, |member| (&member.name, member.person_id));
    }
    let hubs = sqlx::query_as(
        "SELECT h.hub_id, h.name, h.standing,
                count(m.vote_id) AS votes,
                count(m.vote_id) FILTER (WHERE m.recused_at IS NULL AND m.ballots_cast > 0)
                  AS voted,
                count(m.vote_id) FILTER (WHERE m.recused_at IS NOT NULL) AS recused,
                count(m.vote_id) FILTER (WHERE m.recused_at IS NULL AND m.ballots_cast = 0)
                  AS did_not_vote
         FROM hubs h
         LEFT JOIN (vote_hubs m JOIN votes v ON v.vote_id = m.vote_id AND v.closed_at IS NOT NULL)
           ON m.hub_id = h.hub_id
         GROUP BY h.hub_id, h.name, h.standing
         ORDER BY lower(h.name), h.hub_id",
    )
    .fetch_all(pool)
    .await?;
    Ok(Dashboard {
        as_of: now,
        since,
        stages,
        overdue,
        open_votes,
        hubs,
    })
}
