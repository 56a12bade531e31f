//! Rebuilding a read model from the first event beside the live one, then switching.
//!
//! The live tables keep serving (and keep being fed by the server's projector) while a
//! copy is built in a schema of its own, `charter_rebuild_<name>`, whose tables have the
//! same names, columns, constraints and indexes. The rebuilding connection puts that schema
//! first on its `search_path`, so the projection's own SQL, unchanged, writes the copy,
//! together with a copy of the checkpoint and stream guards.
//!
//! The switch is one transaction: it locks the live checkpoint (the live projector waits),
//! brings the copy up to at least that checkpoint (so no reader sees the model go back in
//! time), locks the live tables, moves them aside and moves the copies in, and carries the
//! copy's checkpoint and stream guards over. Readers wait for the lock for as long as the
//! switch takes (milliseconds: moving a table to another schema copies nothing) and then
//! read the new tables; nobody ever sees a half-built one.
//!
//! `copy.rs` prepares the copy, [`Rebuild::catch_up`] fills it, `switch.rs` moves it in;
//! `due.rs` carries out the rebuilds migrations ask for.

mod copy;
mod due;
mod switch;

pub use due::{rebuild_due, rebuilds_due, DueRebuild, DEFAULT_BATCH_SIZE};

use crate::engine::projection::{Projection, ProjectionError};
use crate::engine::projector::Projector;
use chrono::{DateTime, Utc};
use sqlx::postgres::PgPool;
use sqlx::PgConnection;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Why a rebuild stopped.
#[derive(Debug, thiserror::Error)]
pub enum RebuildError {
    #[error("a rebuild of {0} is already running")]
    Busy(&'static str),
    #[error("{0} is not a name a rebuild can use")]
    UnusableName(&'static str),
    #[error("{table} has {what}, which a rebuild cannot carry over to the copy")]
    Uncopyable { table: String, what: String },
    #[error(
        "{table} changed shape while the rebuild ran (a migration?): rebuild again to pick \
         up the new shape"
    )]
    ShapeChanged { table: String },
    #[error("the definition of index {index} on {table} cannot be copied: {definition}")]
    UncopyableIndex {
        table: String,
        index: String,
        definition: String,
    },
    #[error(
        "no progress for {0:?}: a transaction left open on the database server hides newer \
         events"
    )]
    Stalled(Duration),
    #[error(transparent)]
    Projection(#[from] ProjectionError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// How far a rebuild has come.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Events read from the store (of every type; the projection skips those it does not
    /// handle).
    pub read: u64,
    /// Events in the store when the rebuild started.
    pub total: u64,
    pub elapsed: Duration,
}

impl Progress {
    /// The share done, in percent (at most 100: events written during the rebuild are
    /// read too).
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            return 100.0;
        }
        (self.read as f64 / self.total as f64 * 100.0).min(100.0)
    }

    /// Events read per second so far.
    pub fn rate(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.read as f64 / seconds
        } else {
            0.0
        }
    }
}

/// A rebuild under way: the copy exists and can be brought up to date, then switched in.
pub struct Rebuild {
    pool: PgPool,
    /// The projection's name, or `read_models` for several rebuilt together.
    name: &'static str,
    /// The projections rebuilt.
    names: Vec<&'static str>,
    tables: Vec<&'static str>,
    shadow: String,
    retired: String,
    shadow_pool: PgPool,
    projector: Projector,
    /// Holds the rebuild's advisory lock for as long as it lives.
    lock: PgConnection,
    started: Instant,
    /// The database's time when the copy was prepared: the rebuilds migrations asked for
    /// before it are carried out by this one (see `due.rs`).
    prepared_at: DateTime<Utc>,
    total: u64,
    read: u64,
}

impl std::fmt::Debug for Rebuild {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rebuild")
            .field("projections", &self.names)
            .field("shadow", &self.shadow)
            .field("read", &self.read)
            .finish()
    }
}

/// The projector's own tables, copied beside the read models' so that the copy keeps its
/// checkpoints and stream guards apart from the live ones.
const BOOKKEEPING: [&str; 2] = ["projection_checkpoints", "projection_streams"];

/// Into how many lanes a rebuild of several read models shares them out (see
/// [`ProjectorSettings::lanes`]): two keep both cores of the machine it was measured on
/// busy, one applying a batch while the other's transaction waits on the database.
///
/// [`ProjectorSettings::lanes`]: crate::ProjectorSettings::lanes
const REBUILD_LANES: usize = 2;

