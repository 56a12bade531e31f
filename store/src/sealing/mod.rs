//! The event store as the write side sees it: postgres-es's, with personal data sealed on
//! the way in and opened on the way out (see `charter_domain::personal`). Aggregates decide
//! on plain values; only sealed values are ever stored. Commands append through
//! [`SealingRepository::append`] rather than through postgres-es's `persist` (a
//! transaction of one statement per event, which returns no positions): one statement
//! per command, or per group of commands that waited while another was written.

mod append;
mod groups;
mod key_cache;
mod stats;
mod writer;

pub use key_cache::KeyCache;
pub use stats::AppendStats;

use crate::announcer::Announcer;
use crate::db::KeptConnection;
use crate::personal_data::{self, KeyRing};
use crate::recent::RecentAppends;
use append::Append;
use cqrs_es::persist::{
    PersistedEventRepository, PersistenceError, ReplayStream, SerializedEvent, SerializedSnapshot,
};
use cqrs_es::Aggregate;
use groups::{AppendGroups, GROUPED_BLOB_BYTES};
use postgres_es::PostgresEventRepository;
use serde_json::Value;
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;
use writer::{database, Writer};

/// postgres-es's event repository, sealing personal data.
pub struct SealingRepository {
    inner: PostgresEventRepository,
    pool: PgPool,
    keys: Arc<KeyCache>,
    /// Writes the appends, and tells this instance about them.
    writer: Writer,
    /// The appends waiting to be written, written together under load.
    groups: AppendGroups,
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
            writer: Writer {
                connection: KeptConnection::new(pool.clone()),
                announcer: Announcer::direct(pool.clone()),
                recent: RecentAppends::default(),
                stats: Arc::default(),
            },
            groups: AppendGroups::default(),
            pool,
            keys,
        }
    }

    /// Keeps each append's transaction id in `recent` (by default, one of its own).
    pub fn recording(&mut self, recent: RecentAppends) {
        self.writer.recent = recent;
    }

    /// How long a group of appends may be written before the appends after it are written
    /// beside it (by default 5 s).
    pub fn stalled_after(&mut self, after: Duration) {
        self.groups.stall.after = after;
    }

    /// What this repository's appends have cost so far.
    pub fn stats(&self) -> &AppendStats {
        &self.writer.stats
    }

    /// How many appends wait for their turn to be written.
    pub fn appends_waiting(&self) -> usize {
        self.groups.waiting().len()
    }

    /// Announces each append with `announcer` instead.
    pub fn announcing(&mut self, announcer: Announcer) {
        self.writer.announcer = announcer;
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
    /// refer to (`blob`: SHA-256 and content), in one transaction, events first. Returns
    /// the events' global positions, in order. An event already stored at one of the
    /// sequences (another writer was first) fails the whole append with
    /// [`PersistenceError::OptimisticLockError`], and nothing is written.
    ///
    /// Appends that wait while others are being written are written together, in one
    /// statement and one commit (see `groups.rs`); alone, an append is one call of
    /// one statement, as before. Either way each append succeeds or fails on its own.
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
        let append = Append::new(&sealed, blob)?;
        if blob.is_some_and(|(_, content)| content.len() > GROUPED_BLOB_BYTES) {
            // Large bytes go alone: they would hold up the group they joined.
            return self.writer.write_one(&append).await;
        }
        self.groups.append(&self.writer, append).await
    }
}

fn actor_name(metadata: &Value) -> Option<&str> {
    metadata.get("actor_name").and_then(Value::as_str)
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
        self.writer.announcer.announce().await;
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
