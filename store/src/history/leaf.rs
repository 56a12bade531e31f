//! What the history's Merkle tree logs of each event: its leaf, computed here from the row
//! as stored and, for an event that refers to a document, from the document's bytes.
//!
//! The leaf is the concatenation of these fields, each as its length (4 bytes, big-endian)
//! followed by its UTF-8 bytes, in this order:
//!
//! | # | field |
//! |---|---|
//! | 1 | `charter-event-leaf/1` (the encoding's name and version) |
//! | 2, 3 | aggregate type, aggregate id |
//! | 4 | sequence, in decimal |
//! | 5, 6 | event type, event version |
//! | 7, 8 | payload and metadata, the JSON text exactly as stored |
//! | 9, 10 | global position, writing transaction id (`tx_id`), in decimal |
//! | 11 | event id, lowercase and hyphenated |
//! | 12 | recorded at, in microseconds since 1970-01-01 UTC, in decimal |
//! | 13 | the chain hash the row carries, lowercase hexadecimal |
//! | 14 | for an event whose payload names a document (`{"Variant": {"sha256": ..}}`): the SHA-256 of the bytes stored under that name, recomputed, in lowercase hexadecimal, or `absent` when none are stored; empty for any other event |
//!
//! and its hash is `SHA-256(0x00 || leaf)` (RFC 9162).

use crate::event_row::EventRow;
use crate::merkle::{self, Hash};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

/// The encoding's name, the leaf's first field.
pub const LEAF_ENCODING: &str = "charter-event-leaf/1";

/// What field 14 holds when the document's bytes are not stored.
pub const ABSENT: &str = "absent";

/// Every field of an event's leaf, as an inclusion proof hands it out: with these, anyone
/// recomputes the leaf hash ([`EventLeaf::hash`]) the proof is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EventLeaf {
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub sequence: i64,
    pub event_type: String,
    pub event_version: String,
    /// The payload's JSON text exactly as stored.
    pub payload: String,
    /// The metadata's JSON text exactly as stored.
    pub metadata: String,
    pub global_position: i64,
    /// The writing transaction's id.
    pub tx_id: i64,
    pub event_id: Uuid,
    /// When the event was stored, in microseconds since 1970-01-01 UTC.
    pub recorded_at_micros: i64,
    /// The chain hash the row carries, hexadecimal.
    pub chain_hash: String,
    /// The SHA-256 of the bytes of the document the event names, recomputed (hexadecimal),
    /// `absent` when they are not stored; empty when the event names no document.
    pub document_sha256: String,
}

impl EventLeaf {
    /// The leaf of `event`, given the SHA-256 of the bytes stored under the document name
    /// it refers to (see [`document_named`]): `None` when it names none, `Some(None)` when
    /// no bytes are stored under it.
    pub fn of(event: &EventRow, document: Option<Option<Hash>>) -> Self {
        Self {
            aggregate_type: event.aggregate_type.clone(),
            aggregate_id: event.aggregate_id.clone(),
            sequence: event.sequence,
            event_type: event.event_type.clone(),
            event_version: event.event_version.clone(),
            payload: event.payload.clone(),
            metadata: event.metadata.clone(),
            global_position: event.global_position,
            tx_id: event.tx_id,
            event_id: event.event_id,
            recorded_at_micros: event.recorded_micros(),
            chain_hash: hex::encode(&event.hash),
            document_sha256: match document {
                None => String::new(),
                Some(None) => ABSENT.to_owned(),
                Some(Some(digest)) => hex::encode(digest),
            },
        }
    }

    /// The leaf's bytes (see the module's table).
    pub fn encode(&self) -> Vec<u8> {
        let numbers = [
            self.sequence.to_string(),
            self.global_position.to_string(),
            self.tx_id.to_string(),
            self.event_id.to_string(),
            self.recorded_at_micros.to_string(),
        ];
        let fields: [&str; 14] = [
            LEAF_ENCODING,
            &self.aggregate_type,
            &self.aggregate_id,
            &numbers[0],
            &self.event_type,
            &self.event_version,
            &self.payload,
            &self.metadata,
            &numbers[1],
            &numbers[2],
            &numbers[3],
            &numbers[4],
            &self.chain_hash,
            &self.document_sha256,
        ];
        let mut leaf = Vec::with_capacity(fields.iter().map(|f| f.len() + 4).sum());
        for field in fields {
            // A field longer than 4 GiB cannot be stored in PostgreSQL's text (1 GB).
            let len = u32::try_from(field.len()).unwrap_or(u32::MAX);
            leaf.extend_from_slice(&len.to_be_bytes());
            leaf.extend_from_slice(field.as_bytes());
        }
        leaf
    }

    /// The leaf's hash, `SHA-256(0x00 || leaf)`.
    pub fn hash(&self) -> Hash {
        merkle::leaf_hash(&self.encode())
    }
}

/// The document name (lowercase hexadecimal SHA-256) the payload refers to: the `sha256`
/// of the event's fields, as `DocumentSubmitted` carries it. Payloads are externally
/// tagged, `{"Variant": {fields}}`.
pub fn document_named(payload: &str) -> Option<String> {
    // Most events name no document: spare them the parse.
    if !payload.contains("\"sha256\"") {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(payload).ok()?;
    let (_, fields) = value.as_object()?.iter().next()?;
    Some(fields.get("sha256")?.as_str()?.to_owned())
}

/// The SHA-256 of document bytes.
pub fn digest(bytes: &[u8]) -> Hash {
    Sha256::digest(bytes).into()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_named_by_its_events_sha256_field() {
        let named = document_named(r#"{"DocumentSubmitted":{"kind":"x","sha256":"ab"}}"#);
        assert_eq!(named.as_deref(), Some("ab"));
        assert_eq!(document_named(r#"{"Other":{"note":"sha256"}}"#), None);
        assert_eq!(document_named(r#"{"Other":{"note":"\"sha256\""}}"#), None);
    }

    #[test]
    fn fields_are_length_prefixed_so_that_none_runs_into_the_next() {
        let leaf = EventLeaf {
            aggregate_type: "A".to_owned(),
            aggregate_id: "b".to_owned(),
            sequence: 1,
            event_type: "E".to_owned(),
            event_version: "1".to_owned(),
            payload: "{}".to_owned(),
            metadata: "{}".to_owned(),
            global_position: 2,
            tx_id: 3,
            event_id: Uuid::nil(),
            recorded_at_micros: 4,
            chain_hash: "00".to_owned(),
            document_sha256: String::new(),
        };
        let moved = EventLeaf {
            aggregate_type: "Ab".to_owned(),
            aggregate_id: String::new(),
            ..leaf.clone()
        };
        assert_ne!(leaf.hash(), moved.hash());
        assert_eq!(&leaf.encode()[..24], b"\0\0\0\x14charter-event-leaf/1");
    }
}
