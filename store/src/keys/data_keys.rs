//! The data keys themselves (a person's, a vote's) as stored: wrapped under a KEK, or, before
//! the first start of this version, in the clear.

use super::wrapping::KeyEncryption;
use super::{registry, KeyError};
use rand::RngCore;
use sqlx::PgConnection;
use std::sync::Arc;
use uuid::Uuid;

/// Bytes of a data key.
pub const DATA_KEY_LEN: usize = 32;

/// What a data key is the key of: bound into its wrapping, so that a wrapped key moved to
/// another row does not open.
#[derive(Debug, Clone, Copy)]
pub enum KeyOf {
    /// A person's personal data.
    Person(Uuid),
    /// A vote's secret ballots.
    Vote(Uuid),
}

impl KeyOf {
    /// The bytes a wrapping of this key is bound to.
    pub fn context(self) -> Vec<u8> {
        let (kind, id): (&[u8], Uuid) = match self {
            KeyOf::Person(id) => (b"person:", id),
            KeyOf::Vote(id) => (b"vote:", id),
        };
        let mut context = kind.to_vec();
        context.extend_from_slice(id.as_bytes());
        context
    }
}

/// A data key's row: the key in the clear (written before this version), or wrapped under a
/// KEK; neither once destroyed.
#[derive(Debug, sqlx::FromRow)]
pub struct StoredKey {
    pub key: Option<Vec<u8>>,
    pub wrapped: Option<Vec<u8>>,
    pub kek: Option<Uuid>,
}

/// A stored key with the id of what it is the key of (a person, a vote).
#[derive(Debug, sqlx::FromRow)]
pub struct StoredRow {
    pub id: Uuid,
    #[sqlx(flatten)]
    pub stored: StoredKey,
}

/// A stored key read with the id of its store, whose KEKs open it.
#[derive(Debug, sqlx::FromRow)]
pub struct InStore {
    pub store: Uuid,
    #[sqlx(flatten)]
    pub row: StoredRow,
}

/// A stored key, opened.
#[derive(Debug)]
pub enum Opened {
    Key([u8; DATA_KEY_LEN]),
    /// Destroyed (an erased person, a closed vote).
    Destroyed,
    /// Wrapped under a KEK that is gone: a rotation replaced it after the row was read, and
    /// reading the row again finds it wrapped under the new one.
    KekGone(Uuid),
}

impl StoredKey {
    /// Opens the key with the KEKs of `store`.
    pub fn open(self, store: Uuid, of: KeyOf) -> Result<Opened, KeyError> {
        let bytes = match (self.key, self.wrapped, self.kek) {
            (Some(plain), _, _) => zeroize::Zeroizing::new(plain),
            (None, Some(wrapped), Some(kek)) => {
                match registry::of(store)?.unwrap(kek, &of.context(), &wrapped)? {
                    Some(key) => key,
                    None => return Ok(Opened::KekGone(kek)),
                }
            }
            _ => return Ok(Opened::Destroyed),
        };
        let key = <[u8; DATA_KEY_LEN]>::try_from(bytes.as_slice())
            .map_err(|_| KeyError::Corrupt(format!("{of:?} is not {DATA_KEY_LEN} bytes")))?;
        Ok(Opened::Key(key))
    }
}

/// The KEK new keys are wrapped under, held (`FOR SHARE`) until the transaction on `conn`
/// ends, so that no rotation replaces it meanwhile: the store, the KEK and the KEKs.
pub async fn current_kek(
    conn: &mut PgConnection,
) -> Result<(Uuid, Uuid, Arc<dyn KeyEncryption>), KeyError> {
    let (store, kek): (Uuid, Option<Uuid>) = sqlx::query_as(
        "SELECT s.id, k.current FROM key_encryption k CROSS JOIN store_identity s FOR SHARE OF k",
    )
    .fetch_one(&mut *conn)
    .await?;
    let keks = registry::of(store)?;
    let kek = kek.ok_or(KeyError::NotOpen(store))?;
    Ok((store, kek, keks))
}

/// A fresh random data key, and its wrapping under `kek`.
pub fn fresh(
    keks: &dyn KeyEncryption,
    kek: Uuid,
    of: KeyOf,
) -> Result<([u8; DATA_KEY_LEN], Vec<u8>), KeyError> {
    let mut key = [0u8; DATA_KEY_LEN];
    rand::thread_rng().fill_bytes(&mut key);
    let wrapped = keks
        .wrap(kek, &of.context(), &key)?
        .ok_or(KeyError::UnknownKek(kek))?;
    Ok((key, wrapped))
}

/// Marks a rotation due, in the transaction on `conn` that destroys a key. Called before the
/// key's row is touched: rows are locked in the order a rotation locks them (this table's
/// first), so the two never wait for each other in a circle.
pub async fn mark_rotation_due(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE key_encryption SET rotation_due = true")
        .execute(conn)
        .await
        .map(drop)
}