/// After how many events read the copy's statistics are first gathered; then each time
/// the events read have grown [`ANALYZE_GROWTH`]-fold. The first look is what matters:
/// from then on the planner knows the tables for big and scales its estimates by their
/// size on disk. (An `ANALYZE` of a table of a million rows takes 0.1 s.)
const FIRST_ANALYZE: u64 = 5_000;
const ANALYZE_GROWTH: u64 = 10;

/// How many times the switch is tried when it cannot get its locks in time.
const SWITCH_ATTEMPTS: u32 = 25;

/// How long the switch waits for a lock before giving way and trying again: while it
/// waits, new readers of the table queue behind it, so it must not wait long.
const SWITCH_LOCK_TIMEOUT: &str = "200ms";

impl Rebuild {
    /// The projection being rebuilt (the group's name for several).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The projections being rebuilt.
    pub fn names(&self) -> &[&'static str] {
        &self.names
    }

    /// How far the copy has come.
    pub fn progress(&self) -> Progress {
        Progress {
            read: self.read,
            total: self.total,
            elapsed: self.started.elapsed(),
        }
    }

    /// Applies every event to the copy, reporting after each batch. Events written
    /// meanwhile are read too; a transaction still open is waited for (up to 30 s
    /// without progress).
    pub async fn catch_up(
        &mut self,
        mut report: impl FnMut(Progress),
    ) -> Result<Progress, RebuildError> {
        let stall_limit = Duration::from_secs(30);
        let mut stalled_since: Option<Instant> = None;
        let mut analyze_at = FIRST_ANALYZE;
        loop {
            let step = self.projector.step().await?;
            self.read += step.read as u64;
            if step.read > 0 {
                stalled_since = None;
                if self.read >= analyze_at {
                    self.analyze_copy().await?;
                    analyze_at = self.read.saturating_mul(ANALYZE_GROWTH);
                }
                report(self.progress());
                continue;
            }
            if !step.blocked {
                return Ok(self.progress());
            }
            let since = *stalled_since.get_or_insert_with(Instant::now);
            if since.elapsed() > stall_limit {
                return Err(RebuildError::Stalled(since.elapsed()));
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Gathers the planner's statistics on the copy's tables. The copies start empty and
    /// autovacuum comes by only once a minute: without statistics the planner takes
    /// them for small, and joins a batch's few keys to a whole table by hashing it rather
    /// than by its primary key, a cost that grows with every batch.
    async fn analyze_copy(&self) -> Result<(), sqlx::Error> {
        for table in self.tables.iter().chain(&BOOKKEEPING) {
            sqlx::query(&format!("ANALYZE {}.{table}", self.shadow))
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Gives the rebuild up and drops the copy; the live tables are untouched.
    pub async fn abandon(mut self) -> Result<(), RebuildError> {
        self.drop_copy().await
    }

    async fn drop_copy(&mut self) -> Result<(), RebuildError> {
        self.shadow_pool.close().await;
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.shadow))
            .execute(&self.pool)
            .await?;
        self.unlock().await
    }

    /// Frees the rebuild lock at once (closing its connection would too, a moment later).
    async fn unlock(&mut self) -> Result<(), RebuildError> {
        sqlx::query(
            "SELECT pg_advisory_unlock(hashtext('charter.rebuild.' || name))
             FROM unnest($1::text[]) AS name",
        )
        .bind(&self.names)
        .execute(&mut self.lock)
        .await?;
        Ok(())
    }

    /// Prepares, catches up and switches in one go, reporting progress after each batch;
    /// the copy is dropped if anything fails.
    pub async fn run(
        pool: &PgPool,
        projection: Arc<dyn Projection>,
        batch_size: i64,
        report: impl FnMut(Progress),
    ) -> Result<Progress, RebuildError> {
        let name = projection.name();
        Self::run_group(pool, name, vec![projection], batch_size, report).await
    }

    /// Like [`Rebuild::run`] for several projections in one pass (see
    /// [`Rebuild::prepare_group`]).
    pub async fn run_group(
        pool: &PgPool,
        name: &'static str,
        projections: Vec<Arc<dyn Projection>>,
        batch_size: i64,
        report: impl FnMut(Progress),
    ) -> Result<Progress, RebuildError> {
        let mut rebuild = Self::prepare_group(pool, name, projections, batch_size).await?;
        if let Err(error) = rebuild.catch_up(report).await {
            if let Err(cleanup) = rebuild.abandon().await {
                tracing::warn!(%cleanup, "the rebuild's copy could not be dropped");
            }
            return Err(error);
        }
        rebuild.switch().await
    }
}
