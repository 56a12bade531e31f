//! What a check of the store against signed checkpoints can find, each named.

use serde::Serialize;
use std::fmt;
use std::ops::Range;
use uuid::Uuid;

/// The first difference between the store and what the log and the checkpoints say it
/// held. Each names the evidence it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "difference", rename_all = "snake_case")]
pub enum Difference {
    /// A checkpoint given does not verify with the public key.
    Unsigned { tree_size: u64, error: String },
    /// A checkpoint given is of another store.
    OtherStore {
        tree_size: u64,
        checkpoint_store: Uuid,
        store: Uuid,
    },
    /// The log holds fewer leaves than a checkpoint signed: the store was rolled back to
    /// an earlier state (an older backup restored), or its newest events and their
    /// leaves were deleted.
    RolledBack {
        tree_size: u64,
        time: String,
        log_size: u64,
    },
    /// The log has no leaf `leaf_index`, though it has later ones: a leaf was deleted.
    LeafMissing { leaf_index: u64 },
    /// The event logged as leaf `leaf_index` is no longer in the store.
    Deleted {
        leaf_index: u64,
        global_position: i64,
    },
    /// An event the log does not hold sits among the events it holds: inserted later
    /// with an earlier place in the global order.
    NotInLog { event: String },
    /// The store's global order puts another event (`found`) where the log has the
    /// event `logged`: a transaction id or position was changed.
    Reordered {
        leaf_index: u64,
        logged: String,
        found: String,
    },
    /// The event logged as leaf `leaf_index`, recomputed from its row now, is not the
    /// leaf logged: it was changed (rehashed or not) after it was logged.
    Rewritten { leaf_index: u64, event: String },
    /// The bytes stored under the document name an event gives no longer hash to it.
    DocumentBytes {
        event: String,
        sha256: String,
        found: String,
    },
    /// The events of a checkpoint's tree, recomputed, do not have its signed root: they
    /// were changed, and the log with them. `between` narrows where (as far as the
    /// stored tree and the other checkpoints allow); `event` names it when one leaf.
    RootMismatch {
        tree_size: u64,
        time: String,
        between: Range<u64>,
        event: Option<String>,
    },
    /// An event that comes after a checkpoint's tree says it was recorded before the
    /// checkpoint was signed (by more than the leeway): it was inserted back-dated.
    BackDated {
        event: String,
        recorded_at: String,
        tree_size: u64,
        time: String,
    },
}

impl Difference {
    /// A stable name of the kind of difference.
    pub fn code(&self) -> &'static str {
        match self {
            Difference::Unsigned { .. } => "unsigned",
            Difference::OtherStore { .. } => "other-store",
            Difference::RolledBack { .. } => "rolled-back",
            Difference::LeafMissing { .. } => "leaf-missing",
            Difference::Deleted { .. } => "deleted",
            Difference::NotInLog { .. } => "not-in-log",
            Difference::Reordered { .. } => "reordered",
            Difference::Rewritten { .. } => "rewritten",
            Difference::DocumentBytes { .. } => "document-bytes",
            Difference::RootMismatch { .. } => "root-mismatch",
            Difference::BackDated { .. } => "back-dated",
        }
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::Unsigned { tree_size, error } => {
                write!(f, "the checkpoint of {tree_size} leaves is not to be believed: {error}")
            }
            Difference::OtherStore { tree_size, checkpoint_store, store } => write!(
                f,
                "the checkpoint of {tree_size} leaves is of store {checkpoint_store}, not of this store ({store})"
            ),
            Difference::RolledBack { tree_size, time, log_size } => write!(
                f,
                "rolled back or deleted: the log holds {log_size} leaves, fewer than the \
                 {tree_size} of the checkpoint signed at {time} (an older backup restored, or \
                 the newest events deleted)"
            ),
            Difference::LeafMissing { leaf_index } => {
                write!(f, "deleted: leaf {leaf_index} is missing from the log")
            }
            Difference::Deleted { leaf_index, global_position } => write!(
                f,
                "deleted: the event at position {global_position}, logged as leaf {leaf_index}, \
                 is no longer in the store"
            ),
            Difference::NotInLog { event } => write!(
                f,
                "inserted: the event {event} is not in the log, though it comes among the events \
                 the log holds"
            ),
            Difference::Reordered { leaf_index, logged, found } => write!(
                f,
                "reordered: leaf {leaf_index} of the log is the event {logged}, but the store's \
                 global order puts {found} there (a transaction id or position was changed)"
            ),
            Difference::Rewritten { leaf_index, event } => write!(
                f,
                "rewritten: the event {event}, recomputed from its row, is not leaf \
                 {leaf_index} as logged"
            ),
            Difference::DocumentBytes { event, sha256, found } => write!(
                f,
                "document bytes swapped: the event {event} names the document {sha256}, but \
                 the bytes stored under that name hash to {found}"
            ),
            Difference::RootMismatch { tree_size, time, between, event } => {
                write!(
                    f,
                    "root mismatch: the store does not contain the tree of {tree_size} leaves \
                     signed at {time}; the difference lies in leaves {}..{}",
                    between.start, between.end
                )?;
                match event {
                    Some(event) => write!(f, ", in the event {event}"),
                    None => Ok(()),
                }
            }
            Difference::BackDated { event, recorded_at, tree_size, time } => write!(
                f,
                "back-dated: the event {event} comes after the checkpoint of {tree_size} leaves \
                 signed at {time}, but says it was recorded at {recorded_at}"
            ),
        }
    }
}
