//! The event store as the write side sees it: postgres-es's, with personal data sealed on
//! the way in and opened on the way out (see `charter_domain::personal`). Aggregates decide
//! on plain values; only sealed values are ever stored. Commands append through
//! [`SealingRepository::append`] rather than through postgres-es's `persist` (a
//! transaction of one statement per event, which returns no positions): one statement
//! per command, or per group of commands that waited while another was written.

use crate::db::{lost_connection, KeptConnection};
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
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};
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
    /// statement and one commit (see [`AppendGroups`]); alone, an append is one call of
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

/// One command's append, sealed and serialized, waiting to be written.
struct Append {
    aggregate_type: String,
    aggregate_id: String,
    first_sequence: i64,
    event_types: Vec<String>,
    event_versions: Vec<String>,
    /// As text, cast to `json` by the database: stored exactly as serialized.
    payloads: Vec<String>,
    metadata: Vec<String>,
    blob: Option<(String, Vec<u8>)>,
}

impl Append {
    fn new(
        sealed: &[SerializedEvent],
        blob: Option<(&str, &[u8])>,
    ) -> Result<Self, PersistenceError> {
        let first = sealed.first();
        let mut append = Self {
            aggregate_type: first.map(|e| e.aggregate_type.clone()).unwrap_or_default(),
            aggregate_id: first.map(|e| e.aggregate_id.clone()).unwrap_or_default(),
            first_sequence: first
                .map(|e| i64::try_from(e.sequence).unwrap_or(i64::MAX))
                .unwrap_or_default(),
            event_types: Vec::with_capacity(sealed.len()),
            event_versions: Vec::with_capacity(sealed.len()),
            payloads: Vec::with_capacity(sealed.len()),
            metadata: Vec::with_capacity(sealed.len()),
            blob: blob.map(|(sha256, content)| (sha256.to_owned(), content.to_vec())),
        };
        for event in sealed {
            append.event_types.push(event.event_type.clone());
            append.event_versions.push(event.event_version.clone());
            append.payloads.push(serde_json::to_string(&event.payload)?);
            append
                .metadata
                .push(serde_json::to_string(&event.metadata)?);
        }
        Ok(append)
    }
}

/// An append's outcome: its events' global positions, in order.
type Appended = Result<Vec<i64>, PersistenceError>;

/// Writes appends to the store and tells this instance about them.
#[derive(Debug, Clone)]
struct Writer {
    /// The connection the last append was written on, kept for the next.
    connection: KeptConnection,
    /// Told after each commit.
    announcer: Announcer,
    /// Where each append's transaction id is kept for this instance's readers.
    recent: RecentAppends,
    stats: Arc<AppendStats>,
}

impl Writer {
    /// Writes `group` in one statement and one transaction and answers each append. When
    /// that fails on a clash (or a deadlock), nothing was written, and the group is
    /// written again so that only the one that clashed fails. Any other failure fails them
    /// all: the commit's outcome is then unknown, as it is for an append written alone.
    async fn write(&self, mut group: Vec<Waiting>) {
        // Every group takes its streams' locks in the same order, so that two groups (of
        // this instance and another) never wait for each other in a circle.
        group.sort_by(|a, b| {
            let (a, b) = (&a.append, &b.append);
            (&a.aggregate_type, &a.aggregate_id, a.first_sequence).cmp(&(
                &b.aggregate_type,
                &b.aggregate_id,
                b.first_sequence,
            ))
        });
        let appends: Vec<&Append> = group.iter().map(|waiting| &waiting.append).collect();
        let written = match self.write_together(&appends).await {
            Ok(positions) => Ok(positions.into_iter().map(Ok).collect()),
            // Nothing was written: written again in one statement, each append in a
            // subtransaction of its own, so that only the one that clashed fails. Should
            // that fail as a whole too (a deadlock), each is written alone, one after
            // another (all at once they could take every connection of the pool, and wait
            // behind the one that clashed).
            Err(WriteError::Clash | WriteError::Contended(_)) if appends.len() > 1 => {
                match self.write_apart(&appends).await {
                    Err(WriteError::Clash | WriteError::Contended(_)) => {
                        let mut outcomes = Vec::with_capacity(appends.len());
                        for append in &appends {
                            outcomes.push(self.write_alone(append).await);
                        }
                        Ok(outcomes)
                    }
                    apart => apart,
                }
            }
            Err(error) => Err(error),
        };
        let outcomes: Vec<Appended> = written.unwrap_or_else(|error| {
            appends
                .iter()
                .map(|_| Err(error.to_persistence()))
                .collect()
        });
        drop(appends);
        self.announcer.announce().await;
        for (waiting, outcome) in group.into_iter().zip(outcomes) {
            // Gone if its command was dropped meanwhile: its events are stored all the same.
            let _ = waiting.done.send(outcome);
        }
    }

