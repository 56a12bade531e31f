//! The vote register: every motion with its electorate, rule, ballots (participation only
//! when secret), changes, recusals, tally, outcome and times; and each member's record.

use crate::engine::event::StoredEvent;
use crate::engine::projection::{Projection, ProjectionError};
use crate::read_models::incoming::{incoming, own_or_erasures, prepare, Incoming};
use async_trait::async_trait;
use charter_domain::personal::ERASED;
use charter_domain::policy::Ballot;
use charter_domain::vote::{Choice, CommitteeVote, Outcome, RecordedChoice, VoteEvent};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::types::Json;
use sqlx::{FromRow, PgConnection, PgPool};
use utoipa::ToSchema;
use uuid::Uuid;

/// Projects committee votes into `votes`, `vote_members` and `vote_ballots`.
#[derive(Debug, Clone, Copy, Default)]
pub struct VoteRegisterProjection;

/// The projection's name, for waiting on it.
pub const NAME: &str = "vote_register";

fn choice_name(choice: Choice) -> &'static str {
    match choice {
        Choice::Yes => "yes",
        Choice::No => "no",
        Choice::Abstain => "abstain",
    }
}

fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        Outcome::NoQuorum => "no_quorum",
    }
}

#[async_trait]
impl Projection for VoteRegisterProjection {
    fn name(&self) -> &'static str {
        NAME
    }

    fn tables(&self) -> &'static [&'static str] {
        &["votes", "vote_members", "vote_ballots"]
    }

    fn handles(&self, aggregate_type: &str) -> bool {
        own_or_erasures::<CommitteeVote>(aggregate_type)
    }

    fn prepare(&self, event: &StoredEvent) {
        prepare::<CommitteeVote>(event);
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        let (vote, payload) = match incoming::<CommitteeVote>(event)? {
            Incoming::Own { id, payload } => (id, payload),
            Incoming::Erasure(subject) => {
                if let Some(subject) = subject {
                    sqlx::query(
                        "UPDATE vote_members SET name = $2,
                                recusal_reason = CASE WHEN recusal_reason IS NULL THEN NULL ELSE $2 END
                         WHERE person_id = $1",
                    )
                    .bind(subject)
                    .bind(ERASED)
                    .execute(conn)
                    .await?;
                }
                return Ok(());
            }
        };
        match &*payload {
            VoteEvent::VoteOpened {
                application_id,
                stage,
                motion,
                electorate,
                rule,
                policy_version,
                closes_at,
                at,
                ..
            } => {
                let ballot = match rule.ballot {
                    Ballot::Open => "open",
                    Ballot::Secret => "secret",
                };
                sqlx::query(
                    "INSERT INTO votes (vote_id, application_id, stage, motion, rule, ballot,
                       policy_version, opened_at, opened_by, closes_at, version)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(vote)
                .bind(application_id.0)
                .bind(stage.as_str())
                .bind(Json(motion))
                .bind(Json(rule))
                .bind(ballot)
                .bind(policy_version)
                .bind(at)
                .bind(event.metadata.actor_id)
                .bind(closes_at)
                .bind(event.sequence)
                .execute(&mut *conn)
                .await?;
                for (person, name) in electorate {
                    sqlx::query(
                        "INSERT INTO vote_members (vote_id, person_id, name) VALUES ($1, $2, $3)",
                    )
                    .bind(vote)
                    .bind(person.0)
                    .bind(name)
                    .execute(&mut *conn)
                    .await?;
                }
            }
            VoteEvent::BallotCast {
                member,
                revision,
                choice,
                at,
            } => {
                // Only an open ballot's choice is copied; a sealed one stays sealed.
                let (choice, reason) = match choice {
                    RecordedChoice::Open { choice, reason } => {
                        (Some(choice_name(*choice)), reason.clone())
                    }
                    RecordedChoice::Sealed { .. } => (None, None),
                };
                sqlx::query(
                    "INSERT INTO vote_ballots (vote_id, person_id, revision, cast_at, choice, reason)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(vote)
                .bind(member.0)
                .bind(i32::try_from(*revision).unwrap_or(i32::MAX))
                .bind(at)
                .bind(choice)
                .bind(reason)
                .execute(&mut *conn)
                .await?;
                sqlx::query(
                    "UPDATE vote_members SET ballots_cast = ballots_cast + 1, last_cast_at = $3
                     WHERE vote_id = $1 AND person_id = $2",
                )
                .bind(vote)
                .bind(member.0)
                .bind(at)
                .execute(&mut *conn)
                .await?;
            }
            VoteEvent::MemberRecused { member, reason, at } => {
                sqlx::query(
                    "UPDATE vote_members SET recused_at = $3, recusal_reason = $4
                     WHERE vote_id = $1 AND person_id = $2",
                )
                .bind(vote)
                .bind(member.0)
                .bind(at)
                .bind(reason)
                .execute(&mut *conn)
                .await?;
            }
            VoteEvent::VoteClosed {
                tally, outcome, at, ..
            } => {
                sqlx::query(
                    "UPDATE votes SET closed_at = $2, tally = $3, outcome = $4 WHERE vote_id = $1",
                )
                .bind(vote)
                .bind(at)
                .bind(Json(tally))
                .bind(outcome_name(*outcome))
                .execute(&mut *conn)
                .await?;
            }
        }
        sqlx::query("UPDATE votes SET version = $2 WHERE vote_id = $1")
            .bind(vote)
            .bind(event.sequence)
            .execute(conn)
            .await?;
        Ok(())
    }
}

