//! The keys personal data is sealed under, and sealing and opening values with them.
//!
//! What is personal and whom it is about is the domain's table
//! ([`charter_domain::personal`]); this module keeps one random key per subject in
//! `personal_data_keys`, outside the event store and wrapped under a key-encryption key of
//! the key directory ([`crate::keys`]), and applies the table to events on the
//! way into the store (sealing, [`crate::sealing`]) and on the way out (opening; the
//! projector opens the events it reads in `charter_projections`). Erasing a subject destroys
//! their key: from then on every value sealed under it opens as
//! [`charter_domain::personal::ERASED`], while the stored bytes and the hash chains
//! over them stay as they were.

use crate::keys::data_keys::{self, InStore, KeyOf, Opened};
use crate::keys::KeyError;
use charter_domain::personal::{self, Key, PersonalField, SealError, ERASED};
use rand::RngCore;
use serde_json::Value;
use sqlx::{PgConnection, PgPool};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The keys of some subjects, as read from `personal_data_keys`.
#[derive(Default)]
pub struct KeyRing {
    keys: HashMap<Uuid, Key>,
    erased: HashSet<Uuid>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the keys themselves.
        f.debug_struct("KeyRing")
            .field("subjects", &self.keys.len())
            .field("erased", &self.erased.len())
            .finish()
    }
}

/// A personal value sealed again for a read model, by [`KeyRing::reseal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resealed {
    /// Sealed under the keys of its subjects.
    Sealed(String),
    /// A subject was erased: the value is [`ERASED`] now.
    Erased,
    /// The ring holds no key for a subject and no erasure: the value was not sealed in the
    /// store either (written before sealing existed), or it is [`ERASED`] already. It is
    /// kept as it is.
    Plain,
}

/// What erasing a subject's key found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destroyed {
    /// The key existed and is now gone.
    Now,
    /// It was already destroyed by an earlier erasure.
    Before,
    /// Nothing was ever sealed under this subject.
    Unknown,
}

impl KeyRing {
    /// The keys of `subjects` that exist, opened with the KEKs of the key directory;
    /// destroyed ones are noted as erased.
    pub async fn load(conn: &mut PgConnection, subjects: &[Uuid]) -> Result<Self, sqlx::Error> {
        let mut ring = Self::default();
        if subjects.is_empty() {
            return Ok(ring);
        }
        // A rotation may replace the KEK between the read and the opening: the rows are
        // then read again, wrapped under the new one.
        let mut gone = None;
        for _ in 0..3 {
            let rows: Vec<InStore> = sqlx::query_as(
                "SELECT s.id AS store, p.subject_id AS id, p.key, p.wrapped, p.kek
                 FROM personal_data_keys p CROSS JOIN store_identity s
                 WHERE p.subject_id = ANY($1)",
            )
            .bind(subjects)
            .fetch_all(&mut *conn)
            .await?;
            ring = Self::default();
            gone = None;
            for InStore { store, row } in rows {
                let subject = row.id;
                match row.stored.open(store, KeyOf::Person(subject))? {
                    Opened::Key(key) => {
                        ring.keys.insert(subject, key);
                    }
                    Opened::Destroyed => {
                        ring.erased.insert(subject);
                    }
                    Opened::KekGone(kek) => gone = Some(kek),
                }
            }
            if gone.is_none() {
                return Ok(ring);
            }
        }
        Err(KeyError::UnknownKek(gone.unwrap_or_default()).into())
    }

    /// The keys of `subjects` for sealing new events: a subject without a key gets one,
    /// stored wrapped under the current KEK.
    pub async fn for_sealing(pool: &PgPool, subjects: &[Uuid]) -> Result<Self, sqlx::Error> {
        if subjects.is_empty() {
            return Ok(Self::default());
        }
        let mut tx = pool.begin().await?;
        let (_, kek, keks) = data_keys::current_kek(&mut tx).await?;
        let mut wrapped = Vec::with_capacity(subjects.len());
        for subject in subjects {
            wrapped.push(data_keys::fresh(&*keks, kek, KeyOf::Person(*subject))?.1);
        }
        sqlx::query(
            "INSERT INTO personal_data_keys (subject_id, wrapped, kek)
             SELECT s, w, $3 FROM unnest($1::uuid[], $2::bytea[]) AS u (s, w)
             ON CONFLICT (subject_id) DO NOTHING",
        )
        .bind(subjects)
        .bind(&wrapped)
        .bind(kek)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        let mut conn = pool.acquire().await?;
        Self::load(&mut conn, subjects).await
    }

    /// Adds the keys of `other`, and its erasures.
    pub fn merge(&mut self, other: KeyRing) {
        self.keys.extend(other.keys);
        self.erased.extend(other.erased);
    }

