//! The write path: load an aggregate (from the cache first, see below), let it decide,
//! append what it decided. A write that lost a race with another write to the same
//! aggregate is decided again on the fresh state, a few times, before it is reported as a
//! conflict.

use crate::aggregate_cache::AggregateCache;
use crate::sealing::{KeyCache, SealingRepository};
use charter_projections::{Announcer, EventMetadata, RecentAppends};
use cqrs_es::event_sink::EventSink;
use cqrs_es::persist::{
    EventStoreAggregateContext, PersistedEventRepository, PersistenceError, SerializedEvent,
};
use cqrs_es::EventEnvelope;
use cqrs_es::{Aggregate, AggregateError};
use rand::Rng;
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::{Arc, Weak};
use std::time::Duration;

/// A command the store accepted.
#[derive(Debug, Clone)]
pub struct Accepted<E> {
    /// The aggregate's version after the command: the sequence of its last event.
    pub version: i64,
    /// The global position of the last event written; reads can wait for it. When the
    /// command changed nothing (a vote already carried out), the position of the
    /// aggregate's last event.
    pub position: i64,
    /// The events written, with their sequences.
    pub events: Vec<(i64, E)>,
}

/// A row the events of a command need, written only once the command has been decided: a
/// refused command writes nothing.
///
/// A document's bytes go into the append's own transaction, after the events (see DESIGN:
/// the append transaction writes the events first), so an event and its bytes commit
/// together. A vote's opening is written in a short transaction of its own just before the
/// append (it may find the application's one open-vote place taken, and refuse the
/// command), idempotently, so a retry or a crash before the append leaves at worst an
/// unreferenced row, never an event without its row.
#[derive(Debug, Clone)]
pub enum Prerequisite {
    /// A document's bytes, stored under their SHA-256.
    Blob {
        sha256: String,
        content: bytes::Bytes,
    },
    /// A vote being opened: its sealing key, and the reservation of its application,
    /// which holds one open vote at a time.
    VoteOpening {
        vote_id: uuid::Uuid,
        application_id: uuid::Uuid,
        key: Vec<u8>,
    },
}

impl Prerequisite {
    /// The document bytes the append writes after the events, if this is one.
    fn blob(&self) -> Option<(&str, &[u8])> {
        match self {
            Prerequisite::Blob { sha256, content } => Some((sha256.as_str(), content.as_ref())),
            Prerequisite::VoteOpening { .. } => None,
        }
    }

    /// Writes the row that goes before the append, if this is one; `Ok(Some(reason))` when
    /// something else already holds its place.
    async fn write_before(&self, pool: &PgPool) -> Result<Option<String>, sqlx::Error> {
        match self {
            // Written by the append itself.
            Prerequisite::Blob { .. } => {}
            Prerequisite::VoteOpening {
                vote_id,
                application_id,
                key,
            } => {
                let mut tx = pool.begin().await?;
                sqlx::query(
                    "INSERT INTO open_votes (application_id, vote_id) VALUES ($1, $2)
                     ON CONFLICT (application_id) DO NOTHING",
                )
                .bind(application_id)
                .bind(vote_id)
                .execute(&mut *tx)
                .await?;
                let holder: uuid::Uuid =
                    sqlx::query_scalar("SELECT vote_id FROM open_votes WHERE application_id = $1")
                        .bind(application_id)
                        .fetch_one(&mut *tx)
                        .await?;
                if holder != *vote_id {
                    return Ok(Some(format!(
                        "vote {holder} on application {application_id} is still open; \
                         the committee votes on one motion about an application at a time"
                    )));
                }
                sqlx::query(
                    "INSERT INTO vote_keys (vote_id, key) VALUES ($1, $2) ON CONFLICT (vote_id) DO NOTHING",
                )
                .bind(vote_id)
                .bind(key)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
            }
        }
        Ok(None)
    }
}

/// Why a command was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum CommandError<E: std::error::Error + 'static> {
    #[error(transparent)]
    Refused(E),
    #[error("{0}")]
    Occupied(String),
    #[error(
        "the request expected version {expected}, but it is at version {actual}: read it again \
         and decide anew"
    )]
    Stale { expected: i64, actual: i64 },
    #[error("another change to the same application kept winning; {attempts} attempts failed")]
    Contended { attempts: u32 },
    #[error("event store: {0}")]
    Store(String),
    /// The event store could not be reached.
    #[error("event store unreachable: {0}")]
    Unavailable(String),
    #[error("database error")]
    Database(#[from] sqlx::Error),
}

