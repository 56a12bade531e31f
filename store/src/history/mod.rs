//! The history anchored outside the database: a Merkle tree (RFC 9162, as Certificate
//! Transparency) over all events in the global order, whose roots the server signs.
//!
//! - [`leaf`]: what the tree logs of each event, computed here from the row (and from the
//!   bytes of the document it refers to);
//! - [`log`]: appending events to the log, in the order the projectors read them, one
//!   writer at a time;
//! - [`checkpoint`] and [`signing`]: checkpoints (tree size, root, time) signed with an
//!   Ed25519 key from the key directory, kept, and written to the anchor directory;
//! - [`proofs`]: inclusion and consistency proofs, checked with [`crate::merkle::verify`]
//!   and the public key alone;
//! - [`audit`]: checking the store against the log and against checkpoints, naming the
//!   first difference.
//!
//! The per-aggregate hash chains ([`crate::integrity`]) stay: they find a careless edit.
//! What they cannot find, a careful forger's (a stream rehashed with its head, a stream
//! deleted or invented, an older backup restored), the checkpoints do, as long as someone
//! outside the database kept them.

pub mod audit;
pub mod checkpoint;
mod documents;
pub mod leaf;
pub mod log;
mod nodes;
pub mod proofs;
pub mod signing;

pub use checkpoint::{Checkpoint, CheckpointKey, PublicKey};
pub use leaf::EventLeaf;
pub use nodes::log_size;

/// Why the log could not be extended, signed or read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Proof(#[from] crate::merkle::proof::ProofError),
    /// The stored log contradicts itself (a leaf or subtree it should hold is missing).
    #[error("the stored log is inconsistent: {0}")]
    Corrupt(String),
    /// Checkpoints were given, but no public key to check them with.
    #[error("checkpoints cannot be checked without the public key")]
    NoPublicKey,
}
