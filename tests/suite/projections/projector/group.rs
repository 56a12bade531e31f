//! A group of read models fed by one projector: the same rows as one projector each, and
//! a member that fails or lags behind does so alone.

use super::{
    checkpoint, commands, count, database, group_with, projectors_with, read_models, write_history,
    Census,
};
use async_trait::async_trait;
use charter_projections::{
    Projection, ProjectionError, Projector, ProjectorSettings, ProjectorStatus, StoredEvent,
};
use sqlx::PgConnection;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// The group reads whole histories in a batch, so read models that write a run of events
/// in one statement do; the projectors of one read one event at a time, so they apply
/// each event alone. Both must give the same rows.
#[tokio::test]
async fn a_group_builds_the_same_read_models_as_one_projector_each() {
    let (_database, pool) = database().await;
    let commands = commands(&pool);
    for documents in [0, 3, 1, 4] {
        write_history(&commands, documents).await;
    }
    let events = count(&pool, "SELECT count(*) FROM events").await;
    let group = group_with(&pool, 500);
    assert_eq!(
        group.catch_up().await.expect("group catch up"),
        usize::try_from(events).expect("count")
    );
    for name in group.names() {
        assert_eq!(
            checkpoint(&pool, name).await,
            (events, events),
            "{name} is at the last event, having read each once"
        );
    }
    let by_group = read_models(&pool).await;
    assert_eq!(count(&pool, "SELECT count(*) FROM census").await, events);

    // The same events, one projector per read model, from nothing.
    let mut tables: Vec<&str> = vec!["projection_checkpoints", "projection_streams"];
    for projection in charter_projections::all() {
        tables.extend(projection.tables());
    }
    tables.push("census");
    sqlx::query(&format!("TRUNCATE {}", tables.join(", ")))
        .execute(&pool)
        .await
        .expect("empty the read models");
    for projector in projectors_with(&pool, 1) {
        projector.catch_up().await.expect("catch up alone");
    }
    assert_eq!(read_models(&pool).await, by_group);

    // And a replay through the group changes nothing.
    sqlx::query("UPDATE projection_checkpoints SET tx_id = '0', global_position = 0")
        .execute(&pool)
        .await
        .expect("rewind");
    group.catch_up().await.expect("replay");
    assert_eq!(read_models(&pool).await, by_group);
}

/// Refuses the event at position 3, every time.
struct Refuser;

#[async_trait]
impl Projection for Refuser {
    fn name(&self) -> &'static str {
        "refuser"
    }
    fn tables(&self) -> &'static [&'static str] {
        &[]
    }
    fn handles(&self, _aggregate_type: &str) -> bool {
        true
    }
    async fn apply(
        &self,
        _conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        if event.global_position == 3 {
            return Err(ProjectionError::Inconsistent {
                position: 3,
                detail: "refused for the test".to_owned(),
            });
        }
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_model_that_fails_in_a_group_stops_alone() {
    fails_alone(1).await;
}

/// In lanes (a rebuild's), the members of the other lane commit their batch whatever the
/// failing one's does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_model_that_fails_in_a_lane_of_its_own_stops_alone() {
    fails_alone(2).await;
}

async fn fails_alone(lanes: usize) {
    let (_database, pool) = database().await;
    write_history(&commands(&pool), 4).await;
    let events = count(&pool, "SELECT count(*) FROM events").await;
    let group = Projector::group(
        pool.clone(),
        vec![Arc::new(Refuser), Arc::new(Census)],
        ProjectorSettings {
            retry_after_error: Duration::from_millis(20),
            idle_poll: Duration::from_millis(20),
            lanes,
            ..ProjectorSettings::default()
        },
        watch::Sender::new(0),
    );
    // Batches may be cut short by transactions open elsewhere on the server (other
    // tests'), so step until the refusal comes, and on until the census has everything.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let error = loop {
        match group.step().await {
            Err(error) => break error,
            Ok(_) => assert!(tokio::time::Instant::now() < deadline, "no refusal"),
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    assert!(
        matches!(error, ProjectionError::Inconsistent { position: 3, .. }),
        "{error}"
    );
    while checkpoint(&pool, "census").await.1 < events {
        let refused = group
            .step()
            .await
            .expect_err("the refuser fails every time");
        assert!(matches!(refused, ProjectionError::Inconsistent { .. }));
        assert!(tokio::time::Instant::now() < deadline, "the census goes on");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The census went on alone; the refuser kept its place before the event it refuses.
    assert_eq!(checkpoint(&pool, "census").await, (events, events));
    assert_eq!(count(&pool, "SELECT count(*) FROM census").await, events);
    assert!(checkpoint(&pool, "refuser").await.0 < 3);

    // Running, the refuser shows as failing and the census as running; the census is
    // never given an event twice (its primary key would refuse it).
    let shutdown = CancellationToken::new();
    let statuses = group.statuses();
    let running = tokio::spawn(group.run(watch::Sender::new(0).subscribe(), shutdown.clone()));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let failing = matches!(*statuses[0].1.borrow(), ProjectorStatus::Failing(_));
        let census_running = *statuses[1].1.borrow() == ProjectorStatus::Running;
        if failing && census_running {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "statuses: {:?}",
            statuses
                .iter()
                .map(|s| s.1.borrow().clone())
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    write_history(&commands(&pool), 1).await;
    let all = count(&pool, "SELECT count(*) FROM events").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while checkpoint(&pool, "census").await.1 < all {
        assert!(tokio::time::Instant::now() < deadline, "the census goes on");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(count(&pool, "SELECT count(*) FROM census").await, all);
    assert!(checkpoint(&pool, "refuser").await.0 < 3);
    shutdown.cancel();
    running.await.expect("stops");
}

/// A read model added later (or one that failed for a while) starts far behind the others;
/// it catches up apart while the others keep following the newest events.
#[tokio::test]
async fn a_read_model_far_behind_does_not_hold_the_others_back() {
    let (_database, pool) = database().await;
    let commands = commands(&pool);
    for _ in 0..3 {
        write_history(&commands, 4).await;
    }
    let group = group_with(&pool, 5);
    group.catch_up().await.expect("catch up");
    // The census starts again from nothing, as a read model added later would.
    for statement in [
        "TRUNCATE census",
        "DELETE FROM projection_checkpoints WHERE projection = 'census'",
        "DELETE FROM projection_streams WHERE projection = 'census'",
    ] {
        sqlx::query(statement)
            .execute(&pool)
            .await
            .expect(statement);
    }
    write_history(&commands, 1).await;
    let events = count(&pool, "SELECT count(*) FROM events").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    // A transaction open anywhere on the server (other tests run beside this one) can
    // hide the newest events from the summary for a while; the census, reading old ones,
    // rightly goes on meanwhile.
    let mut held_back = false;
    while checkpoint(&pool, "application_summary").await.1 < events {
        held_back |= group.step().await.expect("step").blocked;
        assert!(
            tokio::time::Instant::now() < deadline,
            "the summary goes on"
        );
    }
    // Reading five events a batch from the first, the census could not have reached the
    // events the summary had already applied (the fifteen before) if the summary waited.
    let (_, census) = checkpoint(&pool, "census").await;
    assert!(
        census < 15 || held_back,
        "the census applied {census} events meanwhile"
    );
    group.catch_up().await.expect("the census catches up");
    assert_eq!(checkpoint(&pool, "census").await.1, events);
    assert_eq!(count(&pool, "SELECT count(*) FROM census").await, events);
}
