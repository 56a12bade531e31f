//! The complete subtrees the RFC's tree is made of.

use super::{node_hash, split, Hash};

/// A complete, aligned subtree: the `2^level` leaves from `index * 2^level` on. Level 0 is
/// one leaf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Subtree {
    pub level: u32,
    pub index: u64,
}

impl Subtree {
    /// The first leaf it covers.
    pub fn start(self) -> u64 {
        self.index << self.level
    }

    /// The leaf after its last.
    pub fn end(self) -> u64 {
        (self.index + 1) << self.level
    }
}

/// The complete subtrees whose hashes make up `MTH(D[start:end])`, left to right. For the
/// ranges the RFC's tree of any size is made of (where a proof's hashes come from) they are
/// `O(log n)`, of decreasing size; for other ranges, still correct, but maybe more.
pub fn subtrees(start: u64, end: u64) -> Vec<Subtree> {
    if start >= end {
        return Vec::new();
    }
    let mut parts = Vec::new();
    walk(start, end, &mut |subtree| {
        parts.push(subtree);
        Some([0; 32])
    });
    parts
}

/// `MTH(D[start:end])` (`start < end`) from the hashes of its complete subtrees, as
/// `lookup` finds them; `None` if one is not found.
pub fn range_hash(
    start: u64,
    end: u64,
    lookup: &mut impl FnMut(Subtree) -> Option<Hash>,
) -> Option<Hash> {
    walk(start, end, lookup)
}

/// The RFC's recursion over `D[start:end]`, stopping at complete subtrees.
fn walk(start: u64, end: u64, lookup: &mut impl FnMut(Subtree) -> Option<Hash>) -> Option<Hash> {
    let n = end - start;
    if n.is_power_of_two() && start.is_multiple_of(n) {
        return lookup(Subtree {
            level: n.trailing_zeros(),
            index: start / n,
        });
    }
    let k = split(n);
    let left = walk(start, start + k, lookup);
    let right = walk(start + k, end, lookup);
    Some(node_hash(&left?, &right?))
}
