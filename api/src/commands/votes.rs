//! Votes as the server runs them, the committee's and the network's: looking up what a vote
//! needs (the application, the roster with its hubs and delegates, the vote's key) before
//! its commands. Closed votes are
//! carried out by the process manager in [`crate::workers::vote_outcomes`].

use crate::commands::{Accepted, CommandContext, Prerequisite};
use crate::http::error::ApiError;
use crate::state::AppState;
use charter_domain::policy::Electorate;
use charter_domain::roster::{Delegation, ROSTER_ID};
use charter_domain::vote::{
    Choice, Electors, Motion, SealingKey, VoteCommand, VoteEvent, VoteSubject, KEY_LEN, NONCE_LEN,
};
use charter_domain::{ApplicationId, Role, VoteId};
use charter_store::keys::{rotation, vote_keys};
use chrono::{DateTime, Utc};
use rand::RngCore;

/// Opens a vote on `motion` about `application` and a fresh sealing key. Its electorate is
/// the committee seated today or the member hubs in good standing today, as the policy's
/// rule for the motion says (`asked` picks one where a gate takes votes of both).
pub async fn open(
    state: &AppState,
    context: &CommandContext,
    application: ApplicationId,
    motion: Motion,
    asked: Option<Electorate>,
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
    let today = state.clock.now().date_naive();
    let electors = Electors {
        committee: roster.committee_on(today),
        hubs: roster.network_on(today),
    };
    let vote_id = VoteId::new();
    let mut key = vec![0u8; KEY_LEN];
    rand::rngs::OsRng.fill_bytes(&mut key);
    let command = VoteCommand::Open {
        vote_id,
        subject: VoteSubject {
            application_id: application,
            stage,
            appeal_pending: subject.appeal_pending(),
            passed: subject.gate_votes_passed(),
        },
        motion,
        electors,
        asked,
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

/// Casts or changes the ballot of the member who gives `context`, or, given by a delegate,
/// their hub's; a secret one is sealed with the vote's key.
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
        delegation: delegation(state, context).await?,
    };
    state
        .run(&state.votes, context, &vote.to_string(), command, None)
        .await
}

/// Declares the conflict of the member who gives `context`, or, given by a delegate, their
/// hub's: the hub recuses as a whole.
pub async fn recuse(
    state: &AppState,
    context: &CommandContext,
    vote: VoteId,
    reason: String,
) -> Result<Accepted<VoteEvent>, ApiError> {
    let command = VoteCommand::Recuse {
        reason,
        delegation: delegation(state, context).await?,
    };
    state
        .run(&state.votes, context, &vote.to_string(), command, None)
        .await
}

/// The hub a delegate represents today, as the roster stands now: whoever was its delegate
/// when the vote opened, it is today's delegates who cast its ballot.
async fn delegation(
    state: &AppState,
    context: &CommandContext,
) -> Result<Option<Delegation>, ApiError> {
    if context.actor.role != Role::Delegate {
        return Ok(None);
    }
    let (roster, _) = state.roster.load(ROSTER_ID).await?;
    Ok(roster.delegation_of(context.actor.id, state.clock.now().date_naive()))
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
