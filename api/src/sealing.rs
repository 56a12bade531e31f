//! The event store as the write side sees it: postgres-es's, with personal data sealed on
//! the way in and opened on the way out (see `charter_domain::personal`). Aggregates decide
//! on plain values; only sealed values are ever stored. Commands append through
//! [`SealingRepository::append`], one statement per command, rather than through
//! postgres-es's `persist` (a transaction of one statement per event, which returns no
//! positions).

use charter_domain::personal::Key;
use charter_projections::personal_data::{self, KeyRing};
use charter_projections::{Announcer, RecentAppends};
use cqrs_es::persist::{
    PersistedEventRepository, PersistenceError, ReplayStream, SerializedEvent, SerializedSnapshot,
};
use cqrs_es::Aggregate;
use postgres_es::PostgresEventRepository;
use serde_json::Value;
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a key stays in a process's cache. An erasure by another instance is heard at
/// once, by notification (see [`crate::invalidation`]); only while this instance's
/// listener is not connected does it reach the write side this late. Until then the write
/// side may still open the erased person's values into the state it decides on, and seal
/// new ones under the destroyed key, which no one can open. The read side (projector,
/// audit log) always asks the database.
const KEY_TTL: Duration = Duration::from_secs(60);

/// The subjects' keys the write side used lately.
#[derive(Default)]
pub struct KeyCache {
    keys: Mutex<Keys>,
}

#[derive(Default)]
struct Keys {
    /// Moves on at every [`KeyCache::clear`]: keys read before one are not kept after it.
    generation: u64,
    held: HashMap<Uuid, (Key, Instant)>,
}

impl std::fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyCache").finish_non_exhaustive()
    }
}

impl KeyCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Keys> {
        self.keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The cached keys of `subjects`, the subjects not cached, and the generation to pass
    /// to [`KeyCache::remember`] with the keys read for those.
    fn split(&self, subjects: &[Uuid]) -> (Vec<(Uuid, Key)>, Vec<Uuid>, u64) {
        let now = Instant::now();
        let mut keys = self.lock();
        let mut known = Vec::new();
        let mut missing = Vec::new();
        for subject in subjects {
            match keys.held.get(subject) {
                Some((key, at)) if now.duration_since(*at) < KEY_TTL => {
                    known.push((*subject, *key))
                }
                Some(_) => {
                    keys.held.remove(subject);
                    missing.push(*subject);
                }
                None => missing.push(*subject),
            }
        }
        (known, missing, keys.generation)
    }

    /// Keeps the keys of `ring`, read under `generation`; none if the cache was cleared
    /// since (an erasure may have destroyed one of them after it was read).
    fn remember(&self, ring: &KeyRing, generation: u64) {
        let now = Instant::now();
        let mut keys = self.lock();
        if keys.generation != generation {
            return;
        }
        if keys.held.len() > 100_000 {
            keys.held.clear();
        }
        keys.held
            .extend(ring.keys().map(|(id, key)| (id, (key, now))));
    }

    /// Forgets every key (after an erasure).
    pub fn clear(&self) {
        let mut keys = self.lock();
        keys.generation = keys.generation.wrapping_add(1);
        keys.held.clear();
    }

    /// Whether `subject`'s key is kept.
    pub fn holds(&self, subject: Uuid) -> bool {
        self.lock().held.contains_key(&subject)
    }
}

/// postgres-es's event repository, sealing personal data.
pub struct SealingRepository {
    inner: PostgresEventRepository,
    pool: PgPool,
    keys: Arc<KeyCache>,
    /// Told after each append's commit.
    announcer: Announcer,
    /// Where each append's transaction id is kept for this instance's readers.
    recent: RecentAppends,
}

impl std::fmt::Debug for SealingRepository {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealingRepository").finish_non_exhaustive()
    }
}

impl SealingRepository {
    /// The event store in `pool`, caching keys in `keys`. Each append is announced by a
    /// NOTIFY of its own (see [`SealingRepository::announcing`]).
    pub fn new(pool: PgPool, keys: Arc<KeyCache>) -> Self {
        Self {
            inner: PostgresEventRepository::new(pool.clone()),
            announcer: Announcer::direct(pool.clone()),
            pool,
            keys,
            recent: RecentAppends::default(),
        }
    }

