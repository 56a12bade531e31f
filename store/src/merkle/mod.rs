//! The Merkle tree of RFC 9162 (Certificate Transparency 2.0), §2.1, with no I/O: the hash
//! of a leaf and of a node, the tree hash (MTH) of a list of leaves, and inclusion and
//! consistency proofs, made ([`proof`]) and checked ([`verify`]).
//!
//! - leaf hash: `SHA-256(0x00 || leaf)`; node hash: `SHA-256(0x01 || left || right)`;
//! - `MTH({})` is `SHA-256()`; a list of `n > 1` leaves splits at `k`, the largest power of
//!   two smaller than `n`: `MTH(D[n]) = node(MTH(D[0:k]), MTH(D[k:n]))`.
//!
//! Every subtree the RFC's tree is made of, and so every hash a proof holds, is one
//! [`Subtree`] (a complete, aligned block of `2^level` leaves) or a few of them side by
//! side ([`subtrees`]). So a log that keeps the hash of every complete subtree answers any
//! proof with `O(log n)` reads; [`Frontier`] computes those hashes as leaves are appended.

mod frontier;
pub mod proof;
mod subtree;
pub mod verify;

#[cfg(test)]
mod tests;

pub use frontier::Frontier;
pub use subtree::{range_hash, subtrees, Subtree};

use sha2::{Digest, Sha256};

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// The hash of a leaf: `SHA-256(0x00 || leaf)`.
pub fn leaf_hash(leaf: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0u8]);
    hasher.update(leaf);
    hasher.finalize().into()
}

/// The hash of an interior node: `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([1u8]);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// The tree hash of no leaves: `SHA-256()`.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The tree hash (MTH) of the leaves whose hashes are given, in one pass.
pub fn root(leaf_hashes: &[Hash]) -> Hash {
    let mut frontier = Frontier::default();
    for leaf in leaf_hashes {
        frontier.push(*leaf);
    }
    frontier.root()
}

/// The largest power of two smaller than `n` (for `n >= 2`): where the RFC's tree of `n`
/// leaves splits.
pub fn split(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}
