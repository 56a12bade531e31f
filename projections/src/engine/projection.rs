//! What a read model is to the projector: a name, the tables it owns, and how it applies
//! one event inside the projector's transaction.

use crate::engine::event::StoredEvent;
use async_trait::async_trait;
use sqlx::PgConnection;

/// Why a projector could not apply an event. It stops at that event and retries: an event
/// is never skipped.
#[derive(Debug, thiserror::Error)]
pub enum ProjectionError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("event at position {position} ({event_type}) cannot be decoded: {source}")]
    Undecodable {
        position: i64,
        event_type: String,
        source: serde_json::Error,
    },
    #[error(
        "event at position {position} is {aggregate_type} {aggregate_id} #{sequence}, but \
         {projection} has applied that stream only up to #{last}: events arrived out of order"
    )]
    OutOfOrder {
        projection: &'static str,
        position: i64,
        aggregate_type: String,
        aggregate_id: String,
        sequence: i64,
        last: i64,
    },
    #[error("event at position {position} does not fit the read model: {detail}")]
    Inconsistent { position: i64, detail: String },
    #[error("carrying out the event at position {position} failed: {detail}")]
    Effect { position: i64, detail: String },
    #[error(
        "no progress for {waited:?}: a transaction left open somewhere on the database \
         server hides newer events"
    )]
    Stalled { waited: std::time::Duration },
    #[error(
        "a batch did not finish in {waited:?} (a connection that no longer answers, or a \
         lock held elsewhere): given up, and tried again on new connections"
    )]
    Stuck { waited: std::time::Duration },
}

impl ProjectionError {
    /// The event cannot be read as `event_type`.
    pub fn undecodable(event: &StoredEvent, source: serde_json::Error) -> Self {
        Self::Undecodable {
            position: event.global_position,
            event_type: event.event_type.clone(),
            source,
        }
    }
}

/// A read model fed by the projector.
#[async_trait]
pub trait Projection: Send + Sync + 'static {
    /// The projection's name; also the key of its checkpoint.
    fn name(&self) -> &'static str;

    /// The tables it owns, emptied when it is rebuilt from the first event.
    fn tables(&self) -> &'static [&'static str];

    /// Whether events of this aggregate type concern it.
    fn handles(&self, aggregate_type: &str) -> bool;

    /// Which events of the aggregate types it handles it is given: every one (the
    /// default), or only those of a few event types (see [`Follows::Only`]).
    fn follows(&self) -> Follows {
        Follows::Every
    }

    /// Whether everything it writes can be derived again from the events (a read model),
    /// so that its batches need not wait for the disk. A process manager, which records
    /// what it carried out, says no.
    fn derived_only(&self) -> bool {
        true
    }

    /// Work on one event it follows that needs no database, such as decoding
    /// the payload into [`StoredEvent::decoded`]. The projector calls it where that work
    /// can overlap the database's (a rebuild's read-ahead), after the personal data is
    /// opened; [`Projection::apply_all`] must give the same result without it. A failure
    /// here is left for `apply_all` to report.
    fn prepare(&self, _event: &StoredEvent) {}

    /// Applies one event. Runs inside the transaction that also moves the checkpoint.
    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError>;

    /// Applies a batch's events, in the global order, each exactly as [`Projection::apply`]
    /// would one after another. The default does just that; a read model may write a run
    /// of events in fewer statements (one statement costs about as much as the work it
    /// does, so a statement per event is what limits a rebuild).
    async fn apply_all(
        &self,
        conn: &mut PgConnection,
        events: &[&StoredEvent],
    ) -> Result<(), ProjectionError> {
        for event in events {
            self.apply(&mut *conn, event).await?;
        }
        Ok(())
    }
}

/// Which events of the aggregate types a projection handles it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follows {
    /// Every one. Its stream guards check that each stream's events come one after
    /// another, with no gap.
    Every,
    /// Only those of these event types: a process manager that acts on a few. The others
    /// are passed over as events of aggregate types it does not handle are: not decoded,
    /// and a batch holding none it follows takes no transaction. Its stream guards see the
    /// gaps, and only recognise replays (see [`StreamGuards::claim`]).
    ///
    /// [`StreamGuards::claim`]: crate::engine::stream_guards::StreamGuards::claim
    Only(&'static [&'static str]),
}

/// Whether `projection` is given events of `event_type` of `aggregate_type`.
pub fn takes(projection: &dyn Projection, aggregate_type: &str, event_type: &str) -> bool {
    projection.handles(aggregate_type)
        && match projection.follows() {
            Follows::Every => true,
            Follows::Only(types) => types.contains(&event_type),
        }
}
