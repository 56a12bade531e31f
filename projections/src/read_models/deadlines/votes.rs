//! What each vote event changes in the deadlines: a vote's closing is due for every
//! member of its electorate until they cast a ballot or recuse (in a network vote, for the
//! delegates of its hubs on the day it opens, until their hub has); a secret vote's, until
//! it closes (whom its reminders go to must not tell who has voted).

use super::projection::{acted, close, Opened, People};
use super::rows::DeadlineKind;
use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use crate::read_models::read_model::decode;
use charter_domain::policy::Ballot;
use charter_domain::roster::{Roster, RosterEvent};
use charter_domain::vote::{CommitteeVote, VoteEvent};
use uuid::Uuid;

/// Applies one vote event.
pub(super) async fn apply(
    conn: &mut sqlx::PgConnection,
    event: &StoredEvent,
) -> Result<(), ProjectionError> {
    let vote = event.aggregate_uuid()?;
    let payload = decode::<CommitteeVote>(event)?;
    let key = format!("vote_closes/{vote}");
    match &*payload {
        VoteEvent::VoteOpened {
            application_id,
            motion,
            electorate,
            hubs,
            closes_at,
            rule,
            at,
            ..
        } => {
            let motion =
                serde_json::to_value(motion).map_err(|source| ProjectionError::Inconsistent {
                    position: event.global_position,
                    detail: format!("the motion cannot be written as JSON: {source}"),
                })?;
            let mut members: Vec<Uuid> = electorate.iter().map(|(person, _)| person.0).collect();
            let hubs: Vec<Uuid> = hubs.iter().map(|(hub, _)| hub.0).collect();
            members.extend(delegates_of(&mut *conn, &hubs, at.date_naive()).await?);
            Opened {
                due_at: Some(*closes_at),
                vote_id: Some(vote),
                motion: Some(motion),
                secret: rule.ballot == Ballot::Secret,
                ..Opened::new(DeadlineKind::VoteCloses, key, application_id.0)
            }
            .write(conn, People::These(&members))
            .await?;
        }
        // A changed ballot finds the member already gone.
        VoteEvent::BallotCast {
            member, hub: None, ..
        }
        | VoteEvent::MemberRecused {
            member, hub: None, ..
        } => {
            if !is_secret(&mut *conn, &key).await? {
                acted(conn, &key, member.0).await?;
            }
        }
        // Whichever delegate acted, the hub has: none of its delegates is due any more.
        VoteEvent::BallotCast { hub: Some(hub), .. }
        | VoteEvent::MemberRecused { hub: Some(hub), .. } => {
            if !is_secret(&mut *conn, &key).await? {
                sqlx::query(
                    "DELETE FROM deadline_people WHERE deadline_key = $1
                       AND person_id IN (SELECT person_id FROM deadline_delegates
                                         WHERE hub_id = $2)",
                )
                .bind(&key)
                .bind(hub.0)
                .execute(&mut *conn)
                .await?;
            }
        }
        VoteEvent::VoteClosed { at, .. } => close(conn, &key, "closed", *at).await?,
    }
    Ok(())
}

/// Whether the vote closing `key` is a secret one's.
async fn is_secret(conn: &mut sqlx::PgConnection, key: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM deadlines WHERE deadline_key = $1 AND secret)")
        .bind(key)
        .fetch_one(conn)
        .await
}

/// Keeps the hubs' delegations up to date with a roster event; any other changes nothing.
pub(super) async fn record_delegation(
    conn: &mut sqlx::PgConnection,
    event: &StoredEvent,
) -> Result<(), ProjectionError> {
    let payload = decode::<Roster>(event)?;
    match &*payload {
        RosterEvent::DelegateAppointed {
            hub_id,
            person_id,
            since,
            ..
        } => {
            sqlx::query(
                "INSERT INTO deadline_delegates (hub_id, person_id, since) VALUES ($1, $2, $3)
                 ON CONFLICT DO NOTHING",
            )
            .bind(hub_id.0)
            .bind(person_id.0)
            .bind(since)
            .execute(conn)
            .await?;
        }
        RosterEvent::DelegationEnded {
            hub_id,
            person_id,
            on,
            ..
        } => {
            sqlx::query(
                "UPDATE deadline_delegates SET until = $3
                 WHERE hub_id = $1 AND person_id = $2 AND until IS NULL",
            )
            .bind(hub_id.0)
            .bind(person_id.0)
            .bind(on)
            .execute(conn)
            .await?;
        }
        _ => {}
    }
    Ok(())
}

/// The delegates of `hubs` on `day`.
async fn delegates_of(
    conn: &mut sqlx::PgConnection,
    hubs: &[Uuid],
    day: chrono::NaiveDate,
) -> Result<Vec<Uuid>, sqlx::Error> {
    if hubs.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_scalar(
        "SELECT DISTINCT person_id FROM deadline_delegates
         WHERE hub_id = ANY($1) AND since <= $2 AND (until IS NULL OR until > $2)",
    )
    .bind(hubs)
    .bind(day)
    .fetch_all(conn)
    .await
}
