//! Rotating the KEK: the step that makes a destroyed key unrecoverable from any copy of
//! the database.
//!
//! Destroying a key in PostgreSQL (a NULL, a DELETE) leaves its old row version on disk
//! until vacuumed and overwritten, and for good in the WAL, on replicas and in backups. Those
//! copies hold the key wrapped under the KEK of its time. A rotation makes a new KEK, wraps
//! every living key again under it, commits, and then removes every other KEK's file: the
//! copies then hold keys wrapped under a KEK that no longer exists anywhere.

use super::data_keys::{KeyOf, Opened, StoredRow};
use super::{registry, KeyError};
use sqlx::{Acquire, PgPool};
use std::time::Instant;
use uuid::Uuid;

/// The advisory lock one rotation at a time holds, across instances ("KEKROTAT").
const ROTATION_LOCK: i64 = 0x4b45_4b52_4f54_4154;

/// What a rotation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// The KEK every living key is now wrapped under.
    pub kek: Uuid,
    /// Keys wrapped again (persons' and open votes').
    pub keys: usize,
    /// KEKs destroyed.
    pub destroyed: usize,
}

/// Rotates when a key was destroyed since the last rotation, when no KEK exists yet, or
/// when keys are still kept in the clear.
pub async fn rotate_if_due(pool: &PgPool) -> Result<Option<Rotation>, KeyError> {
    let due: bool = sqlx::query_scalar(
        "SELECT rotation_due OR current IS NULL
                OR EXISTS (SELECT 1 FROM personal_data_keys WHERE key IS NOT NULL)
                OR EXISTS (SELECT 1 FROM vote_keys WHERE key IS NOT NULL)
         FROM key_encryption",
    )
    .fetch_one(pool)
    .await?;
    if !due {
        return Ok(None);
    }
    rotate(pool).await.map(Some)
}

/// Makes a new KEK, wraps every living key under it, and destroys every other KEK.
pub async fn rotate(pool: &PgPool) -> Result<Rotation, KeyError> {
    let mut conn = pool.acquire().await?;
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(ROTATION_LOCK)
        .execute(&mut *conn)
        .await?;
    let rotated = rotate_locked(&mut conn).await;
    let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(ROTATION_LOCK)
        .execute(&mut *conn)
        .await;
    if unlocked.is_err() {
        // A connection whose unlock failed must not go back to the pool holding the lock.
        conn.detach();
    }
    rotated
}

async fn rotate_locked(conn: &mut sqlx::PgConnection) -> Result<Rotation, KeyError> {
    let started = Instant::now();
    let store: Uuid = sqlx::query_scalar("SELECT id FROM store_identity")
        .fetch_one(&mut *conn)
        .await?;
    let keks = registry::of(store)?;
    let kek = keks.create()?;
    let mut tx = conn.begin().await?;
    sqlx::query("SELECT current FROM key_encryption FOR UPDATE")
        .execute(&mut *tx)
        .await?;
    let mut keys = 0;
    for (table, column) in [
        ("personal_data_keys", "subject_id"),
        ("vote_keys", "vote_id"),
    ] {
        let rows: Vec<StoredRow> = sqlx::query_as(&format!(
            "SELECT {column} AS id, key, wrapped, kek FROM {table}
             WHERE key IS NOT NULL OR wrapped IS NOT NULL"
        ))
        .fetch_all(&mut *tx)
        .await?;
        let mut ids = Vec::with_capacity(rows.len());
        let mut wrapped_again = Vec::with_capacity(rows.len());
        for StoredRow { id, stored } in rows {
            let of = if table == "vote_keys" {
                KeyOf::Vote(id)
            } else {
                KeyOf::Person(id)
            };
            let key = match stored.open(store, of)? {
                Opened::Key(key) => key,
                Opened::Destroyed => continue,
                // Nothing is destroyed while a key cannot be opened: the rotation stops.
                Opened::KekGone(old) => return Err(KeyError::UnknownKek(old)),
            };
            let wrapped = keks
                .wrap(kek, &of.context(), &key)?
                .ok_or(KeyError::UnknownKek(kek))?;
            ids.push(id);
            wrapped_again.push(wrapped);
        }
        keys += ids.len();
        // A key destroyed meanwhile (its row changed after it was read) stays destroyed:
        // the condition is checked again on the row's latest version.
        sqlx::query(&format!(
            "UPDATE {table} t SET key = NULL, wrapped = u.wrapped, kek = $3
             FROM unnest($1::uuid[], $2::bytea[]) AS u (id, wrapped)
             WHERE t.{column} = u.id AND (t.key IS NOT NULL OR t.wrapped IS NOT NULL)"
        ))
        .bind(&ids)
        .bind(&wrapped_again)
        .bind(kek)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE key_encryption SET current = $1, rotation_due = false, rotated_at = now()")
        .bind(kek)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    // Only once every living key is wrapped under the new KEK for good.
    let destroyed = keks.destroy_all_but(kek)?;
    tracing::info!(
        %kek, keys, destroyed, took_ms = started.elapsed().as_millis() as u64,
        "key-encryption key rotated"
    );
    Ok(Rotation {
        kek,
        keys,
        destroyed,
    })
}
