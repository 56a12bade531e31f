//! Reads from a streaming replica: a hot standby replays the primary's WAL, read models and
//! their checkpoints included, so the replica's own checkpoints say how far the read models
//! it serves have got. A read that must show a position is served there only once the
//! replica's checkpoints of every read model it draws on have passed that position's
//! event; after a bounded wait it goes to the primary instead. A replica that cannot be
//! reached, or has not replayed the event at all yet, simply has not reached it.

use sqlx::PgPool;
use std::time::Duration;
use tokio::time::Instant;

/// A streaming replica and how long a read waits for it before it goes to the primary.
#[derive(Debug, Clone)]
pub struct Replica {
    pool: PgPool,
    wait: Duration,
}

impl Replica {
    /// How often a waiting read asks the replica again.
    pub const POLL: Duration = Duration::from_millis(5);

    /// The replica reached through `pool`, waited for at most `wait` by each read.
    pub fn new(pool: PgPool, wait: Duration) -> Self {
        Self { pool, wait }
    }

    /// The replica's connections.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Whether every one of `projections` on the replica has applied the event at
    /// `position`, waiting for it at most the replica's wait.
    pub async fn reached(&self, position: i64, projections: &[&str]) -> bool {
        let names: Vec<String> = projections.iter().map(|name| (*name).to_owned()).collect();
        let deadline = Instant::now() + self.wait;
        loop {
            match self.reached_now(position, &names).await {
                Ok(true) => return true,
                Ok(false) => {}
                Err(error) => {
                    tracing::warn!(%error, "the replica could not be asked; reading from the primary");
                    return false;
                }
            }
            if Instant::now() + Self::POLL > deadline {
                return false;
            }
            tokio::time::sleep(Self::POLL).await;
        }
    }

    async fn reached_now(&self, position: i64, names: &[String]) -> Result<bool, sqlx::Error> {
        let reached: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM events e, projection_checkpoints c
             WHERE e.global_position = $1 AND c.projection = ANY($2)
               AND (c.tx_id, c.global_position) >= (e.tx_id, e.global_position)",
        )
        .bind(position)
        .bind(names)
        .fetch_one(&self.pool)
        .await?;
        Ok(usize::try_from(reached).is_ok_and(|n| n >= names.len()))
    }
}
