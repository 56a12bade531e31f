//! The connection an append is written on: kept for the next append, and given back.

use super::blocker::stored;
use super::{event, repository};
use crate::projections::projector::database;
use charter_store::db::{KeptConnection, Taken, KEEP_IDLE_FOR};
use charter_store::sealing::SealingRepository;
use charter_tests::TestDatabase;
use cqrs_es::persist::PersistenceError;
use sqlx::PgPool;
use std::time::Duration;

/// The server processes of the test's database, other than the asking one, whose last
/// statement was an append.
async fn appending_backends(pool: &PgPool) -> Vec<i32> {
    sqlx::query_scalar(
        "SELECT pid FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()
           AND query LIKE 'SELECT p, pg_current_xact_id()%'",
    )
    .fetch_all(pool)
    .await
    .expect("backends")
}

/// Opens `count` connections of `pool` and leaves them idle, for it to hand out in turn.
async fn open_idle(pool: &PgPool, count: usize) {
    let mut open = Vec::new();
    for _ in 0..count {
        open.push(pool.acquire().await.expect("a connection"));
    }
    drop(open);
    // Dropped connections go back to the pool in tasks of their own.
    tokio::time::sleep(Duration::from_millis(50)).await;
}

#[tokio::test]
async fn appends_one_after_another_are_written_on_one_connection() {
    let (_db, pool) = database().await;
    open_idle(&pool, 8).await;
    let repository = repository(&pool);

    for n in 1..=8 {
        repository
            .append(&[event("s-1", n)], None)
            .await
            .expect("appended");
    }

    assert_eq!(appending_backends(&pool).await.len(), 1);
    assert_eq!(stored(&pool, "s-1").await.len(), 8);
}

/// Appends once, then ends the server process the append was written on.
async fn append_then_end_its_connection(pool: &PgPool, repository: &SealingRepository) {
    repository
        .append(&[event("s-1", 1)], None)
        .await
        .expect("appended");
    let backends = appending_backends(pool).await;
    assert_eq!(backends.len(), 1);
    let ended: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1, 5000)")
        .bind(backends[0])
        .fetch_one(pool)
        .await
        .expect("terminate");
    assert!(ended);
}

#[tokio::test]
async fn a_connection_lost_under_an_append_is_not_kept_for_the_next() {
    let (_db, pool) = database().await;
    let repository = repository(&pool);
    append_then_end_its_connection(&pool, &repository).await;

    let lost = repository.append(&[event("s-1", 2)], None).await;
    assert!(
        matches!(lost, Err(PersistenceError::ConnectionError(_))),
        "{lost:?}"
    );
    repository
        .append(&[event("s-1", 2)], None)
        .await
        .expect("written on another connection");
    assert_eq!(stored(&pool, "s-1").await.len(), 2);
}

#[tokio::test]
async fn a_connection_that_ended_while_kept_is_not_used_for_the_next_append() {
    let (_db, pool) = database().await;
    let repository = repository(&pool);
    append_then_end_its_connection(&pool, &repository).await;

    // Kept no longer than `db::KEEP_IDLE_FOR`: back in the pool, which checks it.
    tokio::time::sleep(KEEP_IDLE_FOR + Duration::from_millis(500)).await;
    repository
        .append(&[event("s-1", 2)], None)
        .await
        .expect("written on another connection, at the first try");
    assert_eq!(stored(&pool, "s-1").await.len(), 2);
}

#[tokio::test]
async fn a_kept_connection_goes_back_to_the_pool_when_no_append_comes() {
    let db = TestDatabase::create().await;
    let pool = db.pool(2).await;
    charter_store::db::migrate(&pool).await.expect("migrate");
    charter_store::keys::open(&db.key_dir(), &pool)
        .await
        .expect("open the key directory");
    let repository = repository(&pool);
    repository
        .append(&[event("s-1", 1)], None)
        .await
        .expect("appended");

    tokio::time::sleep(KEEP_IDLE_FOR + Duration::from_millis(500)).await;
    // Both connections of the pool, at once.
    let both = tokio::time::timeout(Duration::from_secs(3), async {
        let first = pool.acquire().await?;
        let second = pool.acquire().await?;
        Ok::<_, sqlx::Error>((first, second))
    })
    .await;
    assert!(matches!(both, Ok(Ok(_))), "the pool is short: {both:?}");
}

/// The server process behind `taken`.
async fn backend(taken: &mut Taken) -> i32 {
    sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&mut **taken)
        .await
        .expect("the backend's pid")
}

#[tokio::test]
async fn a_connection_is_kept_only_so_long_out_of_the_pool() {
    let (_db, pool) = database().await;
    open_idle(&pool, 4).await;
    let kept = KeptConnection::with_limits(
        pool.clone(),
        Duration::from_secs(5),
        Duration::from_millis(400),
    );

    let mut taken = kept.take().await.expect("taken");
    let first = backend(&mut taken).await;
    kept.give_back(taken, Ok(()));
    let mut taken = kept.take().await.expect("taken again");
    assert_eq!(backend(&mut taken).await, first, "kept for the next piece");

    tokio::time::sleep(Duration::from_millis(500)).await;
    kept.give_back(taken, Ok(()));
    let mut taken = kept.take().await.expect("taken from the pool");
    assert_ne!(
        backend(&mut taken).await,
        first,
        "out of the pool long enough: given back to it"
    );
}
