//! The projector: a durable, checkpointed subscription to all events in the global order.

use crate::event::{StoredEvent, COLUMNS};
use crate::projection::{claim, Claim, Projection, ProjectionError};
use sqlx::postgres::{PgListener, PgPool};
use sqlx::{Connection, PgConnection};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// The channel the `events` insert trigger notifies.
pub const EVENTS_CHANNEL: &str = "charter_events";

/// How a projector paces itself.
#[derive(Debug, Clone)]
pub struct ProjectorSettings {
    /// Events applied per transaction.
    pub batch_size: i64,
    /// How long to sleep with nothing to do when no notification arrives (the fallback).
    pub idle_poll: Duration,
    /// How soon to look again when events exist that a still-open transaction hides.
    pub blocked_poll: Duration,
    /// How long to wait after a failure before trying the same event again.
    pub retry_after_error: Duration,
}

impl Default for ProjectorSettings {
    fn default() -> Self {
        Self {
            batch_size: 500,
            idle_poll: Duration::from_millis(500),
            blocked_poll: Duration::from_millis(5),
            retry_after_error: Duration::from_secs(1),
        }
    }
}

/// What a projector is doing, for `/readyz` and the logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectorStatus {
    Starting,
    /// Another instance holds this projection's lock; this one waits to take over.
    Standby,
    Running,
    /// The last attempt failed; the projector retries the same event.
    Failing(String),
    Stopped,
}

/// One batch's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Events read (and applied, or recognised as replays) in this batch.
    pub read: usize,
    /// Nothing was readable, but later events exist behind a transaction still open.
    pub blocked: bool,
}

/// Feeds one projection from the event store.
#[derive(Clone)]
pub struct Projector {
    pool: PgPool,
    projection: Arc<dyn Projection>,
    settings: ProjectorSettings,
    advanced: watch::Sender<u64>,
    status: watch::Sender<ProjectorStatus>,
}

impl std::fmt::Debug for Projector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Projector")
            .field("projection", &self.projection.name())
            .field("settings", &self.settings)
            .finish()
    }
}

impl Projector {
    /// A projector for `projection`. `advanced` is bumped after every committed batch, so
    /// readers waiting for a position wake at once.
    pub fn new(
        pool: PgPool,
        projection: Arc<dyn Projection>,
        settings: ProjectorSettings,
        advanced: watch::Sender<u64>,
    ) -> Self {
        Self {
            pool,
            projection,
            settings,
            advanced,
            status: watch::Sender::new(ProjectorStatus::Starting),
        }
    }

