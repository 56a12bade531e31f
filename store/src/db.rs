//! The database: connecting (creating it when missing) and migrating.

use sqlx::migrate::{MigrateDatabase, Migrator};
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool, Postgres};

pub use crate::outage::{caused_by_unreachable, is_unreachable};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The migrations in `migrations/`, embedded at build time.
pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations");

/// Why the database could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("DATABASE_URL is not a PostgreSQL URL: {0}")]
    BadUrl(sqlx::Error),
    #[error(
        "cannot reach PostgreSQL at {host}:{port} ({cause}). Is it running? \
         Set DATABASE_URL (or --database-url) to a server you can reach."
    )]
    Unreachable {
        host: String,
        port: u16,
        cause: String,
    },
    #[error(
        "the database {name} does not exist: check DATABASE_URL (or --database-url) for a \
         typo, or create it with `charter migrate`"
    )]
    Missing { name: String },
    #[error("cannot create the database {name} ({cause})")]
    Create { name: String, cause: String },
    #[error("cannot apply migrations")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(
        "{0} migration(s) are not applied, and this role, which does not own the tables, \
         cannot apply them: run `charter migrate` as the tables' owner first"
    )]
    Pending(usize),
}

/// Connects to `url`, first creating its database if it does not exist.
pub async fn connect(url: &str, max_connections: u32) -> Result<PgPool, DatabaseError> {
    connect_creating(url, max_connections, true).await
}

/// Connects to `url`, whose database must exist: a command that only reads or amends a
/// store must not answer about an empty one made up by a typo in its URL.
pub async fn connect_existing(url: &str, max_connections: u32) -> Result<PgPool, DatabaseError> {
    connect_creating(url, max_connections, false).await
}

async fn connect_creating(
    url: &str,
    max_connections: u32,
    create: bool,
) -> Result<PgPool, DatabaseError> {
    let options = PgConnectOptions::from_str(url).map_err(DatabaseError::BadUrl)?;
    let unreachable = |error: sqlx::Error| DatabaseError::Unreachable {
        host: options.get_host().to_owned(),
        port: options.get_port(),
        cause: match error {
            sqlx::Error::Io(io) => io.to_string(),
            other => other.to_string(),
        },
    };
    let exists = Postgres::database_exists(url).await.map_err(unreachable)?;
    if !exists {
        let name = options.get_database().unwrap_or("postgres").to_owned();
        if !create {
            return Err(DatabaseError::Missing { name });
        }
        tracing::info!(database = %name, "creating the database");
        if let Err(error) = Postgres::create_database(url).await {
            // Another instance may have created it meanwhile.
            if !Postgres::database_exists(url).await.unwrap_or(false) {
                return Err(DatabaseError::Create {
                    name,
                    cause: error.to_string(),
                });
            }
        }
    }
    pool(options.clone(), max_connections)
        .await
        .map_err(unreachable)
}

/// A pool on `options`, checked with one connection.
pub async fn pool(options: PgConnectOptions, max_connections: u32) -> Result<PgPool, sqlx::Error> {
    pool_options(max_connections)
        .min_connections(1)
        .connect_with(with_logging(options))
        .await
}

/// A pool on `options` that opens its connections when first asked for them, on the
/// runtime of the task that asks: the projector's, on its thread (see
/// the server's projector thread).
pub fn lazy_pool(options: PgConnectOptions, max_connections: u32) -> PgPool {
    pool_options(max_connections).connect_lazy_with(with_logging(options))
}

fn with_logging(options: PgConnectOptions) -> PgConnectOptions {
    options
        .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500))
        .application_name("charter")
}

fn pool_options(max_connections: u32) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(5))
        // sqlx pings every connection it hands out by default: a round trip before every
        // statement run on the pool. Only a connection that has been idle a while is
        // checked (the server may have closed it meanwhile); a busy one fails, if it
        // must, on its statement.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for < CHECK_IF_IDLE_FOR {
                    return Ok(true);
                }
                Ok(conn.ping().await.is_ok())
            })
        })
}

/// How long a pooled connection may sit idle before it is checked when handed out.
const CHECK_IF_IDLE_FOR: Duration = Duration::from_secs(10);

/// The connection of a pool that did the last piece of some work, kept aside for the next
/// piece. A pool hands its idle connections out in turn, so work done one piece at a time
/// (a lone client's commands) would visit each of its server processes, each gone cold
/// (its memory out of the processor's caches) since its last turn: a lone append took
/// 0.25 to 0.3 ms longer on a pool of 20 than on a pool of 3. A connection kept idle for
/// [`KEEP_IDLE_FOR`] goes back to the pool, so that a small pool is not left short by
/// connections nobody uses; so does one out of the pool for [`KEEP_AT_MOST`], so that the
/// pool's own upkeep (its connections' maximum lifetime) reaches it.
#[derive(Debug, Clone)]
pub struct KeptConnection {
    pool: PgPool,
    kept: Arc<Mutex<Option<Kept>>>,
    /// Whether a task is on its way to hand an idle kept connection back.
    sweeping: Arc<AtomicBool>,
    idle_for: Duration,
    at_most: Duration,
}

/// A kept connection, and since when it is idle.
type Kept = (Taken, Instant);

