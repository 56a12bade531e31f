//! Read-your-writes: waiting until the read models have applied a given event.

use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
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

/// How far this process's projectors have got, by projection: each checkpoint as it was
/// committed (or passed, over events the projection does not follow). Readers waiting for a
/// position look here first, and ask the database only when it does not tell (another
/// instance may be the one projecting).
#[derive(Debug, Clone, Default)]
pub struct LocalCheckpoints(Arc<RwLock<HashMap<&'static str, (i64, i64)>>>);

impl LocalCheckpoints {
    /// Records that `projection` has reached `checkpoint` (`(tx_id, global_position)`);
    /// an earlier one than already known is ignored.
    pub fn record(&self, projection: &'static str, checkpoint: (i64, i64)) {
        let mut known = self
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = known.entry(projection).or_insert(checkpoint);
        *entry = (*entry).max(checkpoint);
    }

    /// Whether every one of `projections` has reached `at`, as far as this process knows.
    fn reached(&self, projections: &[&str], at: (i64, i64)) -> bool {
        let known = self
            .0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        projections
            .iter()
            .all(|name| known.get(name).is_some_and(|&checkpoint| checkpoint >= at))
    }
}

/// Tells whether, and waits until, projections have reached a position.
#[derive(Debug, Clone)]
pub struct Watermark {
    pool: PgPool,
    advanced: watch::Receiver<u64>,
    local: LocalCheckpoints,
}

impl Watermark {
    /// `advanced` is bumped by the local projectors after each batch; checkpoints moved by
    /// another instance are seen by polling.
    pub fn new(pool: PgPool, advanced: watch::Receiver<u64>) -> Self {
        Self {
            pool,
            advanced,
            local: LocalCheckpoints::default(),
        }
    }

    /// Also looks at the checkpoints the local projectors publish in `local`, so that a
    /// wake-up costs no query.
    pub fn with_local(mut self, local: LocalCheckpoints) -> Self {
        self.local = local;
        self
    }

    /// Waits, at most `timeout`, until every projection in `projections` has applied the
    /// event at `position` (and so every event before it in the global order).
    pub async fn wait_for(
        &self,
        position: i64,
        projections: &[&str],
        timeout: Duration,
    ) -> Result<(), WatermarkError> {
        let names: Vec<String> = projections.iter().map(|name| (*name).to_owned()).collect();
        // The event's transaction id, and whether the stored checkpoints are past it: one
        // round trip for a read that needs no waiting, and for the first look of one that
        // does.
        let first: Option<(i64, i64)> = sqlx::query_as(
            "SELECT e.tx_id::text::bigint,
                    (SELECT count(*) FROM projection_checkpoints c
                     WHERE c.projection = ANY($2)
                       AND (c.tx_id, c.global_position) >= (e.tx_id, e.global_position))
             FROM events e WHERE e.global_position = $1",
        )
        .bind(position)
        .bind(&names)
        .fetch_optional(&self.pool)
        .await?;
        let (tx_id, reached) = first.ok_or(WatermarkError::UnknownPosition(position))?;
        let all = |reached: i64| usize::try_from(reached).is_ok_and(|n| n >= names.len());
        if all(reached) {
            return Ok(());
        }
        let deadline = Instant::now() + timeout;
        let mut advanced = self.advanced.clone();
        // A wake-up by a local projector is answered from what it published; the database
        // is asked again after every poll interval (another instance may be projecting).
        let mut ask_database = false;
        loop {
            if self.local.reached(projections, (tx_id, position)) {
                return Ok(());
            }
            if ask_database {
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
                if all(reached) {
                    return Ok(());
                }
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(WatermarkError::TimedOut(position));
            }
            let poll = Duration::from_millis(25).min(deadline - now);
            ask_database = tokio::select! {
                changed = advanced.changed() => {
                    // No local projector any more: fall back to polling.
                    if changed.is_err() {
                        tokio::time::sleep(poll).await;
                    }
                    changed.is_err()
                }
                _ = tokio::time::sleep(poll) => true,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LocalCheckpoints;

    #[test]
    fn a_position_is_reached_when_every_named_projection_is_at_or_past_it() {
        let local = LocalCheckpoints::default();
        local.record("summary", (10, 100));
        local.record("timeline", (10, 99));
        assert!(local.reached(&["summary"], (10, 100)));
        assert!(!local.reached(&["summary", "timeline"], (10, 100)));
        assert!(local.reached(&["summary", "timeline"], (10, 99)));
        // The transaction id orders first: a later position of an earlier transaction.
        assert!(local.reached(&["summary"], (9, 500)));
        assert!(!local.reached(&["summary"], (11, 1)));
        // Nothing known of a projection: not reached (the database is asked).
        assert!(!local.reached(&["roster"], (1, 1)));
    }

    #[test]
    fn a_checkpoint_never_goes_back() {
        let local = LocalCheckpoints::default();
        local.record("summary", (10, 100));
        local.record("summary", (8, 50));
        assert!(local.reached(&["summary"], (10, 100)));
    }
}