/// One lock per aggregate being written in this process. Writers to the same aggregate
/// take turns here instead of racing to the database and retrying; conflicts remain
/// possible only with other server instances, and those are retried.
#[derive(Debug, Default)]
struct StreamLocks {
    locks: std::sync::Mutex<HashMap<String, Weak<tokio::sync::Mutex<()>>>>,
}

impl StreamLocks {
    fn get(&self, aggregate_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self
            .locks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(lock) = locks.get(aggregate_id).and_then(Weak::upgrade) {
            return lock;
        }
        // Forget the locks nobody holds any more before the map grows.
        if locks.len() >= 1024 {
            locks.retain(|_, lock| lock.strong_count() > 0);
        }
        let lock = Arc::new(tokio::sync::Mutex::new(()));
        locks.insert(aggregate_id.to_owned(), Arc::downgrade(&lock));
        lock
    }
}

/// How many aggregates of each type a process keeps in memory between commands.
pub const CACHED_AGGREGATES: usize = 10_000;

/// Executes commands on aggregates of type `A`.
pub struct Commands<A: Aggregate> {
    /// Reads the events newer than a cached state, and appends.
    events: SealingRepository,
    cache: AggregateCache<A>,
    keys: Arc<KeyCache>,
    services: A::Services,
    pool: PgPool,
    attempts: u32,
    turns: StreamLocks,
}

impl<A: Aggregate> std::fmt::Debug for Commands<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Commands")
            .field("aggregate", &A::TYPE)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

