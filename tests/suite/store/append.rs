//! The append: a command's events and the document bytes they refer to, in one statement
//! and one transaction, events first; a clash with another writer writes nothing.

use super::aggregate_cache::{commands, eligible};
use crate::projections::projector::{database, founder};
use charter_api::commands::{Accepted, CommandBus, CommandError, Prerequisite};
use charter_api::store::db::{KeptConnection, Taken, KEEP_IDLE_FOR};
use charter_api::store::sealing::{KeyCache, SealingRepository};
use charter_domain::application::{
    Application, ApplicationCommand, ApplicationError, ApplicationEvent, DocumentKind,
};
use charter_domain::{Actor, ApplicationId, Authored};
use charter_projections::{EventMetadata, RecentAppends};
use charter_tests::TestDatabase;
use cqrs_es::persist::{PersistenceError, SerializedEvent};
use serde_json::json;
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;

fn repository(pool: &PgPool) -> SealingRepository {
    SealingRepository::new(pool.clone(), Arc::new(KeyCache::default()))
}

fn event(stream: &str, sequence: usize) -> SerializedEvent {
    SerializedEvent::new(
        stream.to_owned(),
        sequence,
        "TestStream".to_owned(),
        "Ticked".to_owned(),
        "1.0".to_owned(),
        json!({"Ticked": {"n": sequence, "note": "zwölf \"Zeichen\""}}),
        json!({"request_id": format!("r{sequence}")}),
    )
}

async fn blob_exists(pool: &PgPool, sha256: &str) -> bool {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM document_blobs WHERE sha256 = $1)")
        .bind(sha256)
        .fetch_one(pool)
        .await
        .expect("blob look-up")
}

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
    let verification = charter_projections::integrity::verify(&pool)
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

/// Submits a document whose bytes have SHA-256 `sha256`, as `founder`, with its bytes.
async fn submit(
    commands: &CommandBus<Application>,
    id: ApplicationId,
    founder: &Actor,
    sha256: &str,
) -> Result<Accepted<ApplicationEvent>, CommandError<ApplicationError>> {
    let document = ApplicationCommand::SubmitDocument {
        kind: DocumentKind::PreliminaryReport,
        sha256: sha256.to_owned(),
        size: 5,
        media_type: "application/pdf".to_owned(),
        file_name: "report.pdf".to_owned(),
    };
    let blob = Prerequisite::Blob {
        sha256: sha256.to_owned(),
        content: bytes::Bytes::from_static(b"%PDF-"),
    };
    commands
        .execute(
            &id.to_string(),
            Authored::new(founder.clone(), chrono::Utc::now(), document),
            &EventMetadata::default(),
            Some(&blob),
        )
        .await
}

#[tokio::test]
async fn a_document_commits_with_its_event_and_a_refused_one_writes_no_bytes() {
    let (_db, pool) = database().await;
    let commands = commands(&pool, 10);
    let id = ApplicationId::new();
    let founder = founder(id);

    // Refused: the application does not exist yet.
    let refused_sha = "c".repeat(64);
    let refused = submit(&commands, id, &founder, &refused_sha).await;
    assert!(
        matches!(refused, Err(CommandError::Refused(_))),
        "{refused:?}"
    );
    assert!(!blob_exists(&pool, &refused_sha).await);

    eligible(&commands, id, &founder).await;
    let sha256 = "d".repeat(64);
    let accepted = submit(&commands, id, &founder, &sha256)
        .await
        .expect("accepted");
    let (position, tx_id, blob_tx_id): (i64, String, String) = sqlx::query_as(
        "SELECT e.global_position, e.tx_id::text, b.xmin::text
         FROM events e, document_blobs b
         WHERE e.aggregate_id = $1 AND e.sequence = $2 AND b.sha256 = $3",
    )
    .bind(id.to_string())
    .bind(accepted.version)
    .bind(&sha256)
    .fetch_one(&pool)
    .await
    .expect("the event and its bytes");
    assert_eq!(accepted.position, position);
    // Written by the same transaction (the blob row's xmin is the 32-bit form of the xid).
    let full: u64 = tx_id.parse().expect("xid8");
    assert_eq!(blob_tx_id, (full & 0xFFFF_FFFF).to_string());
}

#[tokio::test]
async fn the_store_keeps_bytes_only_under_a_sha256_in_lowercase_hex() {
    let (_db, pool) = database().await;
    let store = |name: String| {
        let pool = pool.clone();
        async move {
            sqlx::query("INSERT INTO document_blobs (sha256, size, content) VALUES ($1, 1, 'x')")
                .bind(&name)
                .execute(&pool)
                .await
        }
    };
    let refused_by_the_check = |result: Result<_, sqlx::Error>, name: &str| match result {
        Err(sqlx::Error::Database(error)) => assert_eq!(
            error.constraint(),
            Some("document_blobs_sha256_check"),
            "{name}: {error}"
        ),
        other => panic!("{name}: stored ({other:?})"),
    };
    let digits = "0123456789abcdef".repeat(4);
    for name in [
        digits[..63].to_owned(),
        format!("{digits}0"),
        digits.to_uppercase(),
        format!("{}g", &digits[..63]),
        format!("{} ", &digits[..63]),
        format!("{}\n", &digits[..63]),
        // 64 bytes, one character not a digit.
        format!("{}é", &digits[..62]),
        String::new(),
    ] {
        refused_by_the_check(store(name.clone()).await, &name);
    }
    store(digits.clone())
        .await
        .expect("64 lowercase hex digits");
    assert!(blob_exists(&pool, &digits).await);
}

/// An open transaction that has stored event 1 of stream `blocker`: an append of the same
/// event waits for it, holding its group's turn, until it commits or rolls back.
struct Blocker {
    tx: sqlx::Transaction<'static, sqlx::Postgres>,
}

impl Blocker {
    async fn hold(pool: &PgPool) -> Self {
        Self::hold_on(pool, "blocker").await
    }

    /// Event 1 of `stream`.
    async fn hold_on(pool: &PgPool, stream: &str) -> Self {
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
    async fn block(
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
async fn lock_waits(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'",
    )
    .fetch_one(pool)
    .await
    .expect("locks")
}

async fn until_lock_waits(pool: &PgPool, count: i64) {
    let started = std::time::Instant::now();
    while lock_waits(pool).await < count {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "fewer than {count} statements ever waited"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn spawn_append(
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
async fn until_waiting(repository: &SealingRepository, count: usize) {
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

async fn stored(pool: &PgPool, stream: &str) -> Vec<(i64, i64)> {
    sqlx::query_as(
        "SELECT global_position, tx_id::text::bigint FROM events
         WHERE aggregate_id = $1 ORDER BY sequence",
    )
    .bind(stream)
    .fetch_all(pool)
    .await
    .expect("stored events")
}

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
    let verification = charter_projections::integrity::verify(&pool)
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
    charter_api::store::db::migrate(&pool)
        .await
        .expect("migrate");
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
