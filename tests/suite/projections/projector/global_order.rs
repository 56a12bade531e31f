//! The global order: late commits, replays and gaps, and the event store that never changes.

use super::{
    append_late, checkpoint, commands, count, database, group, projectors, read_models,
    write_history,
};
use charter_projections::{ProjectionError, ProjectorStatus};
use charter_store::listener::{self, WakeProjectors};
use std::time::Duration;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn late_committing_writers_are_neither_skipped_nor_applied_twice() {
    let (_database, pool) = database().await;
    let shutdown = CancellationToken::new();
    let wake = watch::Sender::new(0u64);
    tokio::spawn(listener::listen(
        pool.clone(),
        WakeProjectors(wake.clone()),
        shutdown.clone(),
    ));
    // As the server runs them: the read models (and the census) in one group.
    let group = group(&pool);
    let statuses = group.statuses();
    let running = vec![tokio::spawn(group.run(wake.subscribe(), shutdown.clone()))];

    // Sixteen writers commit promptly while eight hold their transaction open after
    // inserting, so events with later positions commit before theirs.
    let commands = commands(&pool);
    let mut writers = tokio::task::JoinSet::new();
    for n in 0..24u64 {
        let (commands, pool) = (commands.clone(), pool.clone());
        writers.spawn(async move {
            tokio::time::sleep(Duration::from_millis(n * 7 % 50)).await;
            if n % 3 == 0 {
                append_late(&pool, Duration::from_millis(150 + n * 10)).await;
            } else {
                write_history(&commands, 5).await;
            }
        });
    }
    while let Some(done) = writers.join_next().await {
        done.expect("writer");
    }

    let events = count(&pool, "SELECT count(*) FROM events").await;
    assert_eq!(events, 8 + 16 * 6);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    for name in ["census", "application_summary", "application_timeline"] {
        loop {
            let (_, applied) = checkpoint(&pool, name).await;
            if applied >= events || tokio::time::Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    for (name, status) in &statuses {
        assert!(
            !matches!(*status.borrow(), ProjectorStatus::Failing(_)),
            "{name} failed: {:?}",
            *status.borrow()
        );
        // Every event read exactly once: none skipped, none read twice.
        let (position, applied) = checkpoint(&pool, name).await;
        assert_eq!(applied, events, "{name} read each event once");
        assert_eq!(
            position,
            count(&pool, "SELECT max(global_position) FROM events").await
        );
    }
    assert_eq!(count(&pool, "SELECT count(*) FROM census").await, events);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM application_timeline").await,
        events
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM application_summaries").await,
        24
    );
    let wrong_versions = count(
        &pool,
        "SELECT count(*) FROM application_summaries s
         WHERE s.version <> (SELECT max(sequence) FROM events e WHERE e.aggregate_id = s.application_id::text)",
    )
    .await;
    assert_eq!(
        wrong_versions, 0,
        "each summary is at its application's last event"
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM application_documents").await,
        16 * 5
    );

    shutdown.cancel();
    for task in running {
        task.await.expect("projector stops");
    }
}

#[tokio::test]
async fn a_replay_from_the_first_event_changes_no_read_model() {
    let (_database, pool) = database().await;
    let commands = commands(&pool);
    for _ in 0..3 {
        write_history(&commands, 2).await;
    }
    let projectors = projectors(&pool);
    for projector in &projectors {
        assert_eq!(projector.catch_up().await.expect("catch up"), 9);
    }
    let before = read_models(&pool).await;

    sqlx::query("UPDATE projection_checkpoints SET tx_id = '0', global_position = 0")
        .execute(&pool)
        .await
        .expect("rewind");
    for projector in &projectors {
        assert_eq!(
            projector.catch_up().await.expect("replay"),
            9,
            "every event read again"
        );
    }
    assert_eq!(read_models(&pool).await, before);
    assert_eq!(checkpoint(&pool, "census").await.1, 18);
}

#[tokio::test]
async fn an_event_that_arrives_before_its_predecessor_stops_the_projector_loudly() {
    let (_database, pool) = database().await;
    let commands = commands(&pool);
    write_history(&commands, 1).await;
    // A second event of a stream whose first is missing: the global order is broken.
    sqlx::query(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
         SELECT aggregate_type, 'f0000000-0000-0000-0000-000000000000', 2, event_type, event_version, payload, metadata
         FROM events WHERE sequence = 2",
    )
    .execute(&pool)
    .await
    .expect("insert a gap");
    let census = projectors(&pool).pop().expect("census projector");
    let error = census.catch_up().await.expect_err("the gap is refused");
    assert!(
        matches!(
            error,
            ProjectionError::OutOfOrder {
                sequence: 2,
                last: 0,
                ..
            }
        ),
        "{error}"
    );
    // The projector stopped before the gap: the batch holding it was not committed, and
    // what was committed earlier is exactly what the checkpoint says. (How many events
    // came before depends on how batches were cut, which transactions open elsewhere on
    // the server can change.)
    let (position, applied) = checkpoint(&pool, "census").await;
    assert!(
        position < 3,
        "the checkpoint is before the gap at position 3"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM census").await, applied);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM census WHERE global_position = 3"
        )
        .await,
        0
    );
    let again = census.catch_up().await.expect_err("still refused on retry");
    assert!(
        matches!(again, ProjectionError::OutOfOrder { .. }),
        "{again}"
    );
}

#[tokio::test]
async fn the_event_store_refuses_updates_deletes_and_truncation() {
    let (_database, pool) = database().await;
    write_history(&commands(&pool), 1).await;
    for statement in [
        "UPDATE events SET payload = '{}'",
        "DELETE FROM events",
        "TRUNCATE events",
    ] {
        let error = sqlx::query(statement)
            .execute(&pool)
            .await
            .expect_err(statement);
        assert!(
            error.to_string().contains("append-only"),
            "{statement}: {error}"
        );
    }
    assert_eq!(count(&pool, "SELECT count(*) FROM events").await, 2);
}