    /// Keeps each append's transaction id in `recent` (by default, one of its own).
    pub fn recording(&mut self, recent: RecentAppends) {
        self.recent = recent;
    }

    /// Announces each append with `announcer` instead.
    pub fn announcing(&mut self, announcer: Announcer) {
        self.announcer = announcer;
    }

    /// The keys of `subjects`: cached ones, and the rest from the database (created when
    /// `create`).
    async fn ring(&self, subjects: &[Uuid], create: bool) -> Result<KeyRing, PersistenceError> {
        let (known, missing, generation) = self.keys.split(subjects);
        let mut ring = KeyRing::from_keys(known);
        if !missing.is_empty() {
            let loaded = if create {
                KeyRing::for_sealing(&self.pool, &missing).await
            } else {
                let mut conn = self.pool.acquire().await.map_err(database)?;
                KeyRing::load(&mut conn, &missing).await
            }
            .map_err(database)?;
            self.keys.remember(&loaded, generation);
            ring.merge(loaded);
        }
        Ok(ring)
    }

    async fn open(
        &self,
        mut events: Vec<SerializedEvent>,
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        let mut subjects: Vec<Uuid> = Vec::new();
        for event in &events {
            subjects.extend(personal_data::subjects_to_open(
                &event.aggregate_type,
                &event.event_type,
                &event.payload,
            ));
            if let Some(ids) =
                actor_name(&event.metadata).and_then(charter_domain::personal::sealed_subjects)
            {
                subjects.extend(ids);
            }
        }
        if subjects.is_empty() {
            return Ok(events);
        }
        subjects.sort_unstable();
        subjects.dedup();
        let ring = self.ring(&subjects, false).await?;
        for event in &mut events {
            ring.open_payload(&event.aggregate_type, &event.event_type, &mut event.payload)
                .and_then(|()| ring.open_metadata(&mut event.metadata))
                .map_err(|error| PersistenceError::DeserializationError(Box::new(error)))?;
        }
        Ok(events)
    }

    async fn seal(
        &self,
        events: &[SerializedEvent],
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        let mut subjects: Vec<Uuid> = events
            .iter()
            .flat_map(|event| {
                personal_data::subjects_to_seal(
                    &event.aggregate_type,
                    &event.event_type,
                    &event.payload,
                    &event.metadata,
                )
            })
            .collect();
        subjects.sort_unstable();
        subjects.dedup();
        // The keys are written in a short transaction of their own, before the append's:
        // the append transaction writes its events first (see DESIGN). A key whose events
        // then fail to append is harmless: it seals nothing.
        let ring = self.ring(&subjects, true).await?;
        let mut sealed = events.to_vec();
        for event in &mut sealed {
            ring.seal(
                &event.aggregate_type,
                &event.event_type,
                &mut event.payload,
                &mut event.metadata,
            );
        }
        Ok(sealed)
    }
}

