//! The Membership Committee's votes as the server runs them: looking up what a vote needs
//! (the application, the roster, the vote's key) before its commands. Closed votes are
//! carried out by the process manager in [`crate::workers::vote_outcomes`].

use crate::commands::{Accepted, CommandContext, Prerequisite};
use crate::http::error::ApiError;
use crate::state::AppState;
use charter_domain::roster::ROSTER_ID;
use charter_domain::vote::{
    Choice, Motion, SealingKey, VoteCommand, VoteEvent, VoteSubject, KEY_LEN, NONCE_LEN,
};
use charter_domain::{ApplicationId, VoteId};
use charter_store::keys::{rotation, vote_keys};
use chrono::{DateTime, Utc};
use rand::RngCore;

/// Opens a vote on `motion` about `application`, with the committee seated today as its
/// electorate and a fresh sealing key.
pub async fn open(
    state: &AppState,
    context: &CommandContext,
    application: ApplicationId,
    motion: Motion,
    closes_at: Option<DateTime<Utc>>,
) -> Result<(VoteId, Accepted<VoteEvent>), ApiError> {
    let (subject, _) = state.applications.load(&application.to_string()).await?;
    let Some(stage) = subject.stage() else {
        return Err(ApiError::InvalidBody {
            detail: format!("application {application} does not exist"),
            field: Some("application_id".to_owned()),
        });
    };
    let (roster, _) = state.roster.load(ROSTER_ID).await?;
    let electorate = roster.committee_on(state.clock.now().date_naive());
    let vote_id = VoteId::new();
    let mut key = vec![0u8; KEY_LEN];
    rand::rngs::OsRng.fill_bytes(&mut key);
    let command = VoteCommand::Open {
        vote_id,
        subject: VoteSubject {
            application_id: application,
            stage,
            appeal_pending: subject.appeal_pending(),
        },
        motion,
        electorate,
        closes_at,
    };
    let key = Prerequisite::VoteOpening {
        vote_id: vote_id.0,
        application_id: application.0,
        key,
    };
    let accepted = state
        .run(
            &state.votes,
            context,
            &vote_id.to_string(),
            command,
            Some(&key),
        )
        .await?;
    Ok((vote_id, accepted))
}

/// Casts or changes the ballot of the member who gives `context`; a secret one is sealed with the vote's key.
pub async fn cast(
    state: &AppState,
    context: &CommandContext,
    vote: VoteId,
    choice: Choice,
    reason: Option<String>,
) -> Result<Accepted<VoteEvent>, ApiError> {
    let seal = key_of(state, vote).await?.map(|key| {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        SealingKey { key, nonce }
    });
    let command = VoteCommand::Cast {
        choice,
        reason,
        seal,
    };
    state
        .run(&state.votes, context, &vote.to_string(), command, None)
        .await
}

/// Closes `vote` in `context`, then destroys its key: from then on its sealed ballots
/// cannot be opened by anyone.
pub async fn close(
    state: &AppState,
    context: &CommandContext,
    vote: VoteId,
) -> Result<Accepted<VoteEvent>, ApiError> {
    let key = key_of(state, vote).await?;
    let command = VoteCommand::Close { key };
    let accepted = state
        .run(&state.votes, context, &vote.to_string(), command, None)
        .await?;
    // The vote is closed whatever happens next; a key left behind is removed by the
    // scheduler.
    if let Err(error) = release(state, vote).await {
        tracing::warn!(%vote, %error, "the key of a closed vote is left for the scheduler");
    }
    Ok(accepted)
}

async fn key_of(state: &AppState, vote: VoteId) -> Result<Option<[u8; KEY_LEN]>, ApiError> {
    Ok(vote_keys::read(&state.pool, vote.0)
        .await
        .map_err(sqlx::Error::from)?)
}

/// Destroys the key of a closed vote, frees its application for the next vote, and rotates
/// the key-encryption key, so that no copy of the database opens the ballots any more.
async fn release(state: &AppState, vote: VoteId) -> Result<(), sqlx::Error> {
    vote_keys::release(&state.pool, vote.0).await?;
    rotation::rotate_if_due(&state.pool)
        .await
        .map_err(sqlx::Error::from)?;
    Ok(())
}
