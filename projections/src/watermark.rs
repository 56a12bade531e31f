//! Read-your-writes: waiting until the read models have applied a given event.

use sqlx::PgPool;
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::Instant;

/// Why a wait for a position ended without reaching it.
#[derive(Debug, thiserror::Error)]
pub enum WatermarkError {
    #[error("no event has position {0}")]
    UnknownPosition(i64),
    #[error("the read models did not reach position {0} in time")]
    TimedOut(i64),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Tells whether, and waits until, projections have reached a position.
#[derive(Debug, Clone)]
pub struct Watermark {
    pool: PgPool,
    advanced: watch::Receiver<u64>,
}

impl Watermark {
    /// `advanced` is bumped by the local projectors after each batch; checkpoints moved by
    /// another instance are seen by polling.
    pub fn new(pool: PgPool, advanced: watch::Receiver<u64>) -> Self {
        Self { pool, advanced }
    }

    /// Waits, at most `timeout`, until every projection in `projections` has applied the
    /// event at `position` (and so every event before it in the global order).
    pub async fn wait_for(
        &self,
        position: i64,
        projections: &[&str],
        timeout: Duration,
    ) -> Result<(), WatermarkError> {
        let tx_id: Option<i64> =
            sqlx::query_scalar("SELECT tx_id::text::bigint FROM events WHERE global_position = $1")
                .bind(position)
                .fetch_optional(&self.pool)
                .await?;
        let tx_id = tx_id.ok_or(WatermarkError::UnknownPosition(position))?;
        let names: Vec<String> = projections.iter().map(|name| (*name).to_owned()).collect();
        let deadline = Instant::now() + timeout;
        let mut advanced = self.advanced.clone();
        loop {
            let reached: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM projection_checkpoints
                 WHERE projection = ANY($1)
                   AND (tx_id, global_position) >= ($2::bigint::text::xid8, $3)",
            )
            .bind(&names)
            .bind(tx_id)
            .bind(position)
            .fetch_one(&self.pool)
            .await?;
            if usize::try_from(reached).is_ok_and(|n| n >= names.len()) {
                return Ok(());
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(WatermarkError::TimedOut(position));
            }
            let poll = Duration::from_millis(25).min(deadline - now);
            tokio::select! {
                changed = advanced.changed() => {
                    // No local projector any more: fall back to polling.
                    if changed.is_err() {
                        tokio::time::sleep(poll).await;
                    }
                }
                _ = tokio::time::sleep(poll) => {}
            }
        }
    }
}
