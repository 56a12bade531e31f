//! The tree, its proofs and their checks against the RFC's definitions written out naively
//! (recursion over lists of leaves), on random trees.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::proof::{consistency_ranges, hashes, inclusion_ranges, needed, ProofError};
use super::{empty_root, leaf_hash, node_hash, root, verify, Frontier, Hash, Subtree};
use proptest::prelude::*;
use std::collections::HashMap;

/// `MTH(D[n])` as RFC 9162 §2.1.1 defines it.
fn naive_root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = n.next_power_of_two() / 2;
            node_hash(&naive_root(&leaves[..k]), &naive_root(&leaves[k..]))
        }
    }
}

/// `PATH(m, D[n])` (§2.1.3.1).
fn naive_path(m: usize, leaves: &[Hash]) -> Vec<Hash> {
    let n = leaves.len();
    if n <= 1 {
        return Vec::new();
    }
    let k = n.next_power_of_two() / 2;
    if m < k {
        let mut path = naive_path(m, &leaves[..k]);
        path.push(naive_root(&leaves[k..]));
        path
    } else {
        let mut path = naive_path(m - k, &leaves[k..]);
        path.push(naive_root(&leaves[..k]));
        path
    }
}

/// `SUBPROOF(m, D[n], b)` (§2.1.4.1).
fn naive_subproof(m: usize, leaves: &[Hash], whole: bool) -> Vec<Hash> {
    let n = leaves.len();
    if m == n {
        return if whole {
            Vec::new()
        } else {
            vec![naive_root(leaves)]
        };
    }
    let k = n.next_power_of_two() / 2;
    if m <= k {
        let mut proof = naive_subproof(m, &leaves[..k], whole);
        proof.push(naive_root(&leaves[k..]));
        proof
    } else {
        let mut proof = naive_subproof(m - k, &leaves[k..], false);
        proof.push(naive_root(&leaves[..k]));
        proof
    }
}