impl<A> Commands<A>
where
    A: Aggregate + Clone,
    A::Command: Clone,
    A::Error: 'static,
{
    /// Commands against the plain event store in `pool` (cqrs-es 0.5's snapshot and
    /// aggregate stores apply events twice when they snapshot, so they are not used).
    pub fn new(pool: PgPool, services: A::Services, attempts: u32) -> Self {
        Self::with_cache(pool, services, attempts, CACHED_AGGREGATES)
    }

    /// Like [`Commands::new`], keeping at most `cached` aggregates in memory (0: none, so
    /// every command replays its aggregate's whole history).
    pub fn with_cache(pool: PgPool, services: A::Services, attempts: u32, cached: usize) -> Self {
        let keys = Arc::new(KeyCache::default());
        Self {
            events: SealingRepository::new(pool.clone(), keys.clone()),
            cache: AggregateCache::new(cached),
            keys,
            services,
            pool,
            attempts: attempts.max(1),
            turns: StreamLocks::default(),
        }
    }

    /// Announces each append with `announcer` (by default, a NOTIFY sent by the
    /// appender after each one).
    pub fn announcing(mut self, announcer: Announcer) -> Self {
        self.events.announcing(announcer);
        self
    }

    /// Keeps each append's transaction id in `recent`, where this instance's readers look
    /// (see [`charter_projections::Watermark::with_recent`]).
    pub fn recording(mut self, recent: RecentAppends) -> Self {
        self.events.recording(recent);
        self
    }

    /// The current state of aggregate `id` and its version (0 when it has no events).
    pub async fn load(&self, id: &str) -> Result<(A, i64), CommandError<A::Error>> {
        let context = self.context(id).await?;
        let version = i64::try_from(context.current_sequence).unwrap_or(i64::MAX);
        Ok((context.aggregate, version))
    }

    /// The type of the aggregates these commands act on.
    pub fn aggregate_type(&self) -> &'static str {
        A::TYPE
    }

    /// The statements this instance's appends of `A` took, and the appends they carried.
    pub fn append_stats(&self) -> &crate::sealing::AppendStats {
        self.events.stats()
    }

    /// How many appends of `A` wait for their turn to be written.
    pub fn appends_waiting(&self) -> usize {
        self.events.appends_waiting()
    }

    /// Whether the write side keeps a state of aggregate `id`.
    pub fn holds_state(&self, id: &str) -> bool {
        self.cache.get(id).is_some()
    }

    /// Whether the write side keeps `subject`'s personal-data key.
    pub fn holds_key(&self, subject: uuid::Uuid) -> bool {
        self.keys.holds(subject)
    }

    /// Forgets every cached aggregate (after an erasure: they may hold opened personal
    /// data).
    pub fn forget_cached(&self) {
        // Keys first: a state built after the states are forgotten must not be opened with
        // a key still kept.
        self.keys.clear();
        self.cache.clear();
    }

    /// The current state of aggregate `id`: the cached state, brought up to date with the
    /// events written since, or the whole history when none is cached.
    async fn context(
        &self,
        id: &str,
    ) -> Result<EventStoreAggregateContext<A>, CommandError<A::Error>> {
        let generation = self.cache.generation();
        let (mut aggregate, mut sequence) = self.cache.get(id).unwrap_or_default();
        let newer = if sequence == 0 {
            self.events.get_events::<A>(id).await
        } else {
            self.events.get_last_events::<A>(id, sequence).await
        }
        .map_err(|error| store_error(error.into()))?;
        let advanced = !newer.is_empty();
        for serialized in newer {
            let envelope = EventEnvelope::<A>::try_from(serialized)
                .map_err(|error| store_error(error.into()))?;
            sequence = envelope.sequence;
            aggregate.apply(envelope.payload);
        }
        if advanced {
            self.cache.put(id, aggregate.clone(), sequence, generation);
        }
        Ok(EventStoreAggregateContext {
            aggregate_id: id.to_owned(),
            aggregate,
            current_sequence: sequence,
            current_snapshot: None,
        })
    }

    /// Decides `command` on the current state of aggregate `aggregate_id` and appends the
    /// result, with `metadata` on every event.
    pub async fn execute(
        &self,
        aggregate_id: &str,
        command: A::Command,
        metadata: &EventMetadata,
        prerequisite: Option<&Prerequisite>,
    ) -> Result<Accepted<A::Event>, CommandError<A::Error>> {
        self.execute_expecting(aggregate_id, command, metadata, prerequisite, None)
            .await
    }

    /// Like [`Commands::execute`], refused with [`CommandError::Stale`] when the aggregate
    /// is not at version `expected` (when given) at the moment the command is decided.
    pub async fn execute_expecting(
        &self,
        aggregate_id: &str,
        command: A::Command,
        metadata: &EventMetadata,
        prerequisite: Option<&Prerequisite>,
        expected: Option<i64>,
    ) -> Result<Accepted<A::Event>, CommandError<A::Error>> {
        let metadata = metadata.to_map();
        let turn = self.turns.get(aggregate_id);
        let _turn = turn.lock().await;
        // The first decision is made on the cached state, without asking the store for
        // newer events: in the common case only this process writes, and an append at a
        // sequence another writer took fails anyway. Any outcome of that decision other
        // than an accepted append of at least one event is decided again on the state
        // read from the store, since a refusal, a version mismatch or a no-op can come from
        // a stale cache; that second look counts as no attempt. A vote's opening is decided
        // on the store's state at once: it reserves a place before its append.
        let mut trust_cache = !matches!(prerequisite, Some(Prerequisite::VoteOpening { .. }));
        let mut attempt = 0;
        while attempt < self.attempts {
            let generation = self.cache.generation();
            let cached = if trust_cache {
                self.cache.get(aggregate_id)
            } else {
                None
            };
            trust_cache = false;
            let trusted = cached.is_some();
            if !trusted {
                attempt += 1;
            }
            let mut context = match cached {
                Some((aggregate, sequence)) => EventStoreAggregateContext {
                    aggregate_id: aggregate_id.to_owned(),
                    aggregate,
                    current_sequence: sequence,
                    current_snapshot: None,
                },
                None => self.context(aggregate_id).await?,
            };
            let version = context.current_sequence;
            if let Some(expected) = expected {
                let actual = i64::try_from(version).unwrap_or(i64::MAX);
                if actual != expected {
                    if trusted {
                        continue;
                    }
                    return Err(CommandError::Stale { expected, actual });
                }
            }
            let sink = EventSink::default();
            if let Err(refusal) = context
                .aggregate
                .handle(command.clone(), &self.services, &sink)
                .await
            {
                if trusted {
                    continue;
                }
                return Err(CommandError::Refused(refusal));
            }
            let events = sink.collect().await;
            if trusted && events.is_empty() {
                continue;
            }
            // The state after the command: the sink applied each event as it was written.
            let decided = context.aggregate;
            let decided_sequence = version + events.len();
            if let Some(prerequisite) = prerequisite {
                if let Some(reason) = prerequisite.write_before(&self.pool).await? {
                    return Err(CommandError::Occupied(reason));
                }
            }
            let envelopes: Vec<EventEnvelope<A>> = events
                .into_iter()
                .zip(version + 1..)
                .map(|(payload, sequence)| EventEnvelope {
                    aggregate_id: aggregate_id.to_owned(),
                    sequence,
                    payload,
                    metadata: metadata.clone(),
                })
                .collect();
            let serialized = envelopes
                .iter()
                .map(SerializedEvent::try_from)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| store_error(error.into()))?;
            let blob = prerequisite.and_then(Prerequisite::blob);
            match self.events.append(&serialized, blob).await {
                Ok(positions) => {
                    self.cache
                        .put(aggregate_id, decided, decided_sequence, generation);
                    return self
                        .accepted(aggregate_id, version, envelopes, positions)
                        .await;
                }
                Err(PersistenceError::OptimisticLockError) if trusted => {
                    // The cached state was behind the store: decide on the store's.
                    tracing::debug!(%aggregate_id, "cached state was stale; deciding again");
                }
                Err(PersistenceError::OptimisticLockError) => {
                    // Another instance wrote first: decide again on the fresh state, after
                    // a jittered, growing pause so that contenders fall out of step.
                    tracing::debug!(%aggregate_id, attempt, "write conflict; deciding again");
                    let ceiling = 1u64 << attempt.min(6);
                    let pause = rand::thread_rng().gen_range(1..=ceiling);
                    tokio::time::sleep(Duration::from_millis(pause)).await;
                }
                Err(error) => return Err(store_error(error.into())),
            }
        }
        Err(CommandError::Contended {
            attempts: self.attempts,
        })
    }

    async fn accepted(
        &self,
        aggregate_id: &str,
        version_before: usize,
        envelopes: Vec<EventEnvelope<A>>,
        positions: Vec<i64>,
    ) -> Result<Accepted<A::Event>, CommandError<A::Error>> {
        let to_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let version = envelopes
            .last()
            .map_or(to_i64(version_before), |e| to_i64(e.sequence));
        let position = match positions.last() {
            Some(&position) => position,
            // Nothing written: the position of the aggregate's last event.
            None => sqlx::query_scalar::<_, i64>(
                "SELECT global_position FROM events
                 WHERE aggregate_type = $1 AND aggregate_id = $2 AND sequence = $3",
            )
            .bind(A::TYPE)
            .bind(aggregate_id)
            .bind(version)
            .fetch_optional(&self.pool)
            .await?
            .unwrap_or(0),
        };
        Ok(Accepted {
            version,
            position,
            events: envelopes
                .into_iter()
                .map(|e| (to_i64(e.sequence), e.payload))
                .collect(),
        })
    }
}

