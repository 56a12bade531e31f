//! Narrowing down where a checkpoint's tree and the store part.
//!
//! From the signed root down: a stored subtree pair that hashes to a hash already
//! trusted (the signed root first) is trusted in turn, and the walk goes into the half
//! whose recomputed hash differs from its trusted one. It stops where the stored tree
//! no longer hashes to what is trusted (it was rewritten there too): the difference lies
//! in that subtree. Leaves a checkpoint the store contains (`since`) are ruled out.

use super::signed::Signed;
use crate::history::nodes::{subtree_hashes, to_i64};
use crate::history::HistoryError;
use crate::merkle::{self, node_hash, range_hash, split, subtrees, Hash};
use sqlx::PgConnection;
use std::ops::Range;

/// The leaves where the store's events and `checkpoint` part, and the event when it is
/// one leaf. `recomputed` holds every leaf of the tree, recomputed from the events.
pub(super) async fn locate(
    conn: &mut PgConnection,
    recomputed: &[Hash],
    checkpoint: &Signed,
    since: u64,
) -> Result<(Range<u64>, Option<String>), HistoryError> {
    let (mut start, mut end, mut trusted) = (0, checkpoint.tree_size, checkpoint.root);
    while end - start > 1 {
        let middle = start + split(end - start);
        let mut needed = subtrees(start, middle);
        needed.extend(subtrees(middle, end));
        let stored = subtree_hashes(conn, &needed).await?;
        let mut lookup = |s| stored.get(&s).copied();
        let (Some(left), Some(right)) = (
            range_hash(start, middle, &mut lookup),
            range_hash(middle, end, &mut lookup),
        ) else {
            break;
        };
        if node_hash(&left, &right) != trusted {
            break;
        }
        let at = |range: Range<u64>| {
            let (from, to) = (usize::try_from(range.start), usize::try_from(range.end));
            match (from, to) {
                (Ok(from), Ok(to)) => recomputed.get(from..to).map(merkle::root),
                _ => None,
            }
        };
        if at(start..middle) != Some(left) {
            (end, trusted) = (middle, left);
        } else if at(middle..end) != Some(right) {
            (start, trusted) = (middle, right);
        } else {
            break;
        }
    }
    if since < end {
        start = start.max(since);
    }
    let event = if end - start == 1 {
        let found: Option<String> = sqlx::query_scalar(
            "SELECT e.aggregate_type || ' ' || e.aggregate_id || ' #' || e.sequence
                    || ' (position ' || e.global_position || ')'
             FROM merkle_leaves l JOIN events e USING (global_position)
             WHERE l.leaf_index = $1",
        )
        .bind(to_i64(start))
        .fetch_optional(&mut *conn)
        .await?;
        found
    } else {
        None
    };
    Ok((start..end, event))
}
