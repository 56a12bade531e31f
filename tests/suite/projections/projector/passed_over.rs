//! Events a projection does not follow: passed over in memory, their checkpoints stored
//! later, and never given to it.

use super::{checkpoint, commands, count, database, tick, write_history, Census};
use async_trait::async_trait;
use charter_domain::application::Application;
use charter_projections::{
    Follows, LocalCheckpoints, Projection, ProjectionError, Projector, ProjectorSettings,
    StoredEvent,
};
use cqrs_es::Aggregate;
use sqlx::{PgConnection, PgPool};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Follows only `Ticker` streams, recording each event it applies in the census.
struct TickerWatcher;

#[async_trait]
impl Projection for TickerWatcher {
    fn name(&self) -> &'static str {
        "ticker_watcher"
    }
    fn tables(&self) -> &'static [&'static str] {
        &["census"]
    }
    fn handles(&self, aggregate_type: &str) -> bool {
        aggregate_type == "Ticker"
    }
    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        Census.apply(conn, event).await
    }
}

fn ticker_watcher(pool: &PgPool) -> Projector {
    Projector::new(
        pool.clone(),
        Arc::new(TickerWatcher),
        ProjectorSettings {
            batch_size: 2,
            ..ProjectorSettings::default()
        },
        watch::Sender::new(0),
    )
}

/// Waits until `events` events are readable by every transaction. Other tests'
/// transactions can hide the newest events for a moment (the snapshot's xmin is
/// server-wide); once below it, they stay readable, so batches are exact.
async fn until_readable(pool: &PgPool, events: i64) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while count(
        pool,
        "SELECT count(*) FROM events WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())",
    )
    .await
        < events
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the events become readable"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn events_nobody_follows_are_passed_over_without_a_transaction_and_stored_when_idle() {
    let (_db, pool) = database().await;
    write_history(&commands(&pool), 3).await; // 4 events no watcher follows
    let last_unfollowed: i64 = count(&pool, "SELECT max(global_position) FROM events").await;
    until_readable(&pool, 4).await;

    // A batch of two unfollowed events moves the checkpoint in memory only.
    let watcher = ticker_watcher(&pool);
    assert_eq!(watcher.step().await.expect("step").read, 2);
    assert_eq!(checkpoint(&pool, "ticker_watcher").await, (0, 0));
    // A projector that starts now (another instance taking over) reads them again.
    let successor = ticker_watcher(&pool);
    assert_eq!(successor.step().await.expect("step").read, 2);

    // Idle, it stores how far it got.
    assert_eq!(watcher.catch_up().await.expect("catch up"), 2);
    assert_eq!(
        checkpoint(&pool, "ticker_watcher").await,
        (last_unfollowed, 4)
    );

    // A followed event is applied with its checkpoint, once, by either projector.
    let first_tick = tick(&pool, 1).await;
    write_history(&commands(&pool), 1).await;
    let second_tick = tick(&pool, 2).await;
    assert_eq!(successor.catch_up().await.expect("catch up"), 6);
    // Behind the stored checkpoint, the first reads a batch the other applied: it applies
    // nothing twice (the census's primary key would refuse it).
    watcher.catch_up().await.expect("catch up");
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT global_position FROM census ORDER BY global_position")
            .fetch_all(&pool)
            .await
            .expect("census");
    assert_eq!(applied, vec![first_tick, second_tick]);
    assert_eq!(checkpoint(&pool, "ticker_watcher").await, (second_tick, 8));
}

#[tokio::test]
async fn a_checkpoint_moved_back_by_hand_is_not_overwritten_by_events_passed_over() {
    let (_db, pool) = database().await;
    let commands = commands(&pool);
    write_history(&commands, 3).await; // 4 events no watcher follows
    until_readable(&pool, 4).await;
    let local = LocalCheckpoints::default();
    let watcher = ticker_watcher(&pool).publishing(local.clone());
    watcher.catch_up().await.expect("catch up");
    let stored = checkpoint(&pool, "ticker_watcher").await;
    assert_eq!(stored.1, 4);

    // Two more, passed over in memory (stored a second later, if events keep coming).
    write_history(&commands, 1).await;
    until_readable(&pool, 6).await;
    assert_eq!(watcher.step().await.expect("step").read, 2);
    assert!(local.of("ticker_watcher").is_some());
    // Meanwhile, the checkpoint is moved back by hand.
    sqlx::query(
        "UPDATE projection_checkpoints SET tx_id = '0', global_position = 0, events_applied = 0
         WHERE projection = 'ticker_watcher'",
    )
    .execute(&pool)
    .await
    .expect("moved back");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    write_history(&commands, 1).await;
    until_readable(&pool, 8).await;
    // Two more passed over, a second after the first: time to store them, but the hand's
    // move stands, and nothing is published as reached until read again from there.
    assert_eq!(watcher.step().await.expect("step").read, 2);
    assert_eq!(checkpoint(&pool, "ticker_watcher").await, (0, 0));
    assert_eq!(local.of("ticker_watcher"), None);
    watcher.catch_up().await.expect("catch up");
    let last: i64 = count(&pool, "SELECT max(global_position) FROM events").await;
    assert_eq!(checkpoint(&pool, "ticker_watcher").await, (last, 8));
    assert_eq!(local.of("ticker_watcher").map(|(_, at)| at), Some(last));
}

/// Follows only the documents of applications, not their openings, recording each in the
/// census.
struct DocumentWatcher;

#[async_trait]
impl Projection for DocumentWatcher {
    fn name(&self) -> &'static str {
        "document_watcher"
    }
    fn tables(&self) -> &'static [&'static str] {
        &["census"]
    }
    fn handles(&self, aggregate_type: &str) -> bool {
        aggregate_type == Application::TYPE
    }
    fn follows(&self) -> Follows {
        Follows::Only(&["DocumentSubmitted"])
    }
    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        assert_eq!(
            event.event_type, "DocumentSubmitted",
            "given only documents"
        );
        Census.apply(conn, event).await
    }
}

#[tokio::test]
async fn a_projection_that_follows_some_event_types_gets_each_of_those_once_and_no_other() {
    let (_db, pool) = database().await;
    let commands = commands(&pool);
    let watcher = Projector::new(
        pool.clone(),
        Arc::new(DocumentWatcher),
        ProjectorSettings {
            batch_size: 3,
            ..ProjectorSettings::default()
        },
        watch::Sender::new(0),
    );
    let documents = "SELECT global_position FROM events WHERE event_type = 'DocumentSubmitted'
                     ORDER BY global_position";
    let census = "SELECT global_position FROM census ORDER BY global_position";
    let positions = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_all(&pool)
                .await
                .expect(sql)
        }
    };
    // Each stream starts with an event it does not follow: the first it is given is the
    // second.
    for _ in 0..3 {
        write_history(&commands, 5).await;
    }
    assert_eq!(watcher.catch_up().await.expect("catch up"), 18);
    assert_eq!(positions(census).await, positions(documents).await);
    assert_eq!(checkpoint(&pool, "document_watcher").await.1, 18);

    // Its stream guards see gaps (the openings) and still recognise a replay: read
    // again from the first event, nothing is applied twice (the census's primary key
    // would refuse it).
    sqlx::query("UPDATE projection_checkpoints SET tx_id = '0', global_position = 0")
        .execute(&pool)
        .await
        .expect("rewind");
    assert_eq!(watcher.catch_up().await.expect("replay"), 18);
    write_history(&commands, 2).await;
    watcher.catch_up().await.expect("catch up");
    let applied = positions(census).await;
    assert_eq!(applied.len(), 17);
    assert_eq!(applied, positions(documents).await);
}