fn store_error<E: std::error::Error + 'static>(error: AggregateError<E>) -> CommandError<E> {
    match error {
        AggregateError::UserError(refusal) => CommandError::Refused(refusal),
        AggregateError::DatabaseConnectionError(cause) => {
            CommandError::Unavailable(cause.to_string())
        }
        // postgres-es reports a pool that timed out or closed as unexpected.
        AggregateError::UnexpectedError(cause) if unreachable(&*cause) => {
            CommandError::Unavailable(cause.to_string())
        }
        other => CommandError::Store(other.to_string()),
    }
}

/// Whether `error` says the database could not be reached, rather than that it refused.
fn unreachable(error: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
    matches!(
        error.downcast_ref::<sqlx::Error>(),
        Some(
            sqlx::Error::Io(_)
                | sqlx::Error::Tls(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("refused")]
    struct Refused;

    fn mapped(error: AggregateError<Refused>) -> &'static str {
        match store_error(error) {
            CommandError::Refused(_) => "refused",
            CommandError::Unavailable(_) => "unavailable",
            CommandError::Store(_) => "store",
            _ => "other",
        }
    }

    #[test]
    fn an_unreachable_store_is_unavailable_and_any_other_failure_a_store_error() {
        let boxed =
            |error: sqlx::Error| -> Box<dyn std::error::Error + Send + Sync> { Box::new(error) };
        assert_eq!(mapped(AggregateError::UserError(Refused)), "refused");
        assert_eq!(
            mapped(AggregateError::DatabaseConnectionError(boxed(
                sqlx::Error::PoolClosed
            ))),
            "unavailable"
        );
        // How postgres-es reports a pool that timed out.
        assert_eq!(
            mapped(AggregateError::UnexpectedError(boxed(
                sqlx::Error::PoolTimedOut
            ))),
            "unavailable"
        );
        assert_eq!(
            mapped(AggregateError::UnexpectedError(boxed(
                sqlx::Error::RowNotFound
            ))),
            "store"
        );
        assert_eq!(mapped(AggregateError::AggregateConflict), "store");
    }
}
