//! A checkpoint given to the audit, once its signature is verified.

use crate::merkle::Hash;
use chrono::{DateTime, Utc};

/// A checkpoint whose signature verified.
#[derive(Debug, Clone)]
pub(super) struct Signed {
    pub tree_size: u64,
    pub root: Hash,
    pub time: DateTime<Utc>,
    /// The time as the checkpoint writes it.
    pub shown_time: String,
}
