//! The database: connecting (creating it when missing) and migrating.

use sqlx::migrate::{MigrateDatabase, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool, Postgres};
use std::str::FromStr;
use std::time::Duration;

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
    #[error("cannot create the database {name} ({cause})")]
    Create { name: String, cause: String },
    #[error("cannot apply migrations")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Connects to `url`, first creating its database if it does not exist.
pub async fn connect(url: &str, max_connections: u32) -> Result<PgPool, DatabaseError> {
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
/// [`crate::projector_thread`]).
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

/// Applies every pending migration. Safe with several instances: sqlx takes a lock.
pub async fn migrate(pool: &PgPool) -> Result<(), DatabaseError> {
    MIGRATOR.run(pool).await?;
    Ok(())
}
