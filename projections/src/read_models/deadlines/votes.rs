//! What each vote event changes in the deadlines: a vote's closing is due for every
//! member of its electorate until they cast a ballot or recuse; a secret vote's, until it
//! closes (whom its reminders go to must not tell who has voted).

use super::projection::{acted, close, Opened, People};
use super::rows::DeadlineKind;
use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use crate::read_models::read_model::decode;
use charter_domain::policy::Ballot;
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
            closes_at,
            rule,
            ..
        } => {
            let motion =
                serde_json::to_value(motion).map_err(|source| ProjectionError::Inconsistent {
                    position: event.global_position,
                    detail: format!("the motion cannot be written as JSON: {source}"),
                })?;
            let members: Vec<Uuid> = electorate.iter().map(|(person, _)| person.0).collect();
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
        VoteEvent::BallotCast { member, .. } | VoteEvent::MemberRecused { member, .. } => {
            if !is_secret(&mut *conn, &key).await? {
                acted(conn, &key, member.0).await?;
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