/// A vote as listed.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct VoteSummary {
    pub vote_id: Uuid,
    pub application_id: Uuid,
    /// The application's stage when the vote opened.
    pub stage: String,
    #[schema(value_type = Object)]
    pub motion: Json<serde_json::Value>,
    /// Quorum, threshold and ballot kind, fixed at opening.
    #[schema(value_type = Object)]
    pub rule: Json<serde_json::Value>,
    /// `open` or `secret`.
    pub ballot: String,
    pub policy_version: String,
    pub opened_at: DateTime<Utc>,
    pub opened_by: Option<Uuid>,
    pub closes_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    #[schema(value_type = Option<Object>)]
    pub tally: Option<Json<serde_json::Value>>,
    /// `passed`, `failed` or `no_quorum` once closed.
    pub outcome: Option<String>,
}

/// A member of a vote's electorate and what they did; never their choice if secret.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct MemberRecord {
    pub person_id: Uuid,
    pub name: String,
    pub ballots_cast: i32,
    pub last_cast_at: Option<DateTime<Utc>>,
    pub recused_at: Option<DateTime<Utc>>,
    pub recusal_reason: Option<String>,
}

/// One ballot or change. `choice` and `reason` are absent for a secret vote.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct BallotRecord {
    pub person_id: Uuid,
    pub revision: i32,
    pub cast_at: DateTime<Utc>,
    pub choice: Option<String>,
    pub reason: Option<String>,
}

/// What was done on the application once the vote closed.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct CarriedOut {
    pub action: String,
    /// `carried_out`, `refused` (with the reason in `detail`) or `nothing_to_do`.
    pub result: String,
    pub detail: Option<String>,
    pub at: DateTime<Utc>,
}

/// A vote with its electorate and ballots.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VoteDetail {
    #[serde(flatten)]
    pub vote: VoteSummary,
    pub electorate: Vec<MemberRecord>,
    pub ballots: Vec<BallotRecord>,
    /// Once closed: what the process manager did with the outcome.
    pub carried_out: Option<CarriedOut>,
}

const SUMMARY: &str = "SELECT vote_id, application_id, stage, motion, rule, ballot, policy_version,
    opened_at, opened_by, closes_at, closed_at, tally, outcome FROM votes";

/// Votes, newest first, optionally of one application or only open or closed ones.
pub async fn list(
    pool: &PgPool,
    application: Option<Uuid>,
    open: Option<bool>,
    limit: i64,
    offset: i64,
) -> Result<Vec<VoteSummary>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SUMMARY} WHERE ($1::uuid IS NULL OR application_id = $1)
           AND ($2::bool IS NULL OR (closed_at IS NULL) = $2)
         ORDER BY opened_at DESC, vote_id LIMIT $3 OFFSET $4"
    ))
    .bind(application)
    .bind(open)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await
}

/// One vote with its electorate and every ballot and change.
pub async fn find(pool: &PgPool, id: Uuid) -> Result<Option<VoteDetail>, sqlx::Error> {
    let vote: Option<VoteSummary> = sqlx::query_as(&format!("{SUMMARY} WHERE vote_id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let Some(vote) = vote else {
        return Ok(None);
    };
    let electorate = sqlx::query_as(
        "SELECT person_id, name, ballots_cast, last_cast_at, recused_at, recusal_reason
         FROM vote_members WHERE vote_id = $1 ORDER BY name, person_id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let ballots = sqlx::query_as(
        "SELECT person_id, revision, cast_at, choice, reason FROM vote_ballots
         WHERE vote_id = $1 ORDER BY cast_at, person_id, revision",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let carried_out = sqlx::query_as(
        "SELECT action, result, detail, at FROM vote_outcome_actions WHERE vote_id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(Some(VoteDetail {
        vote,
        electorate,
        ballots,
        carried_out,
    }))
}

/// One member's part in one vote.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct VotingRecordEntry {
    pub vote_id: Uuid,
    pub application_id: Uuid,
    #[schema(value_type = Object)]
    pub motion: Json<serde_json::Value>,
    pub ballot: String,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub ballots_cast: i32,
    pub recused_at: Option<DateTime<Utc>>,
    /// Their latest choice, for an open vote only.
    pub choice: Option<String>,
}

/// Every vote `person` was in the electorate of, newest first.
pub async fn voting_record(
    pool: &PgPool,
    person: Uuid,
) -> Result<Vec<VotingRecordEntry>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.vote_id, v.application_id, v.motion, v.ballot, v.opened_at, v.closed_at,
                v.outcome, m.ballots_cast, m.recused_at,
                (SELECT b.choice FROM vote_ballots b
                 WHERE b.vote_id = v.vote_id AND b.person_id = m.person_id
                 ORDER BY b.revision DESC LIMIT 1) AS choice
         FROM vote_members m JOIN votes v ON v.vote_id = m.vote_id
         WHERE m.person_id = $1
         ORDER BY v.opened_at DESC, v.vote_id",
    )
    .bind(person)
    .fetch_all(pool)
    .await
}

/// Open votes whose closing time has passed.
pub async fn due_for_closing(pool: &PgPool, now: DateTime<Utc>) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT vote_id FROM votes WHERE closed_at IS NULL AND closes_at <= $1 ORDER BY closes_at",
    )
    .bind(now)
    .fetch_all(pool)
    .await
}
