//! One append on its own: its transaction id, its positions, and what it refuses.

use super::{blob_exists, event, repository};
use crate::projections::projector::database;
use charter_store::RecentAppends;
use cqrs_es::persist::PersistenceError;

#[tokio::test]
async fn an_append_keeps_its_transaction_id_for_the_readers_of_this_process() {
    let (_db, pool) = database().await;
    let mut repository = repository(&pool);
    let recent = RecentAppends::default();
    repository.recording(recent.clone());
    let first = repository
        .append(&[event("s-1", 1), event("s-1", 2)], None)
        .await
        .expect("appended");
    let second = repository
        .append(&[event("s-2", 1)], None)
        .await
        .expect("appended");

    let stored: Vec<(i64, i64)> =
        sqlx::query_as("SELECT global_position, tx_id::text::bigint FROM events")
            .fetch_all(&pool)
            .await
            .expect("stored events");
    assert_eq!(stored.len(), 3);
    for (position, tx_id) in stored {
        assert_eq!(recent.tx_of(position), Some(tx_id), "position {position}");
    }
    assert_eq!(recent.tx_of(first[0]), recent.tx_of(first[1]));
    assert_ne!(recent.tx_of(first[0]), recent.tx_of(second[0]));
}

#[tokio::test]
async fn an_append_returns_each_events_position_and_chains_them_all() {
    let (_db, pool) = database().await;
    let repository = repository(&pool);
    let sha256 = "a".repeat(64);
    let events: Vec<_> = (1..=3).map(|n| event("s-1", n)).collect();

    let positions = repository
        .append(&events, Some((&sha256, b"the bytes")))
        .await
        .expect("appended");

    let stored: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT sequence, global_position, payload::text FROM events
         WHERE aggregate_id = 's-1' ORDER BY sequence",
    )
    .fetch_all(&pool)
    .await
    .expect("stored events");
    assert_eq!(
        stored.iter().map(|(_, p, _)| *p).collect::<Vec<_>>(),
        positions
    );
    assert_eq!(
        stored.iter().map(|(s, _, _)| *s).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    for ((_, _, text), event) in stored.iter().zip(&events) {
        assert_eq!(text, &serde_json::to_string(&event.payload).unwrap());
    }
    let size: i64 = sqlx::query_scalar("SELECT size FROM document_blobs WHERE sha256 = $1")
        .bind(&sha256)
        .fetch_one(&pool)
        .await
        .expect("the bytes are stored");
    assert_eq!(size, 9);

    // A second append continues the chain.
    let more = repository
        .append(&[event("s-1", 4)], None)
        .await
        .expect("appended");
    assert!(more[0] > positions[2]);
    let verification = charter_store::integrity::verify(&pool)
        .await
        .expect("verify");
    assert!(verification.intact, "{:?}", verification.first_broken);
    assert_eq!(verification.events, 4);
}

#[tokio::test]
async fn an_append_that_clashes_with_a_stored_event_writes_nothing() {
    let (_db, pool) = database().await;
    let repository = repository(&pool);
    repository
        .append(&[event("s-2", 1)], None)
        .await
        .expect("first writer");
    let sha256 = "b".repeat(64);

    // A second writer decided on the empty stream: its events start at sequence 1 too.
    let clash = repository
        .append(
            &[event("s-2", 1), event("s-2", 2)],
            Some((&sha256, b"late")),
        )
        .await;

    assert!(
        matches!(clash, Err(PersistenceError::OptimisticLockError)),
        "{clash:?}"
    );
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM events WHERE aggregate_id = 's-2'")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(count, 1);
    assert!(
        !blob_exists(&pool, &sha256).await,
        "no bytes without their event"
    );
}

#[tokio::test]
async fn an_append_refuses_events_out_of_sequence_order() {
    let (_db, pool) = database().await;
    let refused = repository(&pool)
        .append(&[event("s-3", 1), event("s-3", 3)], None)
        .await;
    assert!(matches!(refused, Err(PersistenceError::UnknownError(_))));
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(count, 0);
}
