//! Reading the log as stored: its size, and the hashes of its complete subtrees.

use crate::merkle::{Hash, Subtree};
use sqlx::PgConnection;
use std::collections::HashMap;

/// The number of leaves in the log (its leaves are numbered from 0 without gaps), with the
/// global-order key `(tx_id, global_position)` of the last.
pub(crate) async fn last_leaf(
    conn: &mut PgConnection,
) -> Result<Option<(u64, (i64, i64))>, sqlx::Error> {
    let last: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT leaf_index, tx_id::text::bigint, global_position FROM merkle_leaves
         ORDER BY leaf_index DESC LIMIT 1",
    )
    .fetch_optional(conn)
    .await?;
    Ok(last.map(|(index, tx, position)| (to_u64(index) + 1, (tx, position))))
}

/// The number of leaves in the log.
pub async fn log_size(conn: &mut PgConnection) -> Result<u64, sqlx::Error> {
    Ok(last_leaf(conn).await?.map_or(0, |(size, _)| size))
}

/// The stored hashes of `subtrees` (leaves from `merkle_leaves`, the others from
/// `merkle_nodes`); those not stored are left out.
pub(crate) async fn subtree_hashes(
    conn: &mut PgConnection,
    subtrees: &[Subtree],
) -> Result<HashMap<Subtree, Hash>, sqlx::Error> {
    let (levels, indexes): (Vec<i32>, Vec<i64>) = subtrees
        .iter()
        .map(|s| (i32::try_from(s.level).unwrap_or(i32::MAX), to_i64(s.index)))
        .unzip();
    let rows: Vec<(i32, i64, Vec<u8>)> = sqlx::query_as(
        "SELECT 0, l.leaf_index, l.leaf_hash
         FROM unnest($1::int[], $2::bigint[]) AS s (level, node_index)
         JOIN merkle_leaves l ON s.level = 0 AND l.leaf_index = s.node_index
         UNION ALL
         SELECT n.level, n.node_index, n.hash
         FROM unnest($1::int[], $2::bigint[]) AS s (level, node_index)
         JOIN merkle_nodes n ON s.level > 0 AND n.level = s.level AND n.node_index = s.node_index",
    )
    .bind(&levels)
    .bind(&indexes)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(level, index, hash)| {
            let subtree = Subtree {
                level: u32::try_from(level).ok()?,
                index: u64::try_from(index).ok()?,
            };
            Some((subtree, <Hash>::try_from(hash.as_slice()).ok()?))
        })
        .collect())
}

/// A count or index as PostgreSQL's `bigint` keeps it (never above `i64::MAX` here).
pub(crate) fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A stored count or index (never negative: the tables check it).
pub(crate) fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}
