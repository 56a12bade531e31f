//! Running a command on an aggregate: load it (from the cache first), let it decide,
//! append what it decided. A write that lost a race with another write to the same
//! aggregate is decided again on the fresh state, a few times, before it is reported as a
//! conflict.

use super::aggregate_cache::AggregateCache;
use super::outcome::{store_error, Accepted, CommandError};
use super::prerequisite::Prerequisite;
use super::stream_locks::StreamLocks;
use super::VersionMatch;
use charter_domain::Versioned;
use charter_store::position::position_of;
use charter_store::sealing::{AppendStats, KeyCache, SealingRepository};
use charter_store::{Announcer, EventMetadata, RecentAppends};
use cqrs_es::event_sink::EventSink;
use cqrs_es::persist::{
    EventStoreAggregateContext, PersistedEventRepository, PersistenceError, SerializedEvent,
};
use cqrs_es::Aggregate;
use cqrs_es::EventEnvelope;
use rand::Rng;
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;

/// How many aggregates of each type a process keeps in memory between commands.
pub const CACHED_AGGREGATES: usize = 10_000;

/// Executes commands on aggregates of type `A`.
pub struct CommandBus<A: Aggregate> {
    /// Reads the events newer than a cached state, and appends.
    events: SealingRepository,
    cache: AggregateCache<A>,
    keys: Arc<KeyCache>,
    services: A::Services,
    pool: PgPool,
    attempts: u32,
    turns: StreamLocks,
}

impl<A: Aggregate> std::fmt::Debug for CommandBus<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommandBus")
            .field("aggregate", &A::TYPE)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

impl<A> CommandBus<A>
where
    A: Aggregate + Versioned + Clone,
    A::Command: Clone,
    A::Error: 'static,
{
    /// A bus for commands against the plain event store in `pool` (cqrs-es 0.5's snapshot and
    /// aggregate stores apply events twice when they snapshot, so they are not used).
    pub fn new(pool: PgPool, services: A::Services, attempts: u32) -> Self {
        Self::with_cache(pool, services, attempts, CACHED_AGGREGATES)
    }

    /// Like [`CommandBus::new`], keeping at most `cached` aggregates in memory (0: none, so
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
    pub fn append_stats(&self) -> &AppendStats {
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

    /// Like [`CommandBus::execute`], refused with [`CommandError::Stale`] when what the
    /// command acts on is not at a version `expected` (when given) accepts at the moment the
    /// command is decided: the aggregate's, or the part's the command names (a person on
    /// the roster, see [`Versioned`]).
    pub async fn execute_expecting(
        &self,
        aggregate_id: &str,
        command: A::Command,
        metadata: &EventMetadata,
        prerequisite: Option<&Prerequisite>,
        expected: Option<VersionMatch>,
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
            if let Some(expected) = &expected {
                let sequence = i64::try_from(version).unwrap_or(i64::MAX);
                let actual = context.aggregate.version_for(&command, sequence);
                if !expected.accepts(actual) {
                    if trusted {
                        continue;
                    }
                    return Err(CommandError::Stale {
                        expected: expected.clone(),
                        actual,
                    });
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
            let reported = decided.version_for(
                &command,
                i64::try_from(decided_sequence).unwrap_or(i64::MAX),
            );
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
                        .accepted(aggregate_id, version, envelopes, positions, reported)
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

    /// The answer to a command that appended `envelopes` at `positions`, the stream having
    /// been at `version_before`; `version` is what the command acted on is at now (see
    /// [`Versioned`]).
    async fn accepted(
        &self,
        aggregate_id: &str,
        version_before: usize,
        envelopes: Vec<EventEnvelope<A>>,
        positions: Vec<i64>,
        version: i64,
    ) -> Result<Accepted<A::Event>, CommandError<A::Error>> {
        let to_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let position = match positions.last() {
            Some(&position) => position,
            // Nothing written: the position of the aggregate's last event.
            None => position_of(&self.pool, A::TYPE, aggregate_id, to_i64(version_before))
                .await?
                .unwrap_or(0),
        };
        super::written::note(position);
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
