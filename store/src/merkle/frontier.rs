//! The right edge of a growing tree: enough to append a leaf and to know the root.

use super::{empty_root, node_hash, subtrees, Hash, Subtree};

/// The complete subtrees that cover the leaves appended so far (one per bit set in their
/// number, the largest first), as a log keeps them while it grows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frontier {
    size: u64,
    /// Levels and hashes, the largest (leftmost) first.
    edge: Vec<(u32, Hash)>,
}

/// The frontier given does not fit the tree size given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a tree of {size} leaves has {expected} complete subtrees on its edge, not {given}")]
pub struct FrontierMismatch {
    pub size: u64,
    pub expected: usize,
    pub given: usize,
}

impl Frontier {
    /// The frontier of a tree of `size` leaves, from the hashes of [`Frontier::edge_of`]
    /// `size`, in that order.
    pub fn resume(size: u64, hashes: Vec<Hash>) -> Result<Self, FrontierMismatch> {
        let edge = Self::edge_of(size);
        if edge.len() != hashes.len() {
            return Err(FrontierMismatch {
                size,
                expected: edge.len(),
                given: hashes.len(),
            });
        }
        Ok(Self {
            size,
            edge: edge.iter().map(|s| s.level).zip(hashes).collect(),
        })
    }

    /// The complete subtrees on the right edge of a tree of `size` leaves, the largest
    /// first.
    pub fn edge_of(size: u64) -> Vec<Subtree> {
        if size == 0 {
            Vec::new()
        } else {
            subtrees(0, size)
        }
    }

    /// The leaves appended.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends a leaf hash; returns the subtrees of level 1 and more it completed, with
    /// their hashes, the lowest first.
    pub fn push(&mut self, leaf: Hash) -> Vec<(Subtree, Hash)> {
        self.size += 1;
        let mut completed = Vec::new();
        let mut hash = leaf;
        let mut level = 0;
        while let Some(&(top, left)) = self.edge.last() {
            if top != level {
                break;
            }
            self.edge.pop();
            hash = node_hash(&left, &hash);
            level += 1;
            let subtree = Subtree {
                level,
                index: (self.size >> level) - 1,
            };
            completed.push((subtree, hash));
        }
        self.edge.push((level, hash));
        completed
    }

    /// The tree hash of the leaves appended.
    pub fn root(&self) -> Hash {
        let mut parts = self.edge.iter().rev();
        let Some(&(_, mut root)) = parts.next() else {
            return empty_root();
        };
        for (_, left) in parts {
            root = node_hash(left, &root);
        }
        root
    }
}
