//! What the tests of appends that wait for each other hold them up with, and watch them by.

use super::event;
use charter_store::sealing::SealingRepository;
use cqrs_es::persist::{PersistenceError, SerializedEvent};
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;

/// An open transaction that has stored event 1 of stream `blocker`: an append of the same
/// event waits for it, holding its group's turn, until it commits or rolls back.
pub(super) struct Blocker {
    pub(super) tx: sqlx::Transaction<'static, sqlx::Postgres>,
}

impl Blocker {
    pub(super) async fn hold(pool: &PgPool) -> Self {
        Self::hold_on(pool, "blocker").await
    }

    /// Event 1 of `stream`.
    pub(super) async fn hold_on(pool: &PgPool, stream: &str) -> Self {
        let mut tx = pool.begin().await.expect("blocker's transaction");
        sqlx::query(
            "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type,
                                 event_version, payload, metadata)
             VALUES ('TestStream', $1, 1, 'Ticked', '1.0', '{}', '{}')",
        )
        .bind(stream)
        .execute(&mut *tx)
        .await
        .expect("the blocker's event");
        Self { tx }
    }

    /// Appends the blocker's event through `repository`, in a task, and returns once that
    /// append waits for the blocker.
    pub(super) async fn block(
        pool: &PgPool,
        repository: &Arc<SealingRepository>,
    ) -> tokio::task::JoinHandle<Result<Vec<i64>, PersistenceError>> {
        let before = lock_waits(pool).await;
        let blocked = spawn_append(repository, vec![event("blocker", 1)], None);
        until_lock_waits(pool, before + 1).await;
        blocked
    }
}

/// How many statements wait for another transaction.
pub(super) async fn lock_waits(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'",
    )
    .fetch_one(pool)
    .await
    .expect("locks")
}

pub(super) async fn until_lock_waits(pool: &PgPool, count: i64) {
    let started = std::time::Instant::now();
    while lock_waits(pool).await < count {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "fewer than {count} statements ever waited"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

pub(super) fn spawn_append(
    repository: &Arc<SealingRepository>,
    events: Vec<SerializedEvent>,
    blob: Option<(String, Vec<u8>)>,
) -> tokio::task::JoinHandle<Result<Vec<i64>, PersistenceError>> {
    let repository = repository.clone();
    tokio::spawn(async move {
        let blob = blob
            .as_ref()
            .map(|(sha, content)| (sha.as_str(), content.as_slice()));
        repository.append(&events, blob).await
    })
}

/// Waits until `count` appends wait for their turn in `repository`.
pub(super) async fn until_waiting(repository: &SealingRepository, count: usize) {
    let started = std::time::Instant::now();
    while repository.appends_waiting() < count {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{} of {count} appends waiting",
            repository.appends_waiting()
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

pub(super) async fn stored(pool: &PgPool, stream: &str) -> Vec<(i64, i64)> {
    sqlx::query_as(
        "SELECT global_position, tx_id::text::bigint FROM events
         WHERE aggregate_id = $1 ORDER BY sequence",
    )
    .bind(stream)
    .fetch_all(pool)
    .await
    .expect("stored events")
}