/// How long a connection is kept for the next piece of work before it goes back to the
/// pool. Pieces further apart gain nothing from it.
pub const KEEP_IDLE_FOR: Duration = Duration::from_secs(1);

/// How long a connection may stay out of the pool, kept from one piece of work to the
/// next, before it goes back.
pub const KEEP_AT_MOST: Duration = Duration::from_secs(60);

/// A connection taken from a [`KeptConnection`], for [`KeptConnection::give_back`]. Dropped
/// instead, it goes back to the pool.
#[derive(Debug)]
pub struct Taken {
    conn: PoolConnection<Postgres>,
    /// When it left the pool.
    out_since: Instant,
}

impl std::ops::Deref for Taken {
    type Target = PgConnection;

    fn deref(&self) -> &PgConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for Taken {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.conn
    }
}

impl KeptConnection {
    /// Keeps a connection of `pool` (none until the first is given back), for at most
    /// [`KEEP_IDLE_FOR`] idle and [`KEEP_AT_MOST`] in all.
    pub fn new(pool: PgPool) -> Self {
        Self::with_limits(pool, KEEP_IDLE_FOR, KEEP_AT_MOST)
    }

    /// Keeps a connection of `pool` for at most `idle_for` idle and `at_most` in all.
    pub fn with_limits(pool: PgPool, idle_for: Duration, at_most: Duration) -> Self {
        Self {
            pool,
            kept: Arc::default(),
            sweeping: Arc::default(),
            idle_for,
            at_most,
        }
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<Kept>> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The kept connection, or one of the pool when none is kept (another piece of work
    /// has it, or it went back to the pool).
    pub async fn take(&self) -> Result<Taken, sqlx::Error> {
        let kept = self.slot().take();
        if let Some((taken, idle_since)) = kept {
            if idle_since.elapsed() < self.idle_for && taken.out_since.elapsed() < self.at_most {
                return Ok(taken);
            }
            // Overdue (its sweep is late, or it is out long enough): back to the pool,
            // which checks a connection that sat idle long before it hands it out.
            drop(taken);
        }
        Ok(Taken {
            conn: self.pool.acquire().await?,
            out_since: Instant::now(),
        })
    }

    /// Keeps `taken` for the next piece of work, after a statement that succeeded or that
    /// the database refused (the connection is fine). After any other failure it is
    /// closed: it may be broken, or in the middle of a reply. When one is kept already
    /// (two pieces ran at once), or it has been out of the pool long enough, it goes back
    /// to the pool.
    pub fn give_back(&self, mut taken: Taken, outcome: Result<(), &sqlx::Error>) {
        let fine = match outcome {
            Ok(()) => true,
            Err(error) => matches!(error, sqlx::Error::Database(_)) && !is_unreachable(error),
        };
        if !fine {
            taken.conn.close_on_drop();
            return;
        }
        if taken.out_since.elapsed() >= self.at_most {
            return;
        }
        {
            let mut slot = self.slot();
            if slot.is_none() {
                *slot = Some((taken, Instant::now()));
            }
        }
        self.sweep();
    }

    /// Starts the task that hands the kept connection back to the pool once it has been
    /// idle for its time, unless one runs. It runs while connections are kept.
    fn sweep(&self) {
        if self.sweeping.swap(true, Ordering::AcqRel) {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            self.sweeping.store(false, Ordering::Release);
            return;
        };
        let this = self.clone();
        runtime.spawn(async move {
            loop {
                let mut overdue = None;
                let wait = {
                    let mut slot = this.slot();
                    match slot.as_ref().map(|(_, since)| since.elapsed()) {
                        Some(idle_for) if idle_for < this.idle_for => {
                            Some(this.idle_for - idle_for)
                        }
                        _ => {
                            overdue = slot.take();
                            None
                        }
                    }
                };
                // Back to the pool, outside the lock.
                drop(overdue);
                if let Some(wait) = wait {
                    tokio::time::sleep(wait).await;
                    continue;
                }
                this.sweeping.store(false, Ordering::Release);
                // One kept meanwhile, by a piece of work that saw this task still running,
                // is this task's to hand back, unless another has started.
                if this.slot().is_none() || this.sweeping.swap(true, Ordering::AcqRel) {
                    return;
                }
            }
        });
    }
}

/// Applies every pending migration. Safe with several instances: sqlx takes a lock.
pub async fn migrate(pool: &PgPool) -> Result<(), DatabaseError> {
    let execute = sqlx::migrate::MigrateError::Execute;
    // A server that runs as a serving role (see `crate::roles`) cannot migrate: it only
    // checks that the owner has.
    let serving: bool = sqlx::query_scalar(
        "SELECT coalesce(bool_or(tableowner <> current_user), false)
                AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
         FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'events'",
    )
    .fetch_one(pool)
    .await
    .map_err(execute)?;
    if serving {
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                .fetch_all(pool)
                .await
                .map_err(execute)?;
        let pending = MIGRATOR
            .iter()
            .filter(|migration| !applied.contains(&migration.version))
            .count();
        if pending > 0 {
            return Err(DatabaseError::Pending(pending));
        }
        return Ok(());
    }
    MIGRATOR.run(pool).await?;
    // The serving roles get their rights on the tables a migration added.
    crate::roles::regrant(pool).await.map_err(execute)?;
    Ok(())
}