    /// The keys held, for a cache.
    pub fn keys(&self) -> impl Iterator<Item = (Uuid, Key)> + '_ {
        self.keys.iter().map(|(id, key)| (*id, *key))
    }

    /// A ring of keys taken from a cache.
    pub fn from_keys(keys: impl IntoIterator<Item = (Uuid, Key)>) -> Self {
        Self {
            keys: keys.into_iter().collect(),
            erased: HashSet::new(),
        }
    }

    /// Seals every personal value of an event about to be stored. A value about someone
    /// already erased is not kept at all.
    pub fn seal(
        &self,
        aggregate_type: &str,
        event_type: &str,
        payload: &mut Value,
        metadata: &mut Value,
    ) {
        if let Some(root) = payload.get_mut(event_type) {
            self.seal_in(root, personal::fields(aggregate_type, event_type));
        }
        self.seal_in(metadata, personal::METADATA_FIELDS);
    }

    fn seal_in(&self, root: &mut Value, fields: &[PersonalField]) {
        let _ = personal::transform::<()>(root, fields, |slot| {
            let Value::String(plain) = slot.value else {
                return Ok(());
            };
            if slot.subjects.is_empty() {
                return Ok(());
            }
            let keys: Option<Vec<(Uuid, Key)>> = slot
                .subjects
                .iter()
                .map(|id| self.keys.get(id).map(|key| (*id, *key)))
                .collect();
            *plain = match keys {
                Some(keys) => {
                    let mut nonce = [0u8; 12];
                    rand::thread_rng().fill_bytes(&mut nonce);
                    personal::seal(plain, &keys, nonce)
                }
                None => ERASED.to_owned(),
            };
            Ok(())
        });
    }

    /// Opens every sealed personal value of an event's payload, in place.
    pub fn open_payload(
        &self,
        aggregate_type: &str,
        event_type: &str,
        payload: &mut Value,
    ) -> Result<(), SealError> {
        match payload.get_mut(event_type) {
            Some(root) => self.open_in(root, personal::fields(aggregate_type, event_type)),
            None => Ok(()),
        }
    }

    /// Opens every sealed personal value of an event's metadata, in place.
    pub fn open_metadata(&self, metadata: &mut Value) -> Result<(), SealError> {
        self.open_in(metadata, personal::METADATA_FIELDS)
    }

    fn open_in(&self, root: &mut Value, fields: &[PersonalField]) -> Result<(), SealError> {
        personal::transform(root, fields, |slot| match slot.value {
            Value::String(text) => self.open_text(text),
            _ => Ok(()),
        })
    }

    /// `plain` sealed under `subject`'s key alone, for what is kept outside the event
    /// store (a message in the outbox); `None` when the ring holds no key for them (erased,
    /// or never given one).
    pub fn seal_value(&self, subject: Uuid, plain: &str) -> Option<String> {
        let key = self.keys.get(&subject)?;
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        Some(personal::seal(plain, &[(subject, *key)], nonce))
    }

    /// `plain` sealed under the keys of `subjects` together (sorted and deduplicated here),
    /// for a read model that keeps what an event told ([`Resealed`]).
    pub fn reseal(&self, subjects: &[Uuid], plain: &str) -> Resealed {
        if plain == ERASED || subjects.is_empty() {
            return Resealed::Plain;
        }
        let mut ids = subjects.to_vec();
        ids.sort_unstable();
        ids.dedup();
        if ids.iter().any(|id| self.erased.contains(id)) {
            return Resealed::Erased;
        }
        let keys: Option<Vec<(Uuid, Key)>> = ids
            .iter()
            .map(|id| self.keys.get(id).map(|key| (*id, *key)))
            .collect();
        match keys {
            Some(keys) => {
                let mut nonce = [0u8; 12];
                rand::thread_rng().fill_bytes(&mut nonce);
                Resealed::Sealed(personal::seal(plain, &keys, nonce))
            }
            None => Resealed::Plain,
        }
    }

    /// Opens one value if it is sealed; a value written before sealing is left as it is.
    pub fn open_text(&self, text: &mut String) -> Result<(), SealError> {
        if personal::sealed_subjects(text).is_none() {
            return Ok(());
        }
        *text = personal::open(text, |id| self.keys.get(&id).copied())?
            .unwrap_or_else(|| ERASED.to_owned());
        Ok(())
    }
}

/// The subjects whose keys are needed to seal an event's personal values.
pub fn subjects_to_seal(
    aggregate_type: &str,
    event_type: &str,
    payload: &Value,
    metadata: &Value,
) -> Vec<Uuid> {
    let mut all = payload
        .get(event_type)
        .map(|root| personal::subjects_of(root, personal::fields(aggregate_type, event_type)))
        .unwrap_or_default();
    all.extend(personal::subjects_of(metadata, personal::METADATA_FIELDS));
    all
}

/// The subjects whose keys are needed to open the sealed values of an event's payload.
pub fn subjects_to_open(aggregate_type: &str, event_type: &str, payload: &Value) -> Vec<Uuid> {
    let mut all = Vec::new();
    if let Some(root) = payload.get(event_type) {
        personal::visit(
            root,
            personal::fields(aggregate_type, event_type),
            |value, _| {
                if let Some(ids) = value.as_str().and_then(personal::sealed_subjects) {
                    all.extend(ids);
                }
            },
        );
    }
    all
}

/// Destroys the key of `subject`, so that nothing sealed under it can be read again: its
/// row here at once, and every copy of it (old row versions, the WAL, backups) at the
/// rotation that follows (see [`crate::keys::rotation`]; the caller runs it, and the
/// scheduler runs one that did not finish).
pub async fn destroy_key(pool: &PgPool, subject: Uuid) -> Result<Destroyed, sqlx::Error> {
    let mut tx = pool.begin().await?;
    data_keys::mark_rotation_due(&mut tx).await?;
    let destroyed: Option<bool> = sqlx::query_scalar(
        "UPDATE personal_data_keys
         SET key = NULL, wrapped = NULL, kek = NULL, erased_at = coalesce(erased_at, now())
         WHERE subject_id = $1
         RETURNING erased_at = now()",
    )
    .bind(subject)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    // Before the erasure answers: no read in this process opens the value from now on.
    crate::erasures::key_destroyed(pool);
    Ok(match destroyed {
        None => Destroyed::Unknown,
        Some(true) => Destroyed::Now,
        Some(false) => Destroyed::Before,
    })
}
