//! This server instance's life as the database sees it. An instance takes an advisory lock
//! on a random number of its own, on a connection of its own, before it serves anyone, and
//! holds it while it runs. A process that dies, however it dies, closes that connection and
//! PostgreSQL drops the lock at once: whoever finds work an instance claimed (an
//! `Idempotency-Key` of a request it was running) can tell whether that instance still lives
//! without waiting for the claim to age.
//!
//! If the connection is lost while the instance lives (the database restarted), the lock is
//! taken again on a new one; meanwhile the instance looks dead, and a retry of one of its
//! requests may be let through: that request has lost its database too, and its claim's
//! events tell the retry whether it took effect.

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How often the holding connection is looked at.
const PING: Duration = Duration::from_secs(5);

/// The condition, in SQL, that the instance numbered by `column` lives.
pub fn alive(column: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM pg_locks
                 WHERE locktype = 'advisory' AND granted AND objsubid = 2
                   AND database = (SELECT oid FROM pg_database
                                   WHERE datname = current_database())
                   AND classid = hashtext('charter.instance')::oid
                   AND objid = ({column})::oid)"
    )
}

/// The lock that says this instance lives, and the connection that holds it.
pub struct InstanceLock {
    id: i32,
    options: PgConnectOptions,
    connection: PgConnection,
}

impl InstanceLock {
    /// Takes a lock on a new random number, on a new connection to `pool`'s database.
    pub async fn take(pool: &PgPool) -> Result<Self, sqlx::Error> {
        let options = (*pool.connect_options()).clone();
        let id = i32::from_be_bytes(
            uuid::Uuid::new_v4().as_bytes()[..4]
                .try_into()
                .expect("four bytes"),
        );
        let connection = lock(&options, id).await?;
        Ok(Self {
            id,
            options,
            connection,
        })
    }

    /// The instance's number.
    pub fn id(&self) -> i32 {
        self.id
    }

    /// Holds the lock until `shutdown`, taking it again on a new connection if this one
    /// is lost.
    pub async fn hold(mut self, shutdown: CancellationToken) {
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(PING) => {}
            }
            if self.connection.ping().await.is_ok() {
                continue;
            }
            tracing::warn!(
                "the connection that says this instance lives was lost; taking it again"
            );
            match lock(&self.options, self.id).await {
                Ok(connection) => self.connection = connection,
                Err(error) => tracing::warn!(%error, "the instance lock could not be taken again"),
            }
        }
        let _ = self.connection.close().await;
    }
}

impl std::fmt::Debug for InstanceLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InstanceLock")
            .field("id", &self.id)
            .finish()
    }
}

async fn lock(options: &PgConnectOptions, id: i32) -> Result<PgConnection, sqlx::Error> {
    let mut connection = options
        .clone()
        .application_name("charter-instance")
        .connect()
        .await?;
    sqlx::query("SELECT pg_advisory_lock(hashtext('charter.instance'), $1)")
        .bind(id)
        .execute(&mut connection)
        .await?;
    Ok(connection)
}
