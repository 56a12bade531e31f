//! Inclusion and consistency proofs from the stored log, for whoever holds a checkpoint
//! and the public key (check them with [`crate::merkle::verify`]).

use super::documents::{digests, document_of};
use super::leaf::EventLeaf;
use super::nodes::{log_size, subtree_hashes, to_i64, to_u64};
use super::HistoryError;
use crate::event_row::{EventRow, EVENT_COLUMNS};
use crate::merkle::proof::{self, consistency_ranges, inclusion_ranges, needed};
use crate::merkle::Hash;
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use std::ops::Range;
use utoipa::ToSchema;

/// Which leaf a proof is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeafRef {
    /// The leaf's index in the log.
    Index(u64),
    /// The event's global position.
    Position(i64),
}

/// Proof that an event is leaf `leaf_index` of the tree of `tree_size` leaves.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InclusionProof {
    pub tree_size: u64,
    pub leaf_index: u64,
    /// The leaf hash the log holds, hexadecimal.
    pub leaf_hash: String,
    /// RFC 9162's inclusion path, the lowest sibling first, hexadecimal.
    pub inclusion_path: Vec<String>,
    /// The event as stored now, every field of its leaf: its recomputed hash
    /// ([`EventLeaf::hash`]) is the one to check, and differs from `leaf_hash` if the
    /// event was changed after it was logged.
    pub event: EventLeaf,
}

/// Proof that the tree of `first` leaves is a prefix of the tree of `second` leaves.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsistencyProof {
    pub first: u64,
    pub second: u64,
    /// RFC 9162's consistency path, hexadecimal.
    pub consistency_path: Vec<String>,
}

/// Why no proof can be given.
#[derive(Debug, thiserror::Error)]
pub enum ProofRefusal {
    #[error("the log holds {log_size} leaves; there is no tree of {tree_size} yet")]
    BeyondLog { tree_size: u64, log_size: u64 },
    #[error("the event is not in the log (yet)")]
    NotLogged,
    #[error("{0}")]
    Invalid(#[from] proof::ProofError),
    #[error(transparent)]
    Failed(#[from] HistoryError),
}

impl From<sqlx::Error> for ProofRefusal {
    fn from(error: sqlx::Error) -> Self {
        Self::Failed(error.into())
    }
}

/// Proof that `leaf` is in the tree of `tree_size` leaves.
pub async fn inclusion(
    pool: &PgPool,
    leaf: LeafRef,
    tree_size: u64,
) -> Result<InclusionProof, ProofRefusal> {
    let mut conn = pool.acquire().await?;
    within_log(log_size(&mut conn).await?, tree_size)?;
    let found: Option<(i64, Vec<u8>, i64)> = match leaf {
        LeafRef::Index(index) => {
            sqlx::query_as(
                "SELECT leaf_index, leaf_hash, global_position FROM merkle_leaves WHERE leaf_index = $1",
            )
            .bind(to_i64(index))
            .fetch_optional(&mut *conn)
            .await?
        }
        LeafRef::Position(position) => {
            sqlx::query_as(
                "SELECT leaf_index, leaf_hash, global_position FROM merkle_leaves WHERE global_position = $1",
            )
            .bind(position)
            .fetch_optional(&mut *conn)
            .await?
        }
    };
    let (index, leaf_hash, position) = found.ok_or(ProofRefusal::NotLogged)?;
    let index = to_u64(index);
    let path = path_of(&mut conn, &inclusion_ranges(index, tree_size)?).await?;
    let event: Option<EventRow> = sqlx::query_as(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE global_position = $1"
    ))
    .bind(position)
    .fetch_optional(&mut *conn)
    .await?;
    let event = event.ok_or_else(|| {
        HistoryError::Corrupt(format!(
            "the event at position {position}, leaf {index}, is gone"
        ))
    })?;
    let documents = digests(&mut conn, std::slice::from_ref(&event)).await?;
    Ok(InclusionProof {
        tree_size,
        leaf_index: index,
        leaf_hash: hex::encode(leaf_hash),
        inclusion_path: path,
        event: EventLeaf::of(&event, document_of(&event, &documents)),
    })
}

/// Proof that the tree of `first` leaves is a prefix of the tree of `second`.
pub async fn consistency(
    pool: &PgPool,
    first: u64,
    second: u64,
) -> Result<ConsistencyProof, ProofRefusal> {
    let mut conn = pool.acquire().await?;
    within_log(log_size(&mut conn).await?, second)?;
    let ranges = consistency_ranges(first, second)?;
    Ok(ConsistencyProof {
        first,
        second,
        consistency_path: path_of(&mut conn, &ranges).await?,
    })
}

fn within_log(log_size: u64, tree_size: u64) -> Result<(), ProofRefusal> {
    if tree_size > log_size {
        return Err(ProofRefusal::BeyondLog {
            tree_size,
            log_size,
        });
    }
    Ok(())
}

/// The tree hashes of `ranges`, hexadecimal.
async fn path_of(
    conn: &mut PgConnection,
    ranges: &[Range<u64>],
) -> Result<Vec<String>, ProofRefusal> {
    let stored = subtree_hashes(conn, &needed(ranges)).await?;
    let hashes: Vec<Hash> = proof::hashes(ranges, |s| stored.get(&s).copied())
        .map_err(|error| HistoryError::Corrupt(error.to_string()))?;
    Ok(hashes.iter().map(hex::encode).collect())
}
