//! The write path: load an aggregate from the event store, let it decide, append what it
//! decided. A write that lost a race with another write to the same aggregate is decided
//! again on the fresh state, a few times, before it is reported as a conflict.

use charter_domain::application::{
    Application, ApplicationCommand, ApplicationError, ApplicationEvent, ApplicationServices,
};
use charter_domain::{ApplicationId, Authored};
use charter_projections::EventMetadata;
use cqrs_es::event_sink::EventSink;
use cqrs_es::persist::PersistedEventStore;
use cqrs_es::{Aggregate, AggregateError, EventStore};
use postgres_es::PostgresEventRepository;
use rand::Rng;
use sqlx::PgPool;
use std::time::Duration;

/// A command the store accepted.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The aggregate's version after the command: the sequence of its last event.
    pub version: i64,
    /// The global position of the last event written; reads can wait for it.
    pub position: i64,
    /// The events written, with their sequences.
    pub events: Vec<(i64, ApplicationEvent)>,
}

/// A file's bytes that travel with a command and are stored, under their hash, only once
/// the command has been decided and just before its events are appended. A refused
/// command stores nothing.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub sha256: String,
    pub content: bytes::Bytes,
}

/// Why a command was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Refused(#[from] ApplicationError),
    #[error("another change to the same application kept winning; {attempts} attempts failed")]
    Contended { attempts: u32 },
    #[error("event store: {0}")]
    Store(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// Executes commands on `Application` aggregates.
pub struct ApplicationCommands {
    store: PersistedEventStore<PostgresEventRepository, Application>,
    services: ApplicationServices,
    pool: PgPool,
    attempts: u32,
}

impl std::fmt::Debug for ApplicationCommands {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApplicationCommands")
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

impl ApplicationCommands {
    /// Commands against the plain event store in `pool` (cqrs-es 0.5's snapshot and
    /// aggregate stores apply events twice when they snapshot, so they are not used).
    pub fn new(pool: PgPool, services: ApplicationServices, attempts: u32) -> Self {
        let repository = PostgresEventRepository::new(pool.clone());
        Self {
            store: PersistedEventStore::new_event_store(repository),
            services,
            pool,
            attempts: attempts.max(1),
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> &charter_domain::Policy {
        &self.services.policy
    }

    /// Decides `command` on the current state of application `id` and appends the result.
    pub async fn execute(
        &self,
        id: ApplicationId,
        command: Authored<ApplicationCommand>,
        metadata: &EventMetadata,
        attachment: Option<&Attachment>,
    ) -> Result<Accepted, CommandError> {
        let aggregate_id = id.to_string();
        let mut metadata = metadata.clone();
        metadata.policy_version = Some(self.services.policy.version.clone());
        let metadata = metadata.to_map();
        for attempt in 1..=self.attempts {
            let mut context = self
                .store
                .load_aggregate(&aggregate_id)
                .await
                .map_err(store_error)?;
            let version = context.current_sequence;
            let sink = EventSink::default();
            context
                .aggregate
                .handle(command.clone(), &self.services, &sink)
                .await?;
            let events = sink.collect().await;
            if let Some(attachment) = attachment {
                // Stored in its own short transaction, before the append's: content
                // addressed, so a retry or a crash before the append leaves at worst an
                // unreferenced blob, never an event without its bytes.
                sqlx::query(
                    "INSERT INTO document_blobs (sha256, size, content) VALUES ($1, $2, $3)
                     ON CONFLICT (sha256) DO NOTHING",
                )
                .bind(&attachment.sha256)
                .bind(i64::try_from(attachment.content.len()).unwrap_or(i64::MAX))
                .bind(attachment.content.as_ref())
                .execute(&self.pool)
                .await?;
            }
            match self.store.commit(events, context, metadata.clone()).await {
                Ok(envelopes) => return self.accepted(&aggregate_id, version, envelopes).await,
                Err(AggregateError::AggregateConflict) => {
                    tracing::debug!(%aggregate_id, attempt, "write conflict; deciding again");
                    let backoff = rand::thread_rng().gen_range(1..=5 * u64::from(attempt));
                    tokio::time::sleep(Duration::from_millis(backoff)).await;
                }
                Err(error) => return Err(store_error(error)),
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
        envelopes: Vec<cqrs_es::EventEnvelope<Application>>,
    ) -> Result<Accepted, CommandError> {
        let to_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let version = envelopes
            .last()
            .map_or(to_i64(version_before), |e| to_i64(e.sequence));
        let position: i64 = sqlx::query_scalar(
            "SELECT global_position FROM events
             WHERE aggregate_type = $1 AND aggregate_id = $2 AND sequence = $3",
        )
        .bind(Application::TYPE)
        .bind(aggregate_id)
        .bind(version)
        .fetch_one(&self.pool)
        .await?;
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

fn store_error(error: AggregateError<ApplicationError>) -> CommandError {
    match error {
        AggregateError::UserError(refusal) => CommandError::Refused(refusal),
        other => CommandError::Store(other.to_string()),
    }
}
