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

use crate::projection::{Projection, ProjectionError};
use crate::projector::{Projector, ProjectorSettings};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Connection, PgConnection};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;

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
    /// Takes the rebuild lock of `projection` and creates empty copies of its tables.
    /// A copy left by an earlier rebuild that did not finish is dropped first.
    pub async fn prepare(
        pool: &PgPool,
        projection: Arc<dyn Projection>,
        batch_size: i64,
    ) -> Result<Self, RebuildError> {
        let name = projection.name();
        Self::prepare_group(pool, name, vec![projection], batch_size).await
    }

    /// Like [`Rebuild::prepare`] for several projections rebuilt in one pass over the
    /// events (one projector group, see [`Projector::group`]) and switched in together,
    /// with their copies in `charter_rebuild_<name>`.
    pub async fn prepare_group(
        pool: &PgPool,
        name: &'static str,
        projections: Vec<Arc<dyn Projection>>,
        batch_size: i64,
    ) -> Result<Self, RebuildError> {
        let names: Vec<&'static str> = projections.iter().map(|p| p.name()).collect();
        for name in std::iter::once(name).chain(names.iter().copied()) {
            if name.is_empty()
                || name.len() > 40
                || !name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            {
                return Err(RebuildError::UnusableName(name));
            }
        }
        let mut tables: Vec<&'static str> = Vec::new();
        for projection in &projections {
            for table in projection.tables() {
                if !tables.contains(table) {
                    tables.push(table);
                }
            }
        }
        // One lock per projection, so that a rebuild of one of them alone waits too.
        let mut lock = pool.acquire().await?.detach();
        for projection in &names {
            let locked: bool = sqlx::query_scalar(
                "SELECT pg_try_advisory_lock(hashtext('charter.rebuild.' || $1))",
            )
            .bind(projection)
            .fetch_one(&mut lock)
            .await?;
            if !locked {
                return Err(RebuildError::Busy(projection));
            }
        }
        let shadow = format!("charter_rebuild_{name}");
        let retired = format!("charter_retired_{name}");
        let mut tx = pool.begin().await?;
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {shadow} CASCADE"))
            .execute(&mut *tx)
            .await?;
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {retired} CASCADE"))
            .execute(&mut *tx)
            .await?;
        sqlx::query(&format!("CREATE SCHEMA {shadow}"))
            .execute(&mut *tx)
            .await?;
        for bookkeeping in BOOKKEEPING {
            sqlx::query(&format!(
                "CREATE TABLE {shadow}.{bookkeeping} (LIKE public.{bookkeeping} INCLUDING ALL)"
            ))
            .execute(&mut *tx)
            .await?;
        }
        for table in &tables {
            copy_table(&mut tx, table, &shadow).await?;
        }
        let total: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;

        // The copy's own connections find the copies first and everything else (the
        // events) in public: the lanes apply a batch while another reads the next.
        let options = (*pool.connect_options())
            .clone()
            .options([("search_path", format!("{shadow},public"))]);
        let lanes = REBUILD_LANES.min(projections.len()).max(1);
        let shadow_pool = PgPoolOptions::new()
            .max_connections(u32::try_from(lanes + 1).unwrap_or(u32::MAX))
            .connect_with(options)
            .await?;
        let projector = Projector::group(
            shadow_pool.clone(),
            projections,
            ProjectorSettings {
                batch_size,
                read_ahead: true,
                lanes,
                ..ProjectorSettings::default()
            },
            watch::Sender::new(0),
        );
        Ok(Self {
            pool: pool.clone(),
            name,
            names,
            tables,
            shadow,
            retired,
            shadow_pool,
            projector,
            lock,
            started: Instant::now(),
            total: u64::try_from(total).unwrap_or(0),
            read: 0,
        })
    }

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

    /// Switches the live tables for the copy, then drops the old tables. Retried when the
    /// locks cannot be had in time (a long reader, a deadlock with one); the copy is
    /// dropped if the switch fails for good.
    pub async fn switch(mut self) -> Result<Progress, RebuildError> {
        // Statistics for the planner, gathered before the switch so it stays short.
        self.analyze_copy().await?;
        let mut attempt = 1;
        loop {
            match self.try_switch().await {
                Ok(()) => break,
                Err(RebuildError::Database(error))
                    if attempt < SWITCH_ATTEMPTS && lock_trouble(&error) =>
                {
                    tracing::warn!(projection = self.name, attempt, %error, "switch postponed");
                    attempt += 1;
                    let jitter = u64::from(std::process::id() % 7 + attempt) * 37 % 250;
                    tokio::time::sleep(Duration::from_millis(100 + jitter)).await;
                }
                Err(error) => {
                    if let Err(cleanup) = self.drop_copy().await {
                        tracing::warn!(%cleanup, "the rebuild's copy could not be dropped");
                    }
                    return Err(error);
                }
            }
        }
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.retired))
            .execute(&self.pool)
            .await?;
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.shadow))
            .execute(&self.pool)
            .await?;
        self.shadow_pool.close().await;
        self.unlock().await?;
        Ok(self.progress())
    }

    async fn try_switch(&mut self) -> Result<(), RebuildError> {
        let (names, shadow, retired) = (
            self.names.clone(),
            self.shadow.clone(),
            self.retired.clone(),
        );
        let mut conn = self.shadow_pool.acquire().await?;
        let mut tx = conn.begin().await?;
        // Each statement must see what committed before it (the bounded catch-up relies
        // on it), whatever the database's default isolation.
        sqlx::query("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            .execute(&mut *tx)
            .await?;
        sqlx::query(&format!("SET LOCAL lock_timeout = '{SWITCH_LOCK_TIMEOUT}'"))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO public.projection_checkpoints (projection)
             SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
        )
        .bind(&names)
        .execute(&mut *tx)
        .await?;
        // The live projector waits here until the switch commits, then carries on from
        // the copy's checkpoints on the new tables. (Locked in the order the projector
        // locks them.) The copy is brought up to the furthest of them.
        let checkpoints: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT tx_id::text::bigint, global_position FROM public.projection_checkpoints
             WHERE projection = ANY($1) ORDER BY projection FOR UPDATE",
        )
        .bind(&names)
        .fetch_all(&mut *tx)
        .await?;
        let live = checkpoints.into_iter().max().unwrap_or((0, 0));
        loop {
            let step = self.projector.advance(&mut tx, live).await?;
            if step.read == 0 {
                break;
            }
            self.read += step.read as u64;
        }
        let live_tables: Vec<String> = self
            .tables
            .iter()
            .map(|table| format!("public.{table}"))
            .collect();
        sqlx::query(&format!(
            "LOCK TABLE {} IN ACCESS EXCLUSIVE MODE",
            live_tables.join(", ")
        ))
        .execute(&mut *tx)
        .await?;
        // A migration that ran meanwhile would be undone by switching in the old shape.
        for table in &self.tables {
            if shape(&mut tx, "public", table).await? != shape(&mut tx, &shadow, table).await? {
                return Err(RebuildError::ShapeChanged {
                    table: (*table).to_owned(),
                });
            }
        }
        sqlx::query(&format!("CREATE SCHEMA {retired}"))
            .execute(&mut *tx)
            .await?;
        for table in &self.tables {
            sqlx::query(&format!("ALTER TABLE public.{table} SET SCHEMA {retired}"))
                .execute(&mut *tx)
                .await?;
            sqlx::query(&format!("ALTER TABLE {shadow}.{table} SET SCHEMA public"))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM public.projection_streams WHERE projection = ANY($1)")
            .bind(&names)
            .execute(&mut *tx)
            .await?;
        sqlx::query(&format!(
            "INSERT INTO public.projection_streams
             SELECT * FROM {shadow}.projection_streams WHERE projection = ANY($1)"
        ))
        .bind(&names)
        .execute(&mut *tx)
        .await?;
        sqlx::query(&format!(
            "UPDATE public.projection_checkpoints live
             SET tx_id = copy.tx_id, global_position = copy.global_position,
                 events_applied = copy.events_applied, updated_at = now()
             FROM {shadow}.projection_checkpoints copy
             WHERE live.projection = ANY($1) AND copy.projection = live.projection"
        ))
        .bind(&names)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
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

/// Whether `error` says the switch could not get its locks (a lock timeout or a deadlock
/// with a reader), which another attempt may not meet.
fn lock_trouble(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .and_then(|error| error.code())
        .is_some_and(|code| code == "55P03" || code == "40P01")
}

/// The columns of `schema.table` in order, with their types and nullability.
async fn shape(conn: &mut PgConnection, schema: &str, table: &str) -> Result<String, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT coalesce(string_agg(attname || ' ' || format_type(atttypid, atttypmod)
                                    || CASE WHEN attnotnull THEN ' not null' ELSE '' END,
                                    ', ' ORDER BY attnum), '')
         FROM pg_attribute
         WHERE attrelid = ($1 || '.' || $2)::regclass AND attnum > 0 AND NOT attisdropped",
    )
    .bind(schema)
    .bind(table)
    .fetch_one(conn)
    .await
}

