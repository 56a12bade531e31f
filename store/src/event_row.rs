//! An event as its row stores it, every column read as kept (payload and metadata as the
//! text stored), for what the application recomputes from it: the hash chains
//! ([`crate::integrity`]) and the leaves of the history's Merkle tree ([`crate::history`]).

use chrono::{DateTime, Utc};
use sqlx::FromRow;
use uuid::Uuid;

/// The columns of [`EventRow`], for `SELECT {EVENT_COLUMNS} FROM events`.
pub const EVENT_COLUMNS: &str = "events.aggregate_type, events.aggregate_id, events.sequence, \
     events.event_type, events.event_version, events.payload::text AS payload, \
     events.metadata::text AS metadata, events.global_position, \
     events.tx_id::text::bigint AS tx_id, events.event_id, events.recorded_at, events.hash";

/// One row of `events`.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct EventRow {
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub sequence: i64,
    pub event_type: String,
    pub event_version: String,
    /// The JSON text exactly as stored (`json`, not `jsonb`: kept as written).
    pub payload: String,
    pub metadata: String,
    pub global_position: i64,
    /// The writing transaction (`xid8`).
    pub tx_id: i64,
    pub event_id: Uuid,
    pub recorded_at: DateTime<Utc>,
    /// The chain hash the row carries.
    pub hash: Vec<u8>,
}

impl EventRow {
    /// `recorded_at` in microseconds since 1970 (PostgreSQL keeps microseconds).
    pub fn recorded_micros(&self) -> i64 {
        self.recorded_at.timestamp_micros()
    }

    /// How reports name the event: `Type id #sequence (position p)`.
    pub fn name(&self) -> String {
        format!(
            "{} {} #{} (position {})",
            self.aggregate_type, self.aggregate_id, self.sequence, self.global_position
        )
    }
}