    /// The projection's name.
    pub fn name(&self) -> &'static str {
        self.projection.name()
    }

    /// Follows the projector's status.
    pub fn status(&self) -> watch::Receiver<ProjectorStatus> {
        self.status.subscribe()
    }

    /// Applies one batch of events after the checkpoint, and moves the checkpoint, in one
    /// transaction.
    pub async fn step(&self) -> Result<Step, ProjectionError> {
        let mut tx = self.pool.begin().await?;
        let step = self.advance(&mut tx, None).await?;
        if step.read == 0 {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
            self.advanced.send_modify(|n| *n = n.wrapping_add(1));
        }
        Ok(step)
    }

    /// Applies one batch of events after the checkpoint and moves the checkpoint, inside
    /// the caller's transaction `tx`.
    ///
    /// Without `until`, only events below the snapshot's xmin are read, so a transaction
    /// still open is waited for rather than skipped. With `until`, events up to and
    /// including that `(tx_id, global_position)` are read: the caller vouches that every
    /// transaction up to it has finished (it is a checkpoint some projector reached).
    pub(crate) async fn advance(
        &self,
        tx: &mut PgConnection,
        until: Option<(i64, i64)>,
    ) -> Result<Step, ProjectionError> {
        let name = self.projection.name();
        sqlx::query(
            "INSERT INTO projection_checkpoints (projection) VALUES ($1) ON CONFLICT DO NOTHING",
        )
        .bind(name)
        .execute(&mut *tx)
        .await?;
        // The row lock makes a second projector of the same name (which the advisory lock
        // should already prevent) wait for this batch instead of applying it again.
        let (after_tx, after_position): (i64, i64) = sqlx::query_as(
            "SELECT tx_id::text::bigint, global_position FROM projection_checkpoints
             WHERE projection = $1 FOR UPDATE",
        )
        .bind(name)
        .fetch_one(&mut *tx)
        .await?;
        let rows = match until {
            None => {
                sqlx::query(&format!(
                    "SELECT {COLUMNS} FROM events
                     WHERE (tx_id, global_position) > ($1::bigint::text::xid8, $2)
                       AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
                     ORDER BY tx_id, global_position
                     LIMIT $3"
                ))
                .bind(after_tx)
                .bind(after_position)
                .bind(self.settings.batch_size)
                .fetch_all(&mut *tx)
                .await?
            }
            Some((until_tx, until_position)) => {
                sqlx::query(&format!(
                    "SELECT {COLUMNS} FROM events
                     WHERE (tx_id, global_position) > ($1::bigint::text::xid8, $2)
                       AND (tx_id, global_position) <= ($4::bigint::text::xid8, $5)
                     ORDER BY tx_id, global_position
                     LIMIT $3"
                ))
                .bind(after_tx)
                .bind(after_position)
                .bind(self.settings.batch_size)
                .bind(until_tx)
                .bind(until_position)
                .fetch_all(&mut *tx)
                .await?
            }
        };
        let Some(last) = rows.last() else {
            let blocked = match until {
                Some(_) => false,
                None => {
                    sqlx::query_scalar(
                        "SELECT EXISTS (SELECT 1 FROM events
                         WHERE (tx_id, global_position) > ($1::bigint::text::xid8, $2))",
                    )
                    .bind(after_tx)
                    .bind(after_position)
                    .fetch_one(&mut *tx)
                    .await?
                }
            };
            return Ok(Step { read: 0, blocked });
        };
        let last = StoredEvent::from_row(last)?;
        let mut events = rows
            .iter()
            .map(StoredEvent::from_row)
            .collect::<Result<Vec<_>, _>>()?;
        // Only the events this read model follows are opened and applied: the others would
        // cost a key look-up and decryption each, to be passed over.
        events.retain(|event| self.projection.handles(&event.aggregate_type));
        // Personal data is opened with the keys as they are now: what an erasure destroyed
        // reads as erased, in a rebuild as in live reading.
        crate::personal_data::open_events(&mut *tx, &mut events).await?;
        for event in &events {
            self.apply(&mut *tx, event).await?;
        }
        sqlx::query(
            "UPDATE projection_checkpoints
             SET tx_id = $2::bigint::text::xid8, global_position = $3,
                 events_applied = events_applied + $4, updated_at = now()
             WHERE projection = $1",
        )
        .bind(name)
        .bind(last.tx_id)
        .bind(last.global_position)
        .bind(i64::try_from(rows.len()).unwrap_or(i64::MAX))
        .execute(&mut *tx)
        .await?;
        Ok(Step {
            read: rows.len(),
            blocked: false,
        })
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        if !self.projection.handles(&event.aggregate_type) {
            return Ok(());
        }
        match claim(conn, self.projection.name(), event).await? {
            Claim::Apply => self.projection.apply(conn, event).await,
            Claim::AlreadyApplied => Ok(()),
        }
    }

    /// Applies batches until no event is left after the checkpoint; returns how many were
    /// read. Events hidden behind a transaction still open anywhere on the server (the
    /// snapshot's xmin is cluster-wide) are waited for, up to `stall_limit` without
    /// progress.
    pub async fn catch_up(&self) -> Result<usize, ProjectionError> {
        let stall_limit = Duration::from_secs(30);
        let mut total = 0;
        let mut stalled_since: Option<tokio::time::Instant> = None;
        loop {
            let step = self.step().await?;
            total += step.read;
            if step.read > 0 {
                stalled_since = None;
                continue;
            }
            if !step.blocked {
                return Ok(total);
            }
            let since = *stalled_since.get_or_insert_with(tokio::time::Instant::now);
            if since.elapsed() > stall_limit {
                return Err(ProjectionError::Stalled {
                    waited: since.elapsed(),
                });
            }
            tokio::time::sleep(self.settings.blocked_poll).await;
        }
    }

    /// Runs until `shutdown`: takes the projection's advisory lock (so that, of several
    /// instances, one projects and the others stand by), then follows the event store,
    /// woken by `wake` and polling as the fallback.
    pub async fn run(self, mut wake: watch::Receiver<u64>, shutdown: CancellationToken) {
        let name = self.projection.name();
        while !shutdown.is_cancelled() {
            let lock = match self.lock().await {
                Ok(Some(lock)) => lock,
                Ok(None) => {
                    self.status.send_replace(ProjectorStatus::Standby);
                    sleep_or_cancel(self.settings.idle_poll, &shutdown).await;
                    continue;
                }
                Err(error) => {
                    self.fail(&error.into());
                    sleep_or_cancel(self.settings.retry_after_error, &shutdown).await;
                    continue;
                }
            };
            tracing::info!(projection = name, "projector holds its lock and runs");
            self.status.send_replace(ProjectorStatus::Running);
            self.follow(lock, &mut wake, &shutdown).await;
        }
        self.status.send_replace(ProjectorStatus::Stopped);
        tracing::info!(projection = name, "projector stopped");
    }

    /// Applies batches while the lock's connection lives.
    async fn follow(
        &self,
        mut lock: PgConnection,
        wake: &mut watch::Receiver<u64>,
        shutdown: &CancellationToken,
    ) {
        loop {
            if shutdown.is_cancelled() {
                return;
            }
            let pause = match self.step().await {
                Ok(step) if step.read > 0 => {
                    self.status.send_if_modified(|status| {
                        let changed = *status != ProjectorStatus::Running;
                        *status = ProjectorStatus::Running;
                        changed
                    });
                    continue;
                }
                Ok(step) if step.blocked => self.settings.blocked_poll,
                Ok(_) => {
                    // Idle: make sure the lock is still held before waiting.
                    if lock.ping().await.is_err() {
                        tracing::warn!(
                            projection = self.name(),
                            "lost the projector lock's connection"
                        );
                        return;
                    }
                    self.settings.idle_poll
                }
                Err(error) => {
                    self.fail(&error);
                    self.settings.retry_after_error
                }
            };
            tokio::select! {
                woken = wake.changed() => {
                    // Nobody notifies any more: poll alone.
                    if woken.is_err() {
                        sleep_or_cancel(pause, shutdown).await;
                    }
                }
                _ = tokio::time::sleep(pause) => {}
                _ = shutdown.cancelled() => return,
            }
        }
    }

    fn fail(&self, error: &ProjectionError) {
        tracing::error!(projection = self.name(), %error, "projector failed; it will retry the same event");
        self.status
            .send_replace(ProjectorStatus::Failing(error.to_string()));
    }

    /// A connection holding this projection's session advisory lock, if it was free. The
    /// connection is detached from the pool, so dropping it closes it and frees the lock.
    async fn lock(&self) -> Result<Option<PgConnection>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?.detach();
        let locked: bool =
            sqlx::query_scalar("SELECT pg_try_advisory_lock(hashtext('charter.projector.' || $1))")
                .bind(self.projection.name())
                .fetch_one(&mut conn)
                .await?;
        Ok(locked.then_some(conn))
    }
}

