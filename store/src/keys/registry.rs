//! Which KEKs each store's keys are wrapped under: the stores opened by this process.
//!
//! A process opens its store's key directory once ([`open`]: the server at start, each
//! `charter` command that reads personal data), and every part of it that seals or opens
//! keys (the write side, the projectors, the notifications) finds the KEKs here by the
//! store id the database gives, without being handed them.

use super::directory::KeyDirectory;
use super::wrapping::{DirectoryKeks, KeyEncryption};
use super::{rotation, KeyError};
use sqlx::PgPool;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, LazyLock, PoisonError, RwLock};
use uuid::Uuid;

type Stores = RwLock<HashMap<Uuid, Arc<dyn KeyEncryption>>>;

static STORES: LazyLock<Stores> = LazyLock::new(Stores::default);

/// Opens the key directory `dir` for the store in `pool` (making its folder at first start)
/// and carries out a key rotation that is due: the first start's, which wraps the keys an
/// earlier version kept in the clear, or one an erasure or a closed vote asked for and a
/// crash interrupted.
pub async fn open(dir: &Path, pool: &PgPool) -> Result<(), KeyError> {
    let directory = KeyDirectory::for_store(dir, pool).await?;
    let store = store_id(pool).await?;
    let keks = Arc::new(DirectoryKeks::new(directory));
    // A directory that is not this store's (a wrong path, an empty volume) is found at
    // start, not at the first person's data read.
    // (Read again after a miss: another instance may have rotated meanwhile.)
    for attempt in 1..=3 {
        let current: Option<Uuid> = sqlx::query_scalar("SELECT current FROM key_encryption")
            .fetch_one(pool)
            .await?;
        match current {
            Some(kek) if keks.wrap(kek, b"check", &[0; 32])?.is_none() => {
                if attempt == 3 {
                    return Err(KeyError::UnknownKek(kek));
                }
            }
            _ => break,
        }
    }
    register(store, keks);
    rotation::rotate_if_due(pool).await?;
    Ok(())
}

/// Uses `keks` for the keys of `store` (another implementation than the key directory's,
/// such as a key management service).
pub fn register(store: Uuid, keks: Arc<dyn KeyEncryption>) {
    STORES
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(store, keks);
}

/// The KEKs of `store`.
pub fn of(store: Uuid) -> Result<Arc<dyn KeyEncryption>, KeyError> {
    STORES
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&store)
        .cloned()
        .ok_or(KeyError::NotOpen(store))
}

/// The id of the store in `pool`.
pub async fn store_id(pool: &PgPool) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM store_identity")
        .fetch_one(pool)
        .await
}
