//! Making proofs (RFC 9162 §2.1.3.1 and §2.1.4.1): the ranges of leaves whose tree hashes
//! a proof lists, and the proof from the hashes of the complete subtrees they are made of.

use super::subtree::range_hash;
use super::{split, subtrees, Hash, Subtree};
use std::ops::Range;

/// A proof cannot be made for these sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("leaf {index} is not in a tree of {size} leaves")]
    LeafOutsideTree { index: u64, size: u64 },
    #[error("a tree of {first} leaves is not a prefix of one of {second}")]
    NotAPrefix { first: u64, second: u64 },
    #[error("the hash of the subtree at level {}, index {} is not kept", .0.level, .0.index)]
    Unknown(Subtree),
}

/// The ranges of leaves whose tree hashes make the inclusion proof (audit path) of leaf
/// `index` in the tree of `size` leaves, the lowest first: `PATH(index, D[size])`.
pub fn inclusion_ranges(index: u64, size: u64) -> Result<Vec<Range<u64>>, ProofError> {
    if index >= size {
        return Err(ProofError::LeafOutsideTree { index, size });
    }
    let mut ranges = Vec::new();
    let (mut start, mut end, mut m) = (0, size, index);
    // Top down; the RFC lists the path bottom up.
    while end - start > 1 {
        let k = split(end - start);
        if m < k {
            ranges.push(start + k..end);
            end = start + k;
        } else {
            ranges.push(start..start + k);
            start += k;
            m -= k;
        }
    }
    ranges.reverse();
    Ok(ranges)
}

/// The ranges of leaves whose tree hashes make the consistency proof between the trees of
/// `first` and `second` leaves: `PROOF(first, D[second])`, empty when `first` is 0 or
/// equals `second`.
pub fn consistency_ranges(first: u64, second: u64) -> Result<Vec<Range<u64>>, ProofError> {
    if first > second {
        return Err(ProofError::NotAPrefix { first, second });
    }
    let mut ranges = Vec::new();
    if first == 0 || first == second {
        return Ok(ranges);
    }
    // SUBPROOF(m, D[start:end], whole), top down.
    let (mut start, mut end, mut m, mut whole) = (0, second, first, true);
    loop {
        let n = end - start;
        if m == n {
            if !whole {
                ranges.push(start..end);
            }
            break;
        }
        let k = split(n);
        if m <= k {
            ranges.push(start + k..end);
            end = start + k;
        } else {
            ranges.push(start..start + k);
            start += k;
            m -= k;
            whole = false;
        }
    }
    ranges.reverse();
    Ok(ranges)
}

/// The complete subtrees whose hashes `ranges` need, each once, in order.
pub fn needed(ranges: &[Range<u64>]) -> Vec<Subtree> {
    let mut needed: Vec<Subtree> = ranges
        .iter()
        .flat_map(|range| subtrees(range.start, range.end))
        .collect();
    needed.sort_unstable();
    needed.dedup();
    needed
}

/// The tree hashes of `ranges`, from the hashes of complete subtrees `lookup` finds.
pub fn hashes(
    ranges: &[Range<u64>],
    mut lookup: impl FnMut(Subtree) -> Option<Hash>,
) -> Result<Vec<Hash>, ProofError> {
    ranges
        .iter()
        .map(|range| {
            let mut missing = None;
            range_hash(range.start, range.end, &mut |subtree| {
                let found = lookup(subtree);
                if found.is_none() {
                    missing.get_or_insert(subtree);
                }
                found
            })
            .ok_or_else(|| ProofError::Unknown(missing.unwrap_or(Subtree { level: 0, index: 0 })))
        })
        .collect()
}