/// Events projection `name` has not applied yet, and the age in seconds of the oldest of
/// them.
pub async fn lag(pool: &PgPool, name: &str) -> Result<(i64, f64), sqlx::Error> {
    sqlx::query_as(
        "WITH c AS (
             SELECT coalesce((SELECT tx_id FROM projection_checkpoints WHERE projection = $1), '0') AS tx_id,
                    coalesce((SELECT global_position FROM projection_checkpoints WHERE projection = $1), 0) AS position)
         SELECT count(e.*), coalesce(extract(epoch FROM now() - min(e.recorded_at))::float8, 0)
         FROM events e, c
         WHERE (e.tx_id, e.global_position) > (c.tx_id, c.position)",
    )
    .bind(name)
    .fetch_one(pool)
    .await
}

async fn sleep_or_cancel(duration: Duration, shutdown: &CancellationToken) {
    tokio::select! {
        _ = tokio::time::sleep(duration) => {}
        _ = shutdown.cancelled() => {}
    }
}

/// Listens for `charter_events` notifications and bumps `wake` for each, until
/// `shutdown`. A lost connection is re-established; the projectors' polling covers the gap.
pub async fn listen_for_events(
    pool: PgPool,
    wake: watch::Sender<u64>,
    shutdown: CancellationToken,
) {
    while !shutdown.is_cancelled() {
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(listener) => listener,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for new events; projectors poll meanwhile");
                sleep_or_cancel(Duration::from_secs(1), &shutdown).await;
                continue;
            }
        };
        if let Err(error) = listener.listen(EVENTS_CHANNEL).await {
            tracing::warn!(%error, "cannot listen for new events; projectors poll meanwhile");
            sleep_or_cancel(Duration::from_secs(1), &shutdown).await;
            continue;
        }
        loop {
            tokio::select! {
                received = listener.try_recv() => match received {
                    Ok(Some(_)) => wake.send_modify(|n| *n = n.wrapping_add(1)),
                    // The connection dropped: anything sent meanwhile is lost, so wake
                    // everyone once and reconnect.
                    Ok(None) => wake.send_modify(|n| *n = n.wrapping_add(1)),
                    Err(error) => {
                        tracing::warn!(%error, "event listener failed; reconnecting");
                        break;
                    }
                },
                _ = shutdown.cancelled() => return,
            }
        }
    }
}
