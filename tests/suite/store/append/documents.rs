//! A document's bytes, written in the transaction of the event that refers to them.

use super::super::aggregate_cache::{commands, eligible};
use super::blob_exists;
use crate::projections::projector::{database, founder};
use charter_api::commands::{Accepted, CommandBus, CommandError, Prerequisite};
use charter_domain::application::{
    Application, ApplicationCommand, ApplicationError, ApplicationEvent, DocumentKind,
};
use charter_domain::{Actor, ApplicationId, Authored};
use charter_store::EventMetadata;

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
