//! Appending events to the log: each event's leaf, computed here, and the complete
//! subtrees it completes, in the global order `(tx_id, global_position)` and only below
//! `pg_snapshot_xmin`, as the projectors read (so an event whose transaction commits late
//! is waited for, never passed over).

use super::documents::{digests, document_of};
use super::leaf::EventLeaf;
use super::nodes::{last_leaf, subtree_hashes, to_i64};
use super::HistoryError;
use crate::event_row::{EventRow, EVENT_COLUMNS};
use crate::merkle::{Frontier, Hash};
use sqlx::PgPool;
use std::time::Duration;
use tokio::time::Instant;

/// Events appended per transaction: a transaction that writes holds back every
/// projector's reading (see DESIGN), so each stays short.
pub const BATCH: i64 = 2_000;

/// The advisory lock that makes one writer of the log at a time, whichever instance or
/// command it is.
pub(crate) const LOCK: &str = "SELECT pg_advisory_xact_lock(hashtext('charter.history'))";

/// Appends every event committed so far that the log does not hold yet, a batch per
/// transaction; the number appended.
pub async fn extend(pool: &PgPool) -> Result<u64, HistoryError> {
    let mut appended = 0;
    loop {
        let batch = extend_by(pool, BATCH).await?;
        appended += batch;
        if batch < BATCH.unsigned_abs() {
            return Ok(appended);
        }
    }
}

/// Like [`extend`], after waiting (at most `patience`) until every transaction that was
/// open when it was called has ended: the log then holds every event committed before
/// the call, also those whose transaction began before one still open then (which the
/// global order makes wait). For a checkpoint on demand, which should cover what was
/// written before it was asked for.
pub async fn extend_settled(pool: &PgPool, patience: Duration) -> Result<u64, HistoryError> {
    let started: i64 =
        sqlx::query_scalar("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
            .fetch_one(pool)
            .await?;
    let deadline = Instant::now() + patience;
    loop {
        let xmin: i64 =
            sqlx::query_scalar("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
                .fetch_one(pool)
                .await?;
        if xmin >= started || Instant::now() >= deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    extend(pool).await
}

/// Appends up to `limit` events, in one transaction that holds the log's lock; the number
/// appended.
pub async fn extend_by(pool: &PgPool, limit: i64) -> Result<u64, HistoryError> {
    let mut tx = pool.begin().await?;
    sqlx::query(LOCK).execute(&mut *tx).await?;
    let last = last_leaf(&mut tx).await?;
    let (size, (after_tx, after_position)) = last.unwrap_or((0, (0, 0)));
    let events: Vec<EventRow> = sqlx::query_as(&format!(
        "SELECT {EVENT_COLUMNS} FROM events
         WHERE (events.tx_id, events.global_position) > ($1::bigint::text::xid8, $2)
           AND events.tx_id < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY events.tx_id, events.global_position
         LIMIT $3"
    ))
    .bind(after_tx)
    .bind(after_position)
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    if events.is_empty() {
        return Ok(0);
    }
    let documents = digests(&mut tx, &events).await?;
    let edge = Frontier::edge_of(size);
    let stored = subtree_hashes(&mut tx, &edge).await?;
    let hashes = edge
        .iter()
        .map(|subtree| stored.get(subtree).copied())
        .collect::<Option<Vec<Hash>>>()
        .ok_or_else(|| {
            HistoryError::Corrupt(format!(
                "the log of {size} leaves lacks a subtree of its right edge"
            ))
        })?;
    let mut frontier =
        Frontier::resume(size, hashes).map_err(|error| HistoryError::Corrupt(error.to_string()))?;
    let mut leaves = Leaves::default();
    let mut nodes = Nodes::default();
    for event in &events {
        let hash = EventLeaf::of(event, document_of(event, &documents)).hash();
        leaves.index.push(to_i64(frontier.size()));
        leaves.position.push(event.global_position);
        leaves.tx.push(event.tx_id);
        leaves.hash.push(hash.to_vec());
        for (subtree, hash) in frontier.push(hash) {
            nodes
                .level
                .push(i16::try_from(subtree.level).unwrap_or(i16::MAX));
            nodes.index.push(to_i64(subtree.index));
            nodes.hash.push(hash.to_vec());
        }
    }
    sqlx::query(
        "INSERT INTO merkle_leaves (leaf_index, global_position, tx_id, leaf_hash)
         SELECT i, p, t::text::xid8, h
         FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bytea[]) AS l (i, p, t, h)",
    )
    .bind(&leaves.index)
    .bind(&leaves.position)
    .bind(&leaves.tx)
    .bind(&leaves.hash)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO merkle_nodes (level, node_index, hash)
         SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])",
    )
    .bind(&nodes.level)
    .bind(&nodes.index)
    .bind(&nodes.hash)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(events.len() as u64)
}

#[derive(Default)]
struct Leaves {
    index: Vec<i64>,
    position: Vec<i64>,
    tx: Vec<i64>,
    hash: Vec<Vec<u8>>,
}

#[derive(Default)]
struct Nodes {
    level: Vec<i16>,
    index: Vec<i64>,
    hash: Vec<Vec<u8>>,
}
