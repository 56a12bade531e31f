//! A group that stalls, a command dropped while it waits or writes, and two instances
//! writing the same streams.

use super::blocker::{spawn_append, stored, until_lock_waits, until_waiting, Blocker};
use super::{event, repository};
use crate::projections::projector::database;
use cqrs_es::persist::PersistenceError;
use std::sync::Arc;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_dropped_while_it_writes_a_group_leaves_the_others_answered() {
    let (_db, pool) = database().await;
    let repository = Arc::new(repository(&pool));
    let first = Blocker::hold(&pool).await;
    let blocked = Blocker::block(&pool, &repository).await;

    // A second blocker holds the next group's first append, on stream `held`.
    let second = Blocker::hold_on(&pool, "held").await;
    // `held` asks for the turn first (turns are given in the order asked), so its command
    // writes the group of both.
    let held = spawn_append(&repository, vec![event("held", 1)], None);
    until_waiting(&repository, 1).await;
    let other = spawn_append(&repository, vec![event("d-1", 1)], None);
    until_waiting(&repository, 2).await;
    first.tx.rollback().await.expect("rolled back");
    blocked.await.expect("joined").expect("appended");
    let started = std::time::Instant::now();
    while repository.appends_waiting() > 0 {
        assert!(started.elapsed() < Duration::from_secs(10), "never taken");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    // The group waits for the second blocker; the command writing it goes away.
    tokio::time::sleep(Duration::from_millis(50)).await;
    held.abort();
    let _ = held.await;
    second.tx.rollback().await.expect("rolled back");

    let positions = tokio::time::timeout(Duration::from_secs(10), other)
        .await
        .expect("answered")
        .expect("joined")
        .expect("appended, and told so");
    let rows = stored(&pool, "d-1").await;
    assert_eq!(rows.iter().map(|&(p, _)| p).collect::<Vec<_>>(), positions);
    assert_eq!(stored(&pool, "held").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_group_gives_up_its_turn_to_the_appends_after_it() {
    let (_db, pool) = database().await;
    let mut repository = repository(&pool);
    repository.stalled_after(Duration::from_millis(200));
    let repository = Arc::new(repository);
    let first = Blocker::hold(&pool).await;
    let blocked = Blocker::block(&pool, &repository).await;
    // The group after the blocked append is `held` alone, and waits for a second blocker.
    let second = Blocker::hold_on(&pool, "held").await;
    let held = spawn_append(&repository, vec![event("held", 1)], None);
    until_waiting(&repository, 1).await;
    first.tx.rollback().await.expect("rolled back");
    blocked.await.expect("joined").expect("appended");
    until_lock_waits(&pool, 1).await;

    tokio::time::timeout(
        Duration::from_secs(5),
        repository.append(&[event("n-1", 1)], None),
    )
    .await
    .expect("written beside the stalled group")
    .expect("appended");

    second.tx.rollback().await.expect("rolled back");
    held.await.expect("joined").expect("the stalled group ends");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_append_whose_command_is_dropped_while_it_waits_is_never_written() {
    let (_db, pool) = database().await;
    let repository = Arc::new(repository(&pool));
    let blocker = Blocker::hold(&pool).await;
    let blocked = Blocker::block(&pool, &repository).await;
    let orphan = spawn_append(&repository, vec![event("o-1", 1)], None);
    until_waiting(&repository, 1).await;
    orphan.abort();
    let _ = orphan.await;
    assert_eq!(repository.appends_waiting(), 0);

    blocker.tx.rollback().await.expect("rolled back");
    blocked.await.expect("joined").expect("appended");
    // The next appends do not carry it either.
    let waiting = spawn_append(&repository, vec![event("o-2", 1)], None);
    repository
        .append(&[event("o-3", 1)], None)
        .await
        .expect("appended");
    waiting.await.expect("joined").expect("appended");
    assert!(stored(&pool, "o-1").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_whose_groups_share_streams_fail_only_the_clashing_appends() {
    let (_db, pool) = database().await;
    let one = Arc::new(repository(&pool));
    let two = Arc::new(repository(&pool));
    let turn = Blocker::hold(&pool).await;
    let blocked_one = Blocker::block(&pool, &one).await;
    let blocked_two = Blocker::block(&pool, &two).await;
    // Each group's second append waits for a blocker of its own; both groups also append
    // to k-1 and k-2, queued in opposite orders.
    let (b_one, b_two) = (
        Blocker::hold_on(&pool, "b-1").await,
        Blocker::hold_on(&pool, "b-2").await,
    );
    let mut answers = Vec::new();
    for (repository, streams) in [(&one, ["k-1", "b-1", "k-2"]), (&two, ["k-2", "b-2", "k-1"])] {
        for (n, stream) in streams.into_iter().enumerate() {
            answers.push((
                stream,
                spawn_append(repository, vec![event(stream, 1)], None),
            ));
            until_waiting(repository, n + 1).await;
        }
    }
    turn.tx.rollback().await.expect("rolled back");
    let _ = blocked_one.await.expect("joined");
    let _ = blocked_two.await.expect("joined");
    // Both groups now write: each waits, on whichever stream it reached, for a blocker or
    // for the other group.
    until_lock_waits(&pool, 2).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    b_one.tx.rollback().await.expect("rolled back");
    b_two.tx.rollback().await.expect("rolled back");

    for (stream, answer) in answers {
        let answer = tokio::time::timeout(Duration::from_secs(10), answer)
            .await
            .expect("answered")
            .expect("joined");
        match stream {
            "b-1" | "b-2" => {
                answer.unwrap_or_else(|e| panic!("{stream} clashed with nothing: {e:?}"));
            }
            _ => assert!(
                matches!(answer, Ok(_) | Err(PersistenceError::OptimisticLockError)),
                "{stream}: {answer:?}"
            ),
        }
    }
    for stream in ["k-1", "k-2", "b-1", "b-2"] {
        assert_eq!(stored(&pool, stream).await.len(), 1, "{stream}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_few_stalled_writes_give_their_turn_up() {
    let (_db, pool) = database().await;
    let mut repository = repository(&pool);
    repository.stalled_after(Duration::from_millis(100));
    let repository = Arc::new(repository);
    // Five appends, one after another, each stalled on a blocker of its own: the first
    // four give their turn up after 100 ms, the fifth finds no slot and keeps it.
    let mut blockers = Vec::new();
    let mut stalled = Vec::new();
    for n in 0..5 {
        let stream = format!("s-{n}");
        blockers.push(Blocker::hold_on(&pool, &stream).await);
        stalled.push(spawn_append(&repository, vec![event(&stream, 1)], None));
        until_lock_waits(&pool, n + 1).await;
        if n < 4 {
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let next = spawn_append(&repository, vec![event("n-1", 1)], None);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !next.is_finished(),
        "a fifth stalled write gave its turn up"
    );

    let fifth = blockers.pop().expect("five blockers");
    fifth.tx.rollback().await.expect("rolled back");
    tokio::time::timeout(Duration::from_secs(5), next)
        .await
        .expect("written once the fifth ended")
        .expect("joined")
        .expect("appended");
    for blocker in blockers {
        blocker.tx.rollback().await.expect("rolled back");
    }
    for append in stalled {
        append.await.expect("joined").expect("appended");
    }
}
