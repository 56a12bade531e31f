//! The background scheduler: closes votes whose closing time has passed, marks revision
//! requests whose deadline passed unanswered, destroys the keys of closed votes left
//! behind by a crash between closing and destroying, and sends the reminders due. Of several
//! server instances only one runs it at a time (a session advisory lock); if that
//! instance dies, another takes over.

use crate::commands::{votes, CommandContext};
use crate::http::error::ApiError;
use crate::state::AppState;
use charter_domain::application::ApplicationCommand;
use charter_domain::{Actor, VoteId};
use charter_projections::read_models::{application_summary, vote_register};
use charter_projections::ProjectorStatus;
use sqlx::{Connection, PgConnection};
use std::time::Duration;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// Runs the scheduler every `interval` until `shutdown`.
pub async fn run(
    state: AppState,
    interval: Duration,
    status: watch::Sender<ProjectorStatus>,
    shutdown: CancellationToken,
) {
    let mut lock: Option<PgConnection> = None;
    let mut tick: u64 = 0;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = shutdown.cancelled() => break,
        }
        tick += 1;
        if lock.is_none() {
            lock = take_lock(&state).await;
        } else if let Some(conn) = lock.as_mut() {
            if conn.ping().await.is_err() {
                lock = None;
            }
        }
        if lock.is_none() {
            status.send_replace(ProjectorStatus::Standby);
            continue;
        }
        let outcome = run_once(&state, Some(format!("scheduler-{tick}"))).await;
        status.send_replace(match outcome {
            Ok(()) => ProjectorStatus::Running,
            Err(error) => {
                tracing::error!(%error, "scheduler run failed; it tries again");
                ProjectorStatus::Failing(error.to_string())
            }
        });
    }
    status.send_replace(ProjectorStatus::Stopped);
}

async fn take_lock(state: &AppState) -> Option<PgConnection> {
    let mut conn = state.pool.acquire().await.ok()?.detach();
    let locked: bool =
        sqlx::query_scalar("SELECT pg_try_advisory_lock(hashtext('charter.scheduler'))")
            .fetch_one(&mut conn)
            .await
            .ok()?;
    locked.then_some(conn)
}

/// One round of the scheduler: closes every vote past its closing time, marks revision
/// requests past their deadline, then removes leftovers: the keys and open-vote
/// reservations of closed votes (left by a crash between closing and cleaning up), and
/// those of votes whose opening never got its events written. One item that fails does
/// not hold up the others; the first failure is reported. The commands it gives record
/// `request_id`, which names the round.
pub async fn run_once(state: &AppState, request_id: Option<String>) -> Result<(), ApiError> {
    let context = |reason| CommandContext::of(Actor::system(reason), request_id.clone());
    let mut first_failure = None;
    let now = state.clock.now();
    for vote in vote_register::due_for_closing(&state.pool, now).await? {
        match votes::close(state, &context("closing time"), VoteId(vote)).await {
            Ok(_) => tracing::info!(%vote, "vote closed at its closing time"),
            // Closed meanwhile by the secretariat: the read model had not caught up.
            Err(ApiError::Refused {
                code: "vote-closed",
                ..
            }) => {}
            Err(error) => {
                tracing::error!(%vote, %error, "vote could not be closed; trying the others");
                first_failure.get_or_insert(error);
            }
        }
    }
    for (application, request) in
        application_summary::revisions_past_deadline(&state.pool, now).await?
    {
        let command = ApplicationCommand::MarkRevisionOverdue {
            request: u32::try_from(request).unwrap_or_default(),
        };
        match state
            .run(
                &state.applications,
                &context("deadline"),
                &application.to_string(),
                command,
                None,
            )
            .await
        {
            Ok(_) => tracing::info!(%application, request, "revision request marked overdue"),
            // Answered or closed meanwhile: the read model had not caught up.
            Err(ApiError::Refused { .. }) => {}
            Err(error) => {
                tracing::error!(%application, request, %error, "could not mark a revision overdue");
                first_failure.get_or_insert(error);
            }
        }
    }
    charter_store::keys::vote_keys::release_closed(&state.pool).await?;
    // Due after a closed vote or an erasure whose own rotation did not finish.
    charter_store::keys::rotation::rotate_if_due(&state.pool)
        .await
        .map_err(sqlx::Error::from)?;
    crate::http::idempotency::forget_old(&state.pool).await?;
    crate::pages::forget_expired(&state.pool).await?;
    let reminded =
        charter_notifications::reminders::send_due(&state.pool, &state.writing, &state.policy, now)
            .await?;
    if reminded > 0 {
        tracing::info!(reminded, "reminders put in the outbox");
    }
    first_failure.map_or(Ok(()), Err)
}
