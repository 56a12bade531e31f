//! Signing a checkpoint of the log as it stands, keeping it in the database and writing it
//! to the anchor directory, outside the database.

use super::checkpoint::{checkpoint_time, Checkpoint, CheckpointKey};
use super::log::{extend, extend_settled, LOCK};
use super::nodes::{log_size, subtree_hashes, to_i64, to_u64};
use super::HistoryError;
use crate::merkle::{self, subtrees};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;
use uuid::Uuid;

/// How long a checkpoint on demand waits for the transactions open when it was asked for
/// (write transactions are kept short; a longer one is left for the next checkpoint).
const SETTLING: Duration = Duration::from_secs(10);

/// When to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signing {
    /// Always (on demand: `charter audit checkpoint`).
    Always,
    /// Only when the log holds more leaves than the latest checkpoint (on a schedule).
    IfGrown,
}

/// Brings the log up to date (on demand, with every event committed before the call:
/// see [`extend_settled`]), then signs a checkpoint of it at `now` (`None` when
/// [`Signing::IfGrown`] and it did not grow), keeps it, and writes it to `anchor_dir`.
pub async fn sign_checkpoint(
    pool: &PgPool,
    key: &CheckpointKey,
    anchor_dir: &Path,
    now: DateTime<Utc>,
    when: Signing,
) -> Result<Option<Checkpoint>, HistoryError> {
    match when {
        Signing::Always => extend_settled(pool, SETTLING).await?,
        Signing::IfGrown => extend(pool).await?,
    };
    let mut tx = pool.begin().await?;
    // The log stays as it is while it is signed.
    sqlx::query(LOCK).execute(&mut *tx).await?;
    let size = log_size(&mut tx).await?;
    let latest: Option<i64> = sqlx::query_scalar("SELECT max(tree_size) FROM merkle_checkpoints")
        .fetch_one(&mut *tx)
        .await?;
    if when == Signing::IfGrown && latest.map_or(size == 0, |latest| to_u64(latest) >= size) {
        return Ok(None);
    }
    let root = root_at(&mut tx, size).await?;
    let store: Uuid = sqlx::query_scalar("SELECT id FROM store_identity")
        .fetch_one(&mut *tx)
        .await?;
    // Kept to the microsecond, as PostgreSQL keeps it.
    let now = DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now);
    let checkpoint = key.sign(store, size, &root, now);
    sqlx::query(
        "INSERT INTO merkle_checkpoints (tree_size, signed_at, root_hash, key_id, signature)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(to_i64(size))
    .bind(now)
    .bind(root.to_vec())
    .bind(&checkpoint.key_id)
    .bind(hex::decode(&checkpoint.signature).unwrap_or_default())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    write_anchor(anchor_dir, &checkpoint)?;
    Ok(Some(checkpoint))
}

/// The root of the log's first `size` leaves, from the stored subtrees (`O(log n)` reads).
pub async fn root_at(conn: &mut PgConnection, size: u64) -> Result<merkle::Hash, HistoryError> {
    if size == 0 {
        return Ok(merkle::empty_root());
    }
    let parts = subtrees(0, size);
    let stored = subtree_hashes(conn, &parts).await?;
    merkle::range_hash(0, size, &mut |s| stored.get(&s).copied())
        .ok_or_else(|| HistoryError::Corrupt(format!("the log of {size} leaves lacks a subtree")))
}

/// The latest checkpoint signed (the largest tree, the latest time), if any.
pub async fn latest(pool: &PgPool) -> Result<Option<Checkpoint>, sqlx::Error> {
    type Row = (i64, DateTime<Utc>, Vec<u8>, String, Vec<u8>, Uuid);
    let row: Option<Row> = sqlx::query_as(
        "SELECT c.tree_size, c.signed_at, c.root_hash, c.key_id, c.signature, s.id
         FROM merkle_checkpoints c, store_identity s
         ORDER BY c.tree_size DESC, c.signed_at DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(
        |(size, signed_at, root, key_id, signature, store_id)| Checkpoint {
            store_id,
            tree_size: to_u64(size),
            root_hash: hex::encode(root),
            time: checkpoint_time(signed_at),
            key_id,
            signature: hex::encode(signature),
        },
    ))
}

/// The folder of `store`'s checkpoints in the anchor directory.
pub fn anchor_folder(anchor_dir: &Path, store: Uuid) -> PathBuf {
    anchor_dir.join(store.to_string())
}

/// Writes `checkpoint` to `<anchor_dir>/<store id>/checkpoint-<tree size>-<time>.json`:
/// to a temporary file, flushed, then renamed into place.
pub fn write_anchor(anchor_dir: &Path, checkpoint: &Checkpoint) -> io::Result<PathBuf> {
    let folder = anchor_folder(anchor_dir, checkpoint.store_id);
    fs::create_dir_all(&folder)?;
    let stamp: String = checkpoint
        .time
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let name = format!("checkpoint-{:012}-{stamp}.json", checkpoint.tree_size);
    let path = folder.join(&name);
    let temporary = folder.join(format!(".{name}.tmp"));
    let mut file = fs::File::create(&temporary)?;
    let mut json = serde_json::to_vec_pretty(checkpoint).map_err(io::Error::other)?;
    json.push(b'\n');
    file.write_all(&json)?;
    file.sync_all()?;
    fs::rename(&temporary, &path)?;
    fs::File::open(&folder)?.sync_all()?;
    Ok(path)
}
