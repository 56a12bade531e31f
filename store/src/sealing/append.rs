//! One command's append, sealed and serialized, as the writer takes it.

use cqrs_es::persist::{PersistenceError, SerializedEvent};
use tokio::sync::oneshot;

/// One command's append, sealed and serialized, waiting to be written.
pub(super) struct Append {
    pub(super) aggregate_type: String,
    pub(super) aggregate_id: String,
    pub(super) first_sequence: i64,
    pub(super) event_types: Vec<String>,
    pub(super) event_versions: Vec<String>,
    /// As text, cast to `json` by the database: stored exactly as serialized.
    pub(super) payloads: Vec<String>,
    pub(super) metadata: Vec<String>,
    pub(super) blob: Option<(String, Vec<u8>)>,
}

impl Append {
    pub(super) fn new(
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
pub(super) type Appended = Result<Vec<i64>, PersistenceError>;

/// An append waiting to be written, and where its outcome goes.
pub(super) struct Waiting {
    pub(super) id: u64,
    pub(super) append: Append,
    pub(super) done: oneshot::Sender<Appended>,
}

impl std::fmt::Debug for Waiting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Waiting")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}
