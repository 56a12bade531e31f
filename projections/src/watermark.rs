//! Read-your-writes: waiting until the read models have applied a given event.

use charter_store::RecentAppends;
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
    fn known(&self) -> std::sync::RwLockReadGuard<'_, HashMap<&'static str, (i64, i64)>> {
        self.0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn known_mut(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<&'static str, (i64, i64)>> {
        self.0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records that `projection` has reached `checkpoint` (`(tx_id, global_position)`);
    /// an earlier one than already known is ignored.
    pub fn record(&self, projection: &'static str, checkpoint: (i64, i64)) {
        let mut known = self.known_mut();
        let entry = known.entry(projection).or_insert(checkpoint);
        *entry = (*entry).max(checkpoint);
    }

    /// Forgets what `projections` reached: their projector stopped following (it lost its
    /// lock, or is stopping), and another may move them on unseen.
    pub fn forget(&self, projections: &[&str]) {
        let mut known = self.known_mut();
        known.retain(|name, _| !projections.contains(name));
    }

    /// Where this process's projector of `projection` has got to, if it follows it.
    pub fn of(&self, projection: &str) -> Option<(i64, i64)> {
        self.known().get(projection).copied()
    }

    /// Whether this process's projectors follow every one of `projections` (they have
    /// published a checkpoint of each, and not stopped since).
    fn follow(&self, projections: &[&str]) -> bool {
        let known = self.known();
        projections.iter().all(|name| known.contains_key(name))
    }

    /// Whether every one of `projections` has reached `at`, as far as this process knows.
    fn reached(&self, projections: &[&str], at: (i64, i64)) -> bool {
        let known = self.known();
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
    recent: RecentAppends,
}

impl Watermark {
    /// How often a waiting reader asks the database, when it must.
    pub const POLL: Duration = Duration::from_millis(25);

    /// `advanced` is bumped by the local projectors after each batch; checkpoints moved by
    /// another instance are seen by polling.
    pub fn new(pool: PgPool, advanced: watch::Receiver<u64>) -> Self {
        Self {
            pool,
            advanced,
            local: LocalCheckpoints::default(),
            recent: RecentAppends::default(),
        }
    }

    /// Also knows the transactions of this process's appends from `recent`: a read of a
    /// position appended here, while the local projectors follow every projection it
    /// waits for, waits for them without asking the database anything.
    pub fn with_recent(mut self, recent: RecentAppends) -> Self {
        self.recent = recent;
        self
    }

    /// Also looks at the checkpoints the local projectors publish in `local`, so that a
    /// wake-up costs no query.
    pub fn with_local(mut self, local: LocalCheckpoints) -> Self {
        self.local = local;
        self
    }

    /// The transaction of the event at `position`, if this process appended it lately.
    pub fn tx_of(&self, position: i64) -> Option<i64> {
        self.recent.tx_of(position)
    }

    /// Waits, at most `timeout`, until every projection in `projections` has applied the
    /// event at `position` (and so every event before it in the global order).
    pub async fn wait_for(
        &self,
        position: i64,
        projections: &[&str],
        timeout: Duration,
    ) -> Result<(), WatermarkError> {
        self.wait_for_in(position, None, projections, timeout).await
    }

    /// Like [`Watermark::wait_for`], told the event's transaction `tx_id` when the caller
    /// kept it from [`Watermark::tx_of`] (an append older than the recent ones it keeps).
    pub async fn wait_for_in(
        &self,
        position: i64,
        tx_id: Option<i64>,
        projections: &[&str],
        timeout: Duration,
    ) -> Result<(), WatermarkError> {
        let names: Vec<String> = projections.iter().map(|name| (*name).to_owned()).collect();
        let all = |reached: i64| usize::try_from(reached).is_ok_and(|n| n >= names.len());
        let tx_id = match tx_id.or_else(|| self.recent.tx_of(position)) {
            Some(tx_id) if self.local.follow(projections) => tx_id,
            _ => {
                // The event's transaction id, and whether the stored checkpoints are past
                // it: one round trip for a read that needs no waiting, and for the first
                // look of one that does.
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
                if all(reached) {
                    return Ok(());
                }
                tx_id
            }
        };
        let deadline = Instant::now() + timeout;
        let mut advanced = self.advanced.clone();
        // A wake-up by a local projector is answered from what it published. The database
        // is asked again once every poll interval, counted from the last time it was asked
        // (wake-ups do not put it off), unless this process's projectors follow every
        // projection waited for: then they hold its lock, no other process moves its
        // checkpoint, and they publish where they got before they wake the readers.
        let mut next_ask = Instant::now() + Self::POLL;
        loop {
            if self.local.reached(projections, (tx_id, position)) {
                return Ok(());
            }
            let now = Instant::now();
            // Asked once more at the deadline, however recently it was asked.
            if now >= next_ask || now >= deadline {
                if !self.local.follow(projections) {
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
                next_ask = Instant::now() + Self::POLL;
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(WatermarkError::TimedOut(position));
            }
            let until = next_ask.min(deadline);
            tokio::select! {
                changed = advanced.changed() => {
                    // No local projector any more: poll alone.
                    if changed.is_err() {
                        tokio::time::sleep_until(until).await;
                    }
                }
                () = tokio::time::sleep_until(until) => {}
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::{LocalCheckpoints, RecentAppends, Watermark, WatermarkError};
    use sqlx::postgres::PgPoolOptions;
    use std::time::Duration;
    use tokio::sync::watch;

    const READ_MODELS: [&str; 2] = ["summary", "timeline"];

    /// A watermark whose database cannot be reached (any question to it fails), whose
    /// local projectors follow both read models and have reached position 5, of
    /// transaction 70, appended by this process.
    fn watermark_without_database(
        advanced: watch::Receiver<u64>,
    ) -> (Watermark, LocalCheckpoints, RecentAppends) {
        let pool = PgPoolOptions::new()
            .acquire_timeout(Duration::from_millis(200))
            .connect_lazy("postgres://nobody@127.0.0.1:1/none")
            .expect("a lazy pool");
        let (local, recent) = (LocalCheckpoints::default(), RecentAppends::default());
        for name in READ_MODELS {
            local.record(name, (70, 5));
        }
        recent.record(&[5], 70);
        let watermark = Watermark::new(pool, advanced)
            .with_local(local.clone())
            .with_recent(recent.clone());
        (watermark, local, recent)
    }

    #[tokio::test]
    async fn a_read_of_an_append_of_this_process_waits_for_the_local_projectors_alone() {
        let advanced = watch::Sender::new(0u64);
        let (watermark, local, recent) = watermark_without_database(advanced.subscribe());
        recent.record(&[6], 72);
        // Reached already: answered without the database.
        watermark
            .wait_for(5, &READ_MODELS, Duration::from_secs(1))
            .await
            .expect("reached, as the local projectors say");
        // Not yet: answered when the projectors publish it and wake the readers.
        let waiting = {
            let watermark = watermark.clone();
            tokio::spawn(async move {
                watermark
                    .wait_for(6, &READ_MODELS, Duration::from_secs(5))
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished());
        for name in READ_MODELS {
            local.record(name, (72, 6));
        }
        advanced.send_modify(|n| *n += 1);
        tokio::time::timeout(Duration::from_millis(500), waiting)
            .await
            .expect("answered once published, without the database")
            .expect("joined")
            .expect("reached");
    }

    #[tokio::test]
    async fn a_read_asks_the_database_unless_the_position_is_this_processs_and_followed_here() {
        let advanced = watch::Sender::new(0u64);
        let (watermark, local, _) = watermark_without_database(advanced.subscribe());
        let asks = |position| {
            let watermark = watermark.clone();
            async move {
                matches!(
                    watermark
                        .wait_for(position, &READ_MODELS, Duration::from_secs(1))
                        .await,
                    Err(WatermarkError::Database(_))
                )
            }
        };
        // Appended by another process.
        assert!(asks(4).await);
        // Appended here, but a read model is not followed here.
        local.forget(&["timeline"]);
        assert!(asks(5).await);
        // Nor after its projector stopped following both.
        local.record("timeline", (70, 5));
        local.forget(&READ_MODELS);
        assert!(asks(5).await);
    }

    #[tokio::test]
    async fn a_read_told_the_transaction_of_an_older_append_asks_the_database_nothing() {
        let advanced = watch::Sender::new(0u64);
        let (watermark, _, _) = watermark_without_database(advanced.subscribe());
        let timeout = Duration::from_secs(1);
        // Position 3, of transaction 69, is no longer among the recent appends.
        assert!(matches!(
            watermark.wait_for(3, &READ_MODELS, timeout).await,
            Err(WatermarkError::Database(_))
        ));
        watermark
            .wait_for_in(3, Some(69), &READ_MODELS, timeout)
            .await
            .expect("reached, as the local projectors say");
    }

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
