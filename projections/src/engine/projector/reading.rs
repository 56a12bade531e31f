//! Reading events in the global order `(tx_id, global_position)`, after a checkpoint.

use super::Checkpoint;
use crate::engine::event::{StoredEvent, COLUMNS};
use crate::engine::projection::ProjectionError;
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};

/// Up to `limit` events after `from` in the global order: without `until`, only those
/// below the snapshot's xmin, so that an event whose transaction is still open is waited
/// for rather than skipped; with `until`, those up to and including it (the caller vouches
/// that every transaction up to it has finished).
pub(super) async fn read_events(
    conn: &mut PgConnection,
    from: Checkpoint,
    until: Option<Checkpoint>,
    limit: i64,
    followed: impl Fn(&str, &str) -> bool,
) -> Result<Vec<StoredEvent>, ProjectionError> {
    events_of(&read_rows(conn, from, until, limit).await?, followed)
}

/// The rows [`read_events`] decodes.
pub(super) async fn read_rows(
    conn: &mut PgConnection,
    from: Checkpoint,
    until: Option<Checkpoint>,
    limit: i64,
) -> Result<Vec<PgRow>, ProjectionError> {
    let bound = match until {
        None => "tx_id < pg_snapshot_xmin(pg_current_snapshot())",
        Some(_) => "(tx_id, global_position) <= ($4::bigint::text::xid8, $5)",
    };
    let sql = after_checkpoint(COLUMNS, bound, "$3");
    let mut query = sqlx::query(&sql).bind(from.0).bind(from.1).bind(limit);
    if let Some((until_tx, until_position)) = until {
        query = query.bind(until_tx).bind(until_position);
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

/// The events of rows selected with [`COLUMNS`]. Those not `followed` (by aggregate type
/// and event type) are only passed over: their payload and metadata are left undecoded
/// (see [`StoredEvent::from_row_in_order`]).
pub(super) fn events_of(
    rows: &[PgRow],
    followed: impl Fn(&str, &str) -> bool,
) -> Result<Vec<StoredEvent>, ProjectionError> {
    let mut events = Vec::with_capacity(rows.len());
    for row in rows {
        let aggregate_type: &str = row.try_get("aggregate_type")?;
        let event_type: &str = row.try_get("event_type")?;
        events.push(if followed(aggregate_type, event_type) {
            StoredEvent::from_row(row)?
        } else {
            StoredEvent::from_row_in_order(row)?
        });
    }
    Ok(events)
}

/// Whether events follow `from` that a transaction still open hides. (Not `EXISTS`: see
/// [`after_checkpoint`].)
pub(super) async fn blocked_after(
    conn: &mut PgConnection,
    from: Checkpoint,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query_scalar::<_, i64>(&after_checkpoint("global_position", "", "1"))
            .bind(from.0)
            .bind(from.1)
            .fetch_optional(conn)
            .await?
            .is_some(),
    )
}

/// The statement that selects `columns` of the events after the checkpoint `($1, $2)`
/// in the global order that also meet `and` (an SQL condition, or nothing), the first
/// first, at most `limit`. Every look at the events after a checkpoint is written here,
/// because each line of it matters to the planner:
/// - it is ordered by the table's columns, qualified: a bare `tx_id` would name a
///   selected `tx_id::text::bigint`, which no index provides, and every batch would sort
///   all the events after the checkpoint (114 ms a batch at 100,000 events);
/// - it is ordered even to count the events or to find whether there is one (not
///   `EXISTS`): the planner cannot estimate the row comparison, guesses that most events
///   match, and scans the whole table, 0.8 s at 1,000,000 events. Ordered, it walks the
///   global-order index.
pub(super) fn after_checkpoint(columns: &str, and: &str, limit: &str) -> String {
    let and = if and.is_empty() {
        String::new()
    } else {
        format!(" AND {and}")
    };
    format!(
        "SELECT {columns} FROM events
         WHERE (events.tx_id, events.global_position) > ($1::bigint::text::xid8, $2){and}
         ORDER BY events.tx_id, events.global_position
         LIMIT {limit}"
    )
}