fn leaves(n: usize) -> Vec<Hash> {
    (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
}

/// The hash of every complete subtree of `leaves`, as a log keeps them: the leaves, and
/// the nodes a [`Frontier`] reports as it grows.
fn kept(leaves: &[Hash]) -> HashMap<Subtree, Hash> {
    let mut kept = HashMap::new();
    let mut frontier = Frontier::default();
    for (i, leaf) in leaves.iter().enumerate() {
        kept.insert(
            Subtree {
                level: 0,
                index: i as u64,
            },
            *leaf,
        );
        kept.extend(frontier.push(*leaf));
    }
    kept
}

fn inclusion_proof(
    kept: &HashMap<Subtree, Hash>,
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, ProofError> {
    hashes(&inclusion_ranges(index, size)?, |s| kept.get(&s).copied())
}

fn consistency_proof(
    kept: &HashMap<Subtree, Hash>,
    first: u64,
    second: u64,
) -> Result<Vec<Hash>, ProofError> {
    hashes(&consistency_ranges(first, second)?, |s| {
        kept.get(&s).copied()
    })
}

fn flip(hashes: &mut [Hash], which: usize) {
    let n = hashes.len();
    hashes[which % n][which % 32] ^= 1;
}

#[test]
fn the_rfc_test_vector_roots_hold() {
    // RFC 6962's reference test data (the same hashing in RFC 9162): the empty tree and
    // the tree of the one empty leaf.
    assert_eq!(
        hex::encode(empty_root()),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        hex::encode(root(&[leaf_hash(b"")])),
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    );
}

proptest! {
    #[test]
    fn the_root_is_the_rfcs_tree_hash(n in 0usize..300) {
        let leaves = leaves(n);
        prop_assert_eq!(root(&leaves), naive_root(&leaves));
    }

    #[test]
    fn a_resumed_frontier_grows_as_the_whole_one(n in 0usize..200, more in 0usize..100) {
        let all = leaves(n + more);
        let kept = kept(&all[..n]);
        let edge = Frontier::edge_of(n as u64).iter().map(|s| kept[s]).collect();
        let mut frontier = Frontier::resume(n as u64, edge).unwrap();
        for leaf in &all[n..] {
            frontier.push(*leaf);
        }
        prop_assert_eq!(frontier.root(), naive_root(&all));
    }

    #[test]
    fn inclusion_proofs_are_the_rfcs_paths_and_verify(n in 1usize..300, pick in any::<usize>()) {
        let leaves = leaves(n);
        let kept = kept(&leaves);
        let m = pick % n;
        let proof = inclusion_proof(&kept, m as u64, n as u64).unwrap();
        prop_assert_eq!(&proof, &naive_path(m, &leaves));
        let root = naive_root(&leaves);
        prop_assert!(verify::inclusion(m as u64, n as u64, &leaves[m], &proof, &root));
        // Another leaf, another index, a changed hash or an index past the end do not verify.
        // (The size is not always bound by the path alone: a checkpoint signs it.)
        let other = leaf_hash(b"another leaf");
        prop_assert!(!verify::inclusion(m as u64, n as u64, &other, &proof, &root));
        if n > 1 {
            let elsewhere = (m + 1) % n;
            prop_assert!(!verify::inclusion(elsewhere as u64, n as u64, &leaves[m], &proof, &root));
            let mut changed = proof.clone();
            flip(&mut changed, pick);
            prop_assert!(!verify::inclusion(m as u64, n as u64, &leaves[m], &changed, &root));
        }
        prop_assert!(!verify::inclusion(n as u64, n as u64, &leaves[m], &proof, &root));
    }

    #[test]
    fn consistency_proofs_are_the_rfcs_proofs_and_verify(
        n in 1usize..300,
        pick in any::<usize>(),
    ) {
        let leaves = leaves(n);
        let kept = kept(&leaves);
        let m = pick % n + 1;
        let proof = consistency_proof(&kept, m as u64, n as u64).unwrap();
        let expected = if m == n { Vec::new() } else { naive_subproof(m, &leaves, true) };
        prop_assert_eq!(&proof, &expected);
        let (first, second) = (naive_root(&leaves[..m]), naive_root(&leaves));
        prop_assert!(verify::consistency(m as u64, n as u64, &first, &second, &proof));
        prop_assert!(verify::consistency(0, n as u64, &empty_root(), &second, &[]));
        if m < n {
            // A rewritten leaf in either tree, a changed proof, or the wrong sizes fail.
            let mut rewritten = leaves.clone();
            rewritten[pick % m] = leaf_hash(b"rewritten");
            let forged = naive_root(&rewritten);
            prop_assert!(!verify::consistency(m as u64, n as u64, &first, &forged, &proof));
            let mut changed = proof.clone();
            flip(&mut changed, pick);
            prop_assert!(!verify::consistency(m as u64, n as u64, &first, &second, &changed));
            prop_assert!(!verify::consistency(m as u64, n as u64, &first, &second, &[]));
            prop_assert!(!verify::consistency(n as u64, m as u64, &second, &first, &proof));
            if m > 1 {
                let shorter = naive_root(&leaves[..m - 1]);
                prop_assert!(!verify::consistency(m as u64 - 1, n as u64, &shorter, &second, &proof));
            }
        }
    }

    #[test]
    fn proofs_read_only_logarithmically_many_subtrees(n in 1u64..1_000_000_000, pick in any::<u64>()) {
        let m = pick % n;
        let bound = 2 * (64 - n.leading_zeros()) as usize + 2;
        prop_assert!(needed(&inclusion_ranges(m, n).unwrap()).len() <= bound);
        prop_assert!(needed(&consistency_ranges(m + 1, n).unwrap()).len() <= bound);
    }
}

#[test]
fn proofs_outside_the_tree_are_refused() {
    assert_eq!(
        inclusion_ranges(5, 5),
        Err(ProofError::LeafOutsideTree { index: 5, size: 5 })
    );
    assert_eq!(
        consistency_ranges(6, 5),
        Err(ProofError::NotAPrefix {
            first: 6,
            second: 5
        })
    );
    let kept = kept(&leaves(4));
    assert!(matches!(
        inclusion_proof(&kept, 0, 8),
        Err(ProofError::Unknown(_))
    ));
}