    /// Writes `append` in a transaction of its own and announces it; its positions.
    async fn write_one(&self, append: &Append) -> Appended {
        let positions = self.write_alone(append).await;
        self.announcer.announce().await;
        positions
    }

    /// Writes `append` in a transaction of its own; its positions.
    async fn write_alone(&self, append: &Append) -> Appended {
        self.write_together(&[append])
            .await
            .map(|mut positions| positions.pop().unwrap_or_default())
            .map_err(WriteError::into_persistence)
    }

    /// Writes `appends` in one call of `append_event_groups`; the positions of each.
    async fn write_together(&self, appends: &[&Append]) -> Result<Vec<Vec<i64>>, WriteError> {
        self.stats.count(appends.len());
        let columns = Columns::of(appends);
        // The same bytes twice in one group are stored once.
        let mut blobs = columns.blobs.clone();
        blobs.dedup_by_key(|&mut (_, sha256, _)| sha256);
        let (blob_sha256, blob_content): (Vec<&str>, Vec<&[u8]>) = blobs
            .into_iter()
            .map(|(_, sha256, content)| (sha256, content))
            .unzip();
        // With the appending transaction's id: a read of this instance that waits for
        // these events then need not look it up (see `RecentAppends`).
        let rows = sqlx::query_as(
            "SELECT p, pg_current_xact_id()::text::bigint
             FROM append_event_groups($1, $2, $3, $4, $5, $6, $7, $8, $9)
                  WITH ORDINALITY AS a (p, n)
             ORDER BY n",
        );
        let mut conn = self.connection.take().await?;
        let rows: Result<Vec<(i64, i64)>, _> = columns
            .bind_events(rows)
            .bind(&blob_sha256)
            .bind(&blob_content)
            .fetch_all(&mut *conn)
            .await;
        self.connection.give_back(conn, rows.as_ref().map(|_| ()));
        let rows = rows?;
        let events = columns.owners.len();
        if rows.len() != events {
            return Err(WriteError::Database(sqlx::Error::Protocol(format!(
                "{events} events appended, {} positions returned",
                rows.len()
            ))));
        }
        let mut rows = rows.into_iter();
        let mut positions = Vec::with_capacity(appends.len());
        for append in appends {
            let taken: Vec<(i64, i64)> = rows.by_ref().take(append.event_types.len()).collect();
            positions.push(self.record(&taken));
        }
        Ok(positions)
    }

