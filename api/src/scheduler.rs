//! The background scheduler: closes votes whose closing time has passed, and destroys the
//! keys of closed votes left behind by a crash between closing and destroying. Of several
//! server instances only one runs it at a time (a session advisory lock); if that
//! instance dies, another takes over.

use crate::committee;
use crate::error::ApiError;
use crate::request_id;
use crate::state::AppState;
use charter_domain::{Actor, VoteId};
use charter_projections::vote_register;
use charter_projections::ProjectorStatus;
use sqlx::{Connection, PgConnection};
use std::time::Duration;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// The scheduler's name, for `/readyz`.
pub const NAME: &str = "scheduler";

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
        let outcome = request_id::with(format!("scheduler-{tick}"), run_once(&state)).await;
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

/// Closes every vote past its closing time, then destroys leftover keys.
pub async fn run_once(state: &AppState) -> Result<(), ApiError> {
    let due = vote_register::due_for_closing(&state.pool, state.clock.now()).await?;
    for vote in due {
        match committee::close(state, Actor::system("closing time"), VoteId(vote)).await {
            Ok(_) => tracing::info!(%vote, "vote closed at its closing time"),
            // Closed meanwhile by the secretariat: the read model had not caught up.
            Err(ApiError::Refused {
                code: "vote-closed",
                ..
            }) => {}
            Err(error) => return Err(error),
        }
    }
    sqlx::query(
        "DELETE FROM vote_keys k USING votes v WHERE v.vote_id = k.vote_id AND v.closed_at IS NOT NULL",
    )
    .execute(&state.pool)
    .await?;
    Ok(())
}
