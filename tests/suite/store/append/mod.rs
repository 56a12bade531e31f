//! The append: a command's events and the document bytes they refer to, in one statement
//! and one transaction, events first; a clash with another writer writes nothing.

mod blocker;
mod connections;
mod documents;
mod groups;
mod stalls;
mod statement;

use charter_store::sealing::{KeyCache, SealingRepository};
use cqrs_es::persist::SerializedEvent;
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