    /// Writes `appends` in one call of `append_event_groups_apart`, each in a
    /// subtransaction of its own: the positions of each, or its clash.
    async fn write_apart(&self, appends: &[&Append]) -> Result<Vec<Appended>, WriteError> {
        self.stats.count(appends.len());
        let columns = Columns::of(appends);
        let (blob_owners, blob_sha256, blob_content): (Vec<i32>, Vec<&str>, Vec<&[u8]>) =
            columns.blobs.iter().copied().collect();
        let rows = sqlx::query_as(
            "SELECT o_append, o_position, pg_current_xact_id()::text::bigint
             FROM append_event_groups_apart($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                  WITH ORDINALITY AS a (o_append, o_position, n)
             ORDER BY n",
        )
        .bind(&columns.owners);
        let mut conn = self.connection.take().await?;
        let rows: Result<Vec<(i32, Option<i64>, i64)>, _> = columns
            .bind_events(rows)
            .bind(&blob_owners)
            .bind(&blob_sha256)
            .bind(&blob_content)
            .fetch_all(&mut *conn)
            .await;
        self.connection.give_back(conn, rows.as_ref().map(|_| ()));
        let rows = rows?;
        let mut outcomes = Vec::with_capacity(appends.len());
        for (owner, append) in (1..).zip(appends) {
            let own: Vec<&(i32, Option<i64>, i64)> =
                rows.iter().filter(|(of, _, _)| *of == owner).collect();
            let written: Vec<(i64, i64)> = own
                .iter()
                .filter_map(|&&(_, position, tx_id)| position.map(|p| (p, tx_id)))
                .collect();
            outcomes.push(
                if written.len() == own.len() && written.len() == append.event_types.len() {
                    Ok(self.record(&written))
                } else if own.len() == 1 && written.is_empty() {
                    Err(PersistenceError::OptimisticLockError)
                } else {
                    return Err(WriteError::Database(sqlx::Error::Protocol(format!(
                        "{} events appended, {} rows returned",
                        append.event_types.len(),
                        own.len()
                    ))));
                },
            );
        }
        Ok(outcomes)
    }

    /// Keeps the transaction id of an append's `written` events (position, transaction)
    /// for this instance's readers; their positions.
    fn record(&self, written: &[(i64, i64)]) -> Vec<i64> {
        let positions: Vec<i64> = written.iter().map(|&(position, _)| position).collect();
        if let Some(&(_, tx_id)) = written.first() {
            self.recent.record(&positions, tx_id);
        }
        positions
    }
}

/// A group's appends as the columns the append functions take: one entry per event, in
/// the group's order, and the documents in the order of their hashes (as the streams', the
/// same order in every group).
struct Columns<'a> {
    /// The append (1-based) each event belongs to.
    owners: Vec<i32>,
    types: Vec<&'a str>,
    ids: Vec<&'a str>,
    sequences: Vec<i64>,
    event_types: Vec<&'a str>,
    versions: Vec<&'a str>,
    payloads: Vec<&'a str>,
    metadata: Vec<&'a str>,
    /// The append each document belongs to, its hash and its bytes.
    blobs: Vec<(i32, &'a str, &'a [u8])>,
}

impl<'a> Columns<'a> {
    fn of(appends: &[&'a Append]) -> Self {
        let events: usize = appends.iter().map(|a| a.event_types.len()).sum();
        let mut columns = Self {
            owners: Vec::with_capacity(events),
            types: Vec::with_capacity(events),
            ids: Vec::with_capacity(events),
            sequences: Vec::with_capacity(events),
            event_types: Vec::with_capacity(events),
            versions: Vec::with_capacity(events),
            payloads: Vec::with_capacity(events),
            metadata: Vec::with_capacity(events),
            blobs: Vec::new(),
        };
        for (owner, append) in (1..).zip(appends) {
            for (k, event_type) in append.event_types.iter().enumerate() {
                columns.owners.push(owner);
                columns.types.push(append.aggregate_type.as_str());
                columns.ids.push(append.aggregate_id.as_str());
                columns
                    .sequences
                    .push(append.first_sequence + i64::try_from(k).unwrap_or(i64::MAX));
                columns.event_types.push(event_type.as_str());
                columns.versions.push(append.event_versions[k].as_str());
                columns.payloads.push(append.payloads[k].as_str());
                columns.metadata.push(append.metadata[k].as_str());
            }
            if let Some((sha256, content)) = &append.blob {
                columns.blobs.push((owner, sha256, content));
            }
        }
        columns.blobs.sort_unstable_by_key(|&(_, sha256, _)| sha256);
        columns
    }
}

impl Columns<'_> {
    /// Binds the events' columns, in the order the append functions take them.
    fn bind_events<'q, O>(
        &'q self,
        query: sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>,
    ) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments> {
        query
            .bind(&self.types)
            .bind(&self.ids)
            .bind(&self.sequences)
            .bind(&self.event_types)
            .bind(&self.versions)
            .bind(&self.payloads)
            .bind(&self.metadata)
    }
}