impl SealingRepository {
    /// Appends `events`, one aggregate's in sequence order, and the document bytes they
    /// refer to (`blob`: SHA-256 and content), in one transaction, events first, by one call
    /// of the `append_events` function: one round trip and one commit. Returns the events'
    /// global positions, in order. An event already stored at one of the sequences (another
    /// writer was first) fails the whole append with
    /// [`PersistenceError::OptimisticLockError`], and nothing is written.
    pub async fn append(
        &self,
        events: &[SerializedEvent],
        blob: Option<(&str, &[u8])>,
    ) -> Result<Vec<i64>, PersistenceError> {
        let Some(first) = events.first() else {
            return Ok(Vec::new());
        };
        let in_order = events
            .iter()
            .zip(first.sequence..)
            .all(|(event, sequence)| {
                event.sequence == sequence
                    && event.aggregate_id == first.aggregate_id
                    && event.aggregate_type == first.aggregate_type
            });
        if !in_order {
            return Err(PersistenceError::UnknownError(
                "an append holds one aggregate's events in sequence order".into(),
            ));
        }
        let sealed = self.seal(events).await?;
        let mut types = Vec::with_capacity(sealed.len());
        let mut versions = Vec::with_capacity(sealed.len());
        let mut payloads = Vec::with_capacity(sealed.len());
        let mut metadata = Vec::with_capacity(sealed.len());
        for event in &sealed {
            types.push(event.event_type.as_str());
            versions.push(event.event_version.as_str());
            // As text, cast to `json` by the function: stored exactly as serialized.
            payloads.push(serde_json::to_string(&event.payload)?);
            metadata.push(serde_json::to_string(&event.metadata)?);
        }
        let (sha256, content) = blob.unzip();
        // With the appending transaction's id: a read of this instance that waits for
        // these events then need not look it up (see `RecentAppends`).
        let appended: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT p, pg_current_xact_id()::text::bigint
             FROM append_events($1, $2, $3, $4, $5, $6, $7, $8, $9) AS p",
        )
        .bind(&first.aggregate_type)
        .bind(&first.aggregate_id)
        .bind(i64::try_from(first.sequence).unwrap_or(i64::MAX))
        .bind(&types)
        .bind(&versions)
        .bind(&payloads)
        .bind(&metadata)
        .bind(sha256)
        .bind(content)
        .fetch_all(&self.pool)
        .await
        .map_err(|error| match &error {
            sqlx::Error::Database(clash) if clash.is_unique_violation() => {
                PersistenceError::OptimisticLockError
            }
            _ => database(error),
        })?;
        let positions: Vec<i64> = appended.iter().map(|&(position, _)| position).collect();
        if let Some(&(_, tx_id)) = appended.first() {
            self.recent.record(&positions, tx_id);
        }
        self.announcer.announce().await;
        Ok(positions)
    }
}

fn actor_name(metadata: &Value) -> Option<&str> {
    metadata.get("actor_name").and_then(Value::as_str)
}

fn database(error: sqlx::Error) -> PersistenceError {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
            PersistenceError::ConnectionError(Box::new(error))
        }
        other => PersistenceError::UnknownError(Box::new(other)),
    }
}

impl PersistedEventRepository for SealingRepository {
    async fn get_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        let events = self.inner.get_events::<A>(aggregate_id).await?;
        self.open(events).await
    }

    async fn get_last_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
        last_sequence: usize,
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        let events = self
            .inner
            .get_last_events::<A>(aggregate_id, last_sequence)
            .await?;
        self.open(events).await
    }

    async fn get_snapshot<A: Aggregate>(
        &self,
        aggregate_id: &str,
    ) -> Result<Option<SerializedSnapshot>, PersistenceError> {
        // Snapshots are not used (cqrs-es 0.5's snapshot store applies events twice).
        self.inner.get_snapshot::<A>(aggregate_id).await
    }

    async fn persist<A: Aggregate>(
        &self,
        events: &[SerializedEvent],
        snapshot_update: Option<(String, Value, usize)>,
    ) -> Result<(), PersistenceError> {
        let sealed = self.seal(events).await?;
        self.inner.persist::<A>(&sealed, snapshot_update).await?;
        self.announcer.announce().await;
        Ok(())
    }

    /// Replays yield events as stored, sealed: Charter replays through its projector.
    async fn stream_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
    ) -> Result<ReplayStream, PersistenceError> {
        self.inner.stream_events::<A>(aggregate_id).await
    }

    /// Replays yield events as stored, sealed: Charter replays through its projector.
    async fn stream_all_events<A: Aggregate>(&self) -> Result<ReplayStream, PersistenceError> {
        self.inner.stream_all_events::<A>().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_before_a_clear_are_not_kept_after_it() {
        let cache = KeyCache::default();
        let subject = Uuid::new_v4();
        let ring = KeyRing::from_keys([(subject, [7u8; charter_domain::personal::KEY_LEN])]);

        let (_, missing, generation) = cache.split(&[subject]);
        assert_eq!(missing, vec![subject]);
        // An erasure is heard while the key is being read.
        cache.clear();
        cache.remember(&ring, generation);
        assert!(!cache.holds(subject));

        let (_, _, generation) = cache.split(&[subject]);
        cache.remember(&ring, generation);
        assert!(cache.holds(subject));
        let (known, missing, _) = cache.split(&[subject]);
        assert_eq!((known.len(), missing.len()), (1, 0));
    }
}