/// Refuses a table tied to others in ways a copy would lose: foreign keys, triggers or
/// views (which the old table's drop would take with it).
async fn check_copyable(conn: &mut PgConnection, table: &str) -> Result<(), RebuildError> {
    let ties: Vec<String> = sqlx::query_scalar(
        "SELECT 'foreign key ' || conname FROM pg_constraint
         WHERE contype = 'f' AND (conrelid = $1::text::regclass OR confrelid = $1::text::regclass)
         UNION ALL
         SELECT 'trigger ' || tgname FROM pg_trigger
         WHERE tgrelid = $1::text::regclass AND NOT tgisinternal
         UNION ALL
         SELECT 'view ' || r.ev_class::regclass::text FROM pg_depend d
         JOIN pg_rewrite r ON r.oid = d.objid
         WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = $1::text::regclass
           AND r.ev_class <> $1::text::regclass",
    )
    .bind(format!("public.{table}"))
    .fetch_all(conn)
    .await?;
    match ties.into_iter().next() {
        None => Ok(()),
        Some(what) => Err(RebuildError::Uncopyable {
            table: table.to_owned(),
            what,
        }),
    }
}

/// Creates `shadow.table` like `public.table`, with its constraints and indexes under the
/// same names, so the table that is switched in is indistinguishable from one the
/// migrations made.
async fn copy_table(
    conn: &mut PgConnection,
    table: &str,
    shadow: &str,
) -> Result<(), RebuildError> {
    check_copyable(conn, table).await?;
    sqlx::query(&format!(
        "CREATE TABLE {shadow}.{table} (LIKE public.{table} INCLUDING ALL EXCLUDING INDEXES)"
    ))
    .execute(&mut *conn)
    .await?;
    let live = format!("public.{table}");
    let constraints: Vec<(String, String)> = sqlx::query_as(
        "SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint
         WHERE conrelid = $1::text::regclass AND contype IN ('p', 'u', 'x')
         ORDER BY conname",
    )
    .bind(&live)
    .fetch_all(&mut *conn)
    .await?;
    for (constraint, definition) in constraints {
        sqlx::query(&format!(
            "ALTER TABLE {shadow}.{table} ADD CONSTRAINT \"{constraint}\" {definition}"
        ))
        .execute(&mut *conn)
        .await?;
    }
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT index.relname::text, pg_get_indexdef(i.indexrelid)
         FROM pg_index i JOIN pg_class index ON index.oid = i.indexrelid
         WHERE i.indrelid = $1::text::regclass
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
         ORDER BY index.relname",
    )
    .bind(&live)
    .fetch_all(&mut *conn)
    .await?;
    for (index, definition) in indexes {
        let on_live = format!(" ON {live} ");
        if !definition.contains(&on_live) {
            return Err(RebuildError::UncopyableIndex {
                table: table.to_owned(),
                index,
                definition,
            });
        }
        let copy = definition.replacen(&on_live, &format!(" ON {shadow}.{table} "), 1);
        sqlx::query(&copy).execute(&mut *conn).await?;
    }
    Ok(())
}