/// Why a group's statement failed.
#[derive(Debug)]
enum WriteError {
    /// An event is already stored at one of the sequences: nothing was written.
    Clash,
    /// Rolled back by PostgreSQL (a deadlock, a serialization failure): nothing was written.
    Contended(sqlx::Error),
    Database(sqlx::Error),
}

impl From<sqlx::Error> for WriteError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(clash) if clash.is_unique_violation() => Self::Clash,
            // A deadlock with another writer, or a serialization failure: rolled back.
            sqlx::Error::Database(failed)
                if matches!(failed.code().as_deref(), Some("40P01" | "40001")) =>
            {
                Self::Contended(error)
            }
            _ => Self::Database(error),
        }
    }
}

impl WriteError {
    fn into_persistence(self) -> PersistenceError {
        match self {
            WriteError::Clash => PersistenceError::OptimisticLockError,
            WriteError::Contended(error) | WriteError::Database(error) => database(error),
        }
    }

    /// The error for each append of a group that failed together (sqlx's errors cannot
    /// be cloned: each gets its kind and message).
    fn to_persistence(&self) -> PersistenceError {
        match self {
            WriteError::Clash => PersistenceError::OptimisticLockError,
            WriteError::Database(error) if lost_connection(error) => {
                PersistenceError::ConnectionError(error.to_string().into())
            }
            WriteError::Contended(error) | WriteError::Database(error) => {
                PersistenceError::UnknownError(error.to_string().into())
            }
        }
    }
}

/// An append waiting to be written, and where its outcome goes.
struct Waiting {
    id: u64,
    append: Append,
    done: oneshot::Sender<Appended>,
}

/// How many groups one repository writes at once: one. An append that finds a group being
/// written waits, and is written with every other append that waited meanwhile: under
/// load, commands share a statement, a transaction and a flush (PostgreSQL commits a group
/// of eight one-event appends at about 2.6 times the events per second of eight appends
/// apart), while an append that finds no group being written is written at once. One
/// writer at a time made larger groups than two or four, and the most commands per
/// second (`BENCHMARKS.md`, item 28).
const GROUP_WRITES: usize = 1;

/// The most appends written in one statement.
const GROUP_SIZE: usize = 64;

/// Document bytes up to this size are written in a group; larger ones alone, at once, so
/// that a large upload holds up no other command (and a group never carries many).
const GROUPED_BLOB_BYTES: usize = 64 * 1024;

/// A group still being written after this long (waiting on a lock, or on a connection
/// that no longer answers) gives up its turn: the appends after it are written on other
/// connections, while it goes on and answers its own appends when it ends.
const STALLED_AFTER: Duration = Duration::from_secs(5);

/// The most writes that may have given their turn up and still be running.
const STALLED_WRITES: usize = 4;

/// The appends waiting to be written, and the turns to write them (see [`GROUP_WRITES`]).
/// Each waiting command takes part: when a turn is free, the first to take it writes
/// every append waiting (its own among them, or already in a group being written), in a
/// task of its own, so that a command dropped meanwhile (its client went away) drops
/// nobody else's append.
#[derive(Debug)]
struct AppendGroups {
    waiting: Mutex<Vec<Waiting>>,
    turns: Arc<Semaphore>,
    next_id: AtomicU64,
    stall: Stall,
}

impl Default for AppendGroups {
    fn default() -> Self {
        Self {
            waiting: Mutex::default(),
            turns: Arc::new(Semaphore::new(GROUP_WRITES)),
            next_id: AtomicU64::new(0),
            stall: Stall {
                after: STALLED_AFTER,
                slots: Arc::new(Semaphore::new(STALLED_WRITES)),
            },
        }
    }
}

