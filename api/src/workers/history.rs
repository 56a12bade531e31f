//! The history worker: appends the events written meanwhile to the Merkle tree every
//! `history_poll`, and every `checkpoint_interval` signs a checkpoint of it (when it grew),
//! kept in the database and written to the anchor directory. Of several server instances
//! only one runs it at a time (a session advisory lock, as the scheduler's); every writer
//! of the log also takes the log's own lock per batch (see `charter_store::history::log`),
//! so `charter audit checkpoint` can run beside it.

use crate::state::AppState;
use charter_projections::ProjectorStatus;
use charter_store::history::log::extend;
use charter_store::history::signing::{sign_checkpoint, Signing};
use sqlx::{Connection, PgConnection};
use tokio::sync::watch;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// Runs the worker until `shutdown` (only when the settings give a checkpoint interval).
pub async fn run(
    state: AppState,
    status: watch::Sender<ProjectorStatus>,
    shutdown: CancellationToken,
) {
    let Some(interval) = state.settings.checkpoint_interval else {
        return;
    };
    let mut lock: Option<PgConnection> = None;
    // Signs at the first round when the log grew since the last checkpoint.
    let mut last_signed: Option<Instant> = None;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(state.settings.history_poll) => {}
            _ = shutdown.cancelled() => break,
        }
        if let Some(conn) = lock.as_mut() {
            if conn.ping().await.is_err() {
                lock = None;
            }
        }
        if lock.is_none() {
            lock = take_lock(&state).await;
        }
        if lock.is_none() {
            status.send_replace(ProjectorStatus::Standby);
            continue;
        }
        let due = last_signed.is_none_or(|at| at.elapsed() >= interval);
        let outcome = round(&state, due).await;
        if due && outcome.is_ok() {
            last_signed = Some(Instant::now());
        }
        status.send_replace(match outcome {
            Ok(()) => ProjectorStatus::Running,
            Err(error) => {
                tracing::error!(%error, "the history worker failed; it tries again");
                ProjectorStatus::Failing(error.to_string())
            }
        });
    }
    status.send_replace(ProjectorStatus::Stopped);
}

/// Appends the events written meanwhile; signs a checkpoint if `sign` and the log grew.
async fn round(state: &AppState, sign: bool) -> anyhow::Result<()> {
    extend(&state.pool).await?;
    if sign {
        let key = state.checkpoint_key().await?;
        // The checkpoint's time is the real time, never a simulated clock's: it is set
        // against the times the database records.
        let signed = sign_checkpoint(
            &state.pool,
            &key,
            &state.settings.anchor_dir,
            chrono::Utc::now(),
            Signing::IfGrown,
        )
        .await?;
        if let Some(checkpoint) = signed {
            tracing::info!(tree_size = checkpoint.tree_size, root = %checkpoint.root_hash, "checkpoint signed");
        }
    }
    Ok(())
}

async fn take_lock(state: &AppState) -> Option<PgConnection> {
    let mut conn = state.pool.acquire().await.ok()?.detach();
    let locked: bool =
        sqlx::query_scalar("SELECT pg_try_advisory_lock(hashtext('charter.history.worker'))")
            .fetch_one(&mut conn)
            .await
            .ok()?;
    locked.then_some(conn)
}
