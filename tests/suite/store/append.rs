//! The append: a command's events and the document bytes they refer to, in one statement
//! and one transaction, events first; a clash with another writer writes nothing.

use super::aggregate_cache::{commands, eligible};
use crate::projections::projector::{database, founder};
use charter_api::commands::{Accepted, CommandError, Commands, Prerequisite};
use charter_api::sealing::{KeyCache, SealingRepository};
use charter_domain::application::{
    Application, ApplicationCommand, ApplicationError, ApplicationEvent, DocumentKind,
};
use charter_domain::{Actor, ApplicationId, Authored};
use charter_projections::{EventMetadata, RecentAppends};
use cqrs_es::persist::{PersistenceError, SerializedEvent};
use serde_json::json;
use sqlx::PgPool;
use std::sync::Arc;

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
    commands: &Commands<Application>,
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