impl std::fmt::Debug for Waiting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Waiting")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl AppendGroups {
    fn waiting(&self) -> std::sync::MutexGuard<'_, Vec<Waiting>> {
        self.waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Writes `append` with `writer`, alone or in a group; its outcome.
    async fn append(&self, writer: &Writer, append: Append) -> Appended {
        // No group being written, none waiting: written at once, by its own command.
        if let Ok(turn) = self.turns.clone().try_acquire_owned() {
            if self.waiting().is_empty() {
                return self.stall.run(turn, writer.write_one(&append)).await;
            }
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (done, mut outcome) = oneshot::channel();
        self.waiting().push(Waiting { id, append, done });
        // A command dropped while its append still waits (its client went away) takes the
        // append with it: left behind, it would be written whenever the next append came,
        // maybe minutes later, after the command's idempotency claim had lapsed.
        let _queued = Queued { groups: self, id };
        loop {
            let turn = tokio::select! {
                biased;
                outcome = &mut outcome => return answered(outcome),
                turn = self.turns.clone().acquire_owned() => turn,
            };
            let Ok(turn) = turn else {
                return Err(PersistenceError::UnknownError(
                    "the appender is closed".into(),
                ));
            };
            let (group, still_waiting) = {
                let mut waiting = self.waiting();
                let take = waiting.len().min(GROUP_SIZE);
                let group: Vec<Waiting> = waiting.drain(..take).collect();
                (group, waiting.iter().any(|w| w.id == id))
            };
            if group.is_empty() {
                drop(turn);
            } else {
                let (writer, stall) = (writer.clone(), self.stall.clone());
                tokio::spawn(async move { stall.run(turn, writer.write(group)).await });
            }
            if !still_waiting {
                return answered(outcome.await);
            }
        }
    }
}

/// When a write holding the turn gives it up (see [`STALLED_AFTER`]).
#[derive(Debug, Clone)]
struct Stall {
    after: Duration,
    /// One for each write that gave its turn up and still runs.
    slots: Arc<Semaphore>,
}

impl Stall {
    /// Runs `write` holding `turn`. After [`Stall::after`] it gives the turn up, so that
    /// the appends after it are written beside it, if it can take one of the slots: at
    /// most [`STALLED_WRITES`] writes stalled at once hold a connection each, not one more
    /// every few seconds until the pool is gone.
    async fn run<F: std::future::Future>(&self, turn: OwnedSemaphorePermit, write: F) -> F::Output {
        tokio::pin!(write);
        tokio::select! {
            output = &mut write => output,
            () = tokio::time::sleep(self.after) => match self.slots.clone().try_acquire_owned() {
                Ok(slot) => {
                    drop(turn);
                    tracing::warn!(
                        after = ?self.after,
                        "appends are still being written; the next are written beside them"
                    );
                    let output = write.await;
                    drop(slot);
                    output
                }
                Err(_) => write.await,
            },
        }
    }
}

/// What one repository's appends have cost, for `/metrics`.
#[derive(Debug, Default)]
pub struct AppendStats {
    statements: AtomicU64,
    appends: AtomicU64,
}

impl AppendStats {
    /// Statements that wrote appends (a group, or one alone).
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// Appends those statements carried: over [`AppendStats::statements`], the mean group.
    pub fn appends(&self) -> u64 {
        self.appends.load(Ordering::Relaxed)
    }

    fn count(&self, appends: usize) {
        self.statements.fetch_add(1, Ordering::Relaxed);
        self.appends.fetch_add(
            u64::try_from(appends).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
    }
}

/// An append in the queue, taken out of it when its command ends (see
/// [`AppendGroups::append`]).
struct Queued<'a> {
    groups: &'a AppendGroups,
    id: u64,
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.groups
            .waiting()
            .retain(|waiting| waiting.id != self.id);
    }
}

/// An append's outcome as its writer sent it.
fn answered(outcome: Result<Appended, oneshot::error::RecvError>) -> Appended {
    outcome.unwrap_or_else(|_| {
        // The writing task ended without an answer (it panicked): whether the events
        // were stored is unknown, as after a lost connection.
        Err(PersistenceError::UnknownError(
            "the append was lost before its outcome was known".into(),
        ))
    })
}

fn actor_name(metadata: &Value) -> Option<&str> {
    metadata.get("actor_name").and_then(Value::as_str)
}

fn database(error: sqlx::Error) -> PersistenceError {
    if lost_connection(&error) {
        PersistenceError::ConnectionError(Box::new(error))
    } else {
        PersistenceError::UnknownError(Box::new(error))
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
