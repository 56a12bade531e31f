//! Stream guards and checkpoints locked and read in one statement.

use super::projector::{commands, database, write_history};
use charter_projections::engine::event::COLUMNS;
use charter_projections::engine::stream_guards::{Claim, StreamGuards};
use charter_projections::StoredEvent;
use sqlx::PgPool;
use std::time::Duration;

async fn stored_events(pool: &PgPool) -> Vec<StoredEvent> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM events ORDER BY global_position"
    ))
    .fetch_all(pool)
    .await
    .expect("events")
    .iter()
    .map(|row| StoredEvent::from_row(row).expect("an event"))
    .collect()
}

/// While another transaction holds checkpoint `p`, writes it as (8, 3) and its guard as
/// `guard`, `lock_and_load` of `p` waits for the lock in a transaction of its own: what it
/// vouches for once that writer commits.
async fn checkpoint_written_meanwhile(
    pool: &PgPool,
    events: &[StoredEvent],
    guard: i64,
) -> Option<Vec<(i64, i64)>> {
    let mut writer = pool.begin().await.expect("begin");
    sqlx::query(
        "UPDATE projection_checkpoints SET tx_id = '8', global_position = 3 WHERE projection = 'p'",
    )
    .execute(&mut *writer)
    .await
    .expect("write");
    sqlx::query("UPDATE projection_streams SET last_sequence = $1 WHERE projection = 'p'")
        .bind(guard)
        .execute(&mut *writer)
        .await
        .expect("guard");
    let (pool, events) = (pool.clone(), events.to_vec());
    let waiting = tokio::spawn(async move {
        let refs: Vec<&StoredEvent> = events.iter().collect();
        let mut tx = pool.begin().await.expect("begin");
        let read = StreamGuards::lock_and_load(&mut tx, &["p"], &refs)
            .await
            .expect("read")
            .map(|(locked, _)| locked);
        tx.rollback().await.expect("rollback");
        read
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "it waits for the lock");
    writer.commit().await.expect("commit");
    waiting.await.expect("reader")
}

#[tokio::test]
async fn checkpoints_and_guards_read_in_one_statement_unless_a_checkpoint_moved_meanwhile() {
    let (_db, pool) = database().await;
    write_history(&commands(&pool), 2).await;
    let events = stored_events(&pool).await;
    let refs: Vec<&StoredEvent> = events.iter().collect();
    assert_eq!(events.len(), 3);
    sqlx::query("INSERT INTO projection_checkpoints (projection, tx_id, global_position) VALUES ('p', '7', 2)")
        .execute(&pool)
        .await
        .expect("checkpoint");
    sqlx::query(
        "INSERT INTO projection_streams (projection, aggregate_type, aggregate_id, last_sequence)
         VALUES ('p', $1, $2, 2)",
    )
    .bind(&events[0].aggregate_type)
    .bind(&events[0].aggregate_id)
    .execute(&pool)
    .await
    .expect("guard");

    // Both at once, the checkpoint locked.
    let mut tx = pool.begin().await.expect("begin");
    let (locked, mut guards) = StreamGuards::lock_and_load(&mut tx, &["p"], &refs)
        .await
        .expect("read")
        .expect("one statement vouches for both");
    assert_eq!(locked, vec![(7, 2)]);
    assert_eq!(
        guards.claim("p", &events[1], false).expect("claim"),
        Claim::AlreadyApplied
    );
    assert_eq!(
        guards.claim("p", &events[2], false).expect("claim"),
        Claim::Apply
    );
    // A projection without a checkpoint row: the caller locks and loads apart.
    assert!(StreamGuards::lock_and_load(&mut tx, &["p", "q"], &refs)
        .await
        .expect("read")
        .is_none());
    tx.rollback().await.expect("rollback");

    // Another writer holds the checkpoint and moves it with the guard: the statement that
    // waited for the lock read the guards before that move, and says so.
    assert_eq!(checkpoint_written_meanwhile(&pool, &events, 3).await, None);

    // Nothing moving: one statement again, with the moved guard.
    let mut tx = pool.begin().await.expect("begin");
    let (locked, mut guards) = StreamGuards::lock_and_load(&mut tx, &["p"], &refs)
        .await
        .expect("read")
        .expect("one statement");
    assert_eq!(locked, vec![(8, 3)]);
    assert_eq!(
        guards.claim("p", &events[2], false).expect("claim"),
        Claim::AlreadyApplied
    );
    tx.rollback().await.expect("rollback");

    // A writer that rewrites the checkpoint with the same value and other guards (as a
    // rebuild's switch may): the row's version tells, not its value.
    assert_eq!(checkpoint_written_meanwhile(&pool, &events, 2).await, None);
}
