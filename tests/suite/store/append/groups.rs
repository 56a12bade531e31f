//! Appends that wait are written together as one group, each with its own positions.

use super::blocker::{spawn_append, stored, until_waiting, Blocker};
use super::{blob_exists, event, repository};
use crate::projections::projector::database;
use charter_store::RecentAppends;
use cqrs_es::persist::PersistenceError;
use std::sync::Arc;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn appends_that_wait_are_written_together_each_with_its_own_positions() {
    let (_db, pool) = database().await;
    let recent = RecentAppends::default();
    let mut repository = repository(&pool);
    repository.recording(recent.clone());
    let repository = Arc::new(repository);
    let blocker = Blocker::hold(&pool).await;
    let blocked = Blocker::block(&pool, &repository).await;

    let sha256 = "e".repeat(64);
    // More than one statement takes (64): the rest wait for the next.
    let waiting: Vec<_> = (0..70)
        .map(|n| {
            let blob = (n == 3).then(|| (sha256.clone(), b"grouped".to_vec()));
            spawn_append(
                &repository,
                vec![event(&format!("g-{n}"), 1), event(&format!("g-{n}"), 2)],
                blob,
            )
        })
        .collect();
    until_waiting(&repository, 70).await;
    blocker.tx.rollback().await.expect("rolled back");

    blocked.await.expect("joined").expect("the blocked append");
    let mut tx_ids = std::collections::BTreeSet::new();
    for (n, append) in waiting.into_iter().enumerate() {
        let positions = append.await.expect("joined").expect("appended");
        let rows = stored(&pool, &format!("g-{n}")).await;
        assert_eq!(
            rows.iter().map(|&(p, _)| p).collect::<Vec<_>>(),
            positions,
            "g-{n}"
        );
        for &(position, tx_id) in &rows {
            assert_eq!(recent.tx_of(position), Some(tx_id));
            tx_ids.insert(tx_id);
        }
    }
    assert_eq!(
        tx_ids.len(),
        2,
        "64 waiting appends commit together, then the other 6"
    );
    // The blocked append alone, then the two groups.
    assert_eq!(
        (
            repository.stats().statements(),
            repository.stats().appends()
        ),
        (3, 71)
    );
    assert!(blob_exists(&pool, &sha256).await);
    let verification = charter_store::integrity::verify(&pool)
        .await
        .expect("verify");
    assert!(verification.intact, "{:?}", verification.first_broken);
    assert_eq!(verification.events, 141);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clash_in_a_group_fails_only_its_own_append() {
    let (_db, pool) = database().await;
    let repository = Arc::new(repository(&pool));
    repository
        .append(&[event("c-1", 1)], None)
        .await
        .expect("first writer");
    let blocker = Blocker::hold(&pool).await;
    let blocked = Blocker::block(&pool, &repository).await;

    let (kept, refused) = ("f".repeat(64), "0".repeat(64));
    let first = spawn_append(
        &repository,
        vec![event("c-0", 1)],
        Some((kept.clone(), b"kept".to_vec())),
    );
    // Decided on the empty stream: c-1's event 1 is already stored.
    let clash = spawn_append(
        &repository,
        vec![event("c-1", 1), event("c-1", 2)],
        Some((refused.clone(), b"refused".to_vec())),
    );
    let last = spawn_append(&repository, vec![event("c-2", 1)], None);
    until_waiting(&repository, 3).await;
    // The blocked append clashes too, alone.
    blocker.tx.commit().await.expect("committed");

    let blocked = blocked.await.expect("joined");
    assert!(
        matches!(blocked, Err(PersistenceError::OptimisticLockError)),
        "{blocked:?}"
    );
    let first = first.await.expect("joined").expect("c-0 appended");
    let last = last.await.expect("joined").expect("c-2 appended");
    // Written again together, each in a subtransaction of its own: one commit.
    assert_eq!(
        stored(&pool, "c-0").await[0].1,
        stored(&pool, "c-2").await[0].1,
        "{first:?} {last:?}"
    );
    let clash = clash.await.expect("joined");
    assert!(
        matches!(clash, Err(PersistenceError::OptimisticLockError)),
        "{clash:?}"
    );
    assert_eq!(stored(&pool, "c-1").await.len(), 1);
    assert!(blob_exists(&pool, &kept).await);
    assert!(
        !blob_exists(&pool, &refused).await,
        "no bytes without their event"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_group_lets_the_next_appends_be_written_beside_it() {
    let (_db, pool) = database().await;
    let mut repository = repository(&pool);
    repository.stalled_after(Duration::from_millis(200));
    let repository = Arc::new(repository);
    let blocker = Blocker::hold(&pool).await;
    let blocked = Blocker::block(&pool, &repository).await;

    let next = tokio::time::timeout(
        Duration::from_secs(5),
        repository.append(&[event("n-1", 1)], None),
    )
    .await
    .expect("written beside the stalled group");
    next.expect("appended");

    blocker.tx.rollback().await.expect("rolled back");
    blocked
        .await
        .expect("joined")
        .expect("the stalled group ends");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_document_is_written_alone_without_waiting_for_a_group() {
    let (_db, pool) = database().await;
    let repository = Arc::new(repository(&pool));
    let blocker = Blocker::hold(&pool).await;
    let blocked = Blocker::block(&pool, &repository).await;

    // Waits for no group (the one being written waits for the blocker, 5 s before its
    // turn is given up).
    let sha256 = "1".repeat(64);
    let large = vec![7u8; 100 * 1024];
    tokio::time::timeout(
        Duration::from_secs(2),
        repository.append(&[event("l-1", 1)], Some((&sha256, &large))),
    )
    .await
    .expect("not held up by the group")
    .expect("appended");
    assert!(blob_exists(&pool, &sha256).await);

    blocker.tx.rollback().await.expect("rolled back");
    blocked.await.expect("joined").expect("appended");
}
