//! What a read model is to the projector: a name, the tables it owns, and how it applies
//! one event inside the projector's transaction.

use crate::event::StoredEvent;
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

    /// Applies one event. Runs inside the transaction that also moves the checkpoint.
    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError>;
}

/// Whether an event should be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The next event of its stream: apply it.
    Apply,
    /// Already applied (a replay): change nothing.
    AlreadyApplied,
}

/// Records that `projection` applies `event`, checking that each aggregate's events arrive
/// one after another. A gap means the global order broke, which must never pass silently.
pub async fn claim(
    conn: &mut PgConnection,
    projection: &'static str,
    event: &StoredEvent,
) -> Result<Claim, ProjectionError> {
    let advanced: Option<bool> = sqlx::query_scalar(
        "INSERT INTO projection_streams (projection, aggregate_type, aggregate_id, last_sequence)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (projection, aggregate_type, aggregate_id)
         DO UPDATE SET last_sequence = EXCLUDED.last_sequence
         WHERE projection_streams.last_sequence = EXCLUDED.last_sequence - 1
         RETURNING (xmax = 0) AS inserted",
    )
    .bind(projection)
    .bind(&event.aggregate_type)
    .bind(&event.aggregate_id)
    .bind(event.sequence)
    .fetch_optional(&mut *conn)
    .await?;
    let out_of_order = |last| ProjectionError::OutOfOrder {
        projection,
        position: event.global_position,
        aggregate_type: event.aggregate_type.clone(),
        aggregate_id: event.aggregate_id.clone(),
        sequence: event.sequence,
        last,
    };
    match advanced {
        Some(true) if event.sequence != 1 => Err(out_of_order(0)),
        Some(_) => Ok(Claim::Apply),
        None => {
            let last: i64 = sqlx::query_scalar(
                "SELECT last_sequence FROM projection_streams
                 WHERE projection = $1 AND aggregate_type = $2 AND aggregate_id = $3",
            )
            .bind(projection)
            .bind(&event.aggregate_type)
            .bind(&event.aggregate_id)
            .fetch_one(&mut *conn)
            .await?;
            if event.sequence <= last {
                Ok(Claim::AlreadyApplied)
            } else {
                Err(out_of_order(last))
            }
        }
    }
}
