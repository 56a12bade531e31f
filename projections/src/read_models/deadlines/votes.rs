//! What each vote event changes in the deadlines: a vote's closing is due for every
//! member of its electorate until they cast a ballot or recuse.

use super::projection::{acted, close, Opened, People};
use super::rows::DeadlineKind;
use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use crate::read_models::read_model::decode;
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
                ..Opened::new(DeadlineKind::VoteCloses, key, application_id.0)
            }
            .write(conn, People::These(&members))
            .await?;
        }
        // A changed ballot finds the member already gone.
        VoteEvent::BallotCast { member, .. } | VoteEvent::MemberRecused { member, .. } => {
            acted(conn, &key, member.0).await?;
        }
        VoteEvent::VoteClosed { at, .. } => close(conn, &key, "closed", *at).await?,
    }
    Ok(())
}
