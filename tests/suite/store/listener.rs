//! The one LISTEN connection of a process: what it hears, and how it comes back.

use crate::projections::projector::database;
use charter_projections::engine::projector::EVENTS_CHANNEL;
use charter_store::listener::{self, Heed, WakeProjectors};
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// Writes down what it is told, and passes event announcements on to projectors.
#[derive(Clone)]
struct Record {
    told: Arc<Mutex<Vec<String>>>,
    projectors: WakeProjectors,
}

impl Record {
    fn told(&self) -> Vec<String> {
        self.told.lock().expect("record").clone()
    }

    /// Waits until `what` has been told `times` times in all; panics after five seconds.
    async fn until(&self, what: &str, times: usize) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while self.told().iter().filter(|told| *told == what).count() < times {
            assert!(
                tokio::time::Instant::now() < deadline,
                "never told {what} {times} times: {:?}",
                self.told()
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

impl Heed for Record {
    fn channels(&self) -> Vec<&'static str> {
        let mut channels = self.projectors.channels();
        channels.push("charter_test_changes");
        channels
    }

    fn heard(&self, channel: &str) {
        self.told.lock().expect("record").push(channel.to_owned());
        self.projectors.heard(channel);
    }

    fn connected(&self, connected: bool) {
        let told = if connected { "connected" } else { "lost" };
        self.told.lock().expect("record").push(told.to_owned());
        self.projectors.connected(connected);
    }
}

async fn notify(pool: &PgPool, channel: &str) {
    sqlx::query("SELECT pg_notify($1, '')")
        .bind(channel)
        .execute(pool)
        .await
        .expect("notify");
}

/// The backends listening on the test database.
async fn listening(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT query FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .fetch_all(pool)
    .await
    .expect("pg_stat_activity")
}

#[tokio::test]
async fn one_connection_hears_every_channel_and_comes_back_when_cut() {
    let (_db, pool) = database().await;
    let wake = watch::Sender::new(0u64);
    let record = Record {
        told: Arc::default(),
        projectors: WakeProjectors(wake.clone()),
    };
    let shutdown = CancellationToken::new();
    let listening_task = tokio::spawn(listener::listen(
        pool.clone(),
        record.clone(),
        shutdown.clone(),
    ));
    record.until("connected", 1).await;
    let connections = listening(&pool).await;
    assert_eq!(connections.len(), 1, "one connection: {connections:?}");
    for channel in [EVENTS_CHANNEL, "charter_test_changes"] {
        assert!(connections[0].contains(channel), "{connections:?}");
    }
    // Connecting woke the projectors once, for whatever was announced before.
    assert_eq!(*wake.borrow(), 1);

    notify(&pool, "charter_test_changes").await;
    notify(&pool, EVENTS_CHANNEL).await;
    record.until(EVENTS_CHANNEL, 1).await;
    record.until("charter_test_changes", 1).await;
    assert_eq!(*wake.borrow(), 2, "an announced event wakes the projectors");

    // The connection is cut: the heed hears it is lost, and then connected again, which
    // wakes the projectors for what was announced in between.
    let cut: i64 = sqlx::query_scalar(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .fetch_one(&pool)
    .await
    .expect("cut the listener's connection");
    assert_eq!(cut, 1);
    record.until("lost", 1).await;
    record.until("connected", 2).await;
    assert_eq!(*wake.borrow(), 3);
    notify(&pool, EVENTS_CHANNEL).await;
    record.until(EVENTS_CHANNEL, 2).await;

    shutdown.cancel();
    listening_task.await.expect("the listener ends");
    assert_eq!(record.told().last().map(String::as_str), Some("lost"));
}

#[tokio::test]
async fn a_heartbeat_that_cannot_be_sent_does_not_count_as_deafness() {
    let (database, pool) = database().await;
    // A pool of two, quick to give up waiting for a connection.
    let small = PgPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(Duration::from_millis(50))
        .connect_with(database.options.clone())
        .await
        .expect("a small pool");
    let record = Record {
        told: Arc::default(),
        projectors: WakeProjectors(watch::Sender::new(0)),
    };
    let shutdown = CancellationToken::new();
    let beat = Duration::from_millis(400);
    let listening_task = tokio::spawn(listener::listen_every(
        small.clone(),
        record.clone(),
        shutdown.clone(),
        beat,
    ));
    record.until("connected", 1).await;
    // It hears its own heartbeats: still connected after three.
    tokio::time::sleep(beat * 3 + beat / 4).await;
    assert_eq!(record.told(), ["connected"]);

    // Every connection of its pool taken: no heartbeat can be sent for three beats.
    let mut held = Vec::new();
    while let Ok(connection) = small.acquire().await {
        held.push(connection);
    }
    tokio::time::sleep(beat * 3 + beat / 4).await;
    assert_eq!(
        record.told(),
        ["connected"],
        "heartbeats it could not send do not make it reconnect"
    );
    drop(held);
    notify(&pool, "charter_test_changes").await;
    record.until("charter_test_changes", 1).await;
    assert_eq!(record.told(), ["connected", "charter_test_changes"]);

    shutdown.cancel();
    listening_task.await.expect("the listener ends");
}
