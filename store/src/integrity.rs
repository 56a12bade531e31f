//! Tamper evidence: recomputing every aggregate's hash chain.
//!
//! Each event's hash covers its content and its predecessor's hash (the `events_chain`
//! trigger writes it on insert), and `stream_heads` records each aggregate's last sequence
//! and hash. So a changed event breaks its own link (or, if its hash was recomputed too, its
//! successor's); a removed event leaves a gap or a head that points past the end; a swap of
//! sequence numbers breaks both links. The check runs in the database, over every event.

use serde::Serialize;
use sqlx::{FromRow, PgPool};
use utoipa::ToSchema;

/// One broken link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow, ToSchema)]
pub struct BrokenLink {
    pub aggregate_type: String,
    pub aggregate_id: String,
    /// The event whose link is broken, or the head's sequence for a broken head.
    pub sequence: i64,
    /// The event's global position (absent for a head whose event is gone).
    pub global_position: Option<i64>,
    /// `altered` (the hash does not match the content and the previous hash), `missing`
    /// (an event before this one is gone) or `head` (the aggregate's recorded last event
    /// is gone or differs).
    pub problem: String,
}

/// The outcome of a verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Verification {
    /// Whether every chain and head is intact.
    pub intact: bool,
    /// Events checked.
    pub events: i64,
    /// Aggregates checked.
    pub streams: i64,
    /// The first broken link in the global order, if any.
    pub first_broken: Option<BrokenLink>,
    /// Up to 100 broken links, first first.
    pub broken: Vec<BrokenLink>,
}

/// Recomputes every chain.
pub async fn verify(pool: &PgPool) -> Result<Verification, sqlx::Error> {
    verify_in(pool, None).await
}

/// Recomputes the chains of the streams named, `(aggregate_type, aggregate_id)` each (an
/// application's and its votes', say): each stream read by its key, so the check costs
/// what those streams hold, not what the store holds.
pub async fn verify_streams(
    pool: &PgPool,
    streams: &[(String, String)],
) -> Result<Verification, sqlx::Error> {
    verify_in(pool, Some(streams)).await
}

async fn verify_in(
    pool: &PgPool,
    streams: Option<&[(String, String)]>,
) -> Result<Verification, sqlx::Error> {
    // The whole store, or only the named streams' events and heads.
    let (events_of, heads_of) = match streams {
        None => ("events", "stream_heads"),
        Some(_) => (
            "(SELECT e.* FROM events e
              JOIN unnest($1::text[], $2::text[]) AS s (aggregate_type, aggregate_id)
                USING (aggregate_type, aggregate_id))",
            "(SELECT h.* FROM stream_heads h
              JOIN unnest($1::text[], $2::text[]) AS s (aggregate_type, aggregate_id)
                USING (aggregate_type, aggregate_id))",
        ),
    };
    let (types, ids): (Vec<&str>, Vec<&str>) = streams
        .unwrap_or_default()
        .iter()
        .map(|(kind, id)| (kind.as_str(), id.as_str()))
        .unzip();
    let count = format!(
        "SELECT count(*), count(DISTINCT (aggregate_type, aggregate_id)) FROM {events_of} x"
    );
    let mut counted = sqlx::query_as(&count);
    if streams.is_some() {
        counted = counted.bind(&types).bind(&ids);
    }
    let (events, streams_checked): (i64, i64) = counted.fetch_one(pool).await?;
    let check = format!(
        "WITH chained AS (
             SELECT aggregate_type, aggregate_id, sequence, global_position, hash,
                    event_hash(lag(hash) OVER w, aggregate_type, aggregate_id, sequence,
                               event_type, event_version, payload, metadata, global_position,
                               event_id, recorded_at) AS expected,
                    coalesce(lag(sequence) OVER w, 0) AS previous
             FROM {events_of} x
             WINDOW w AS (PARTITION BY aggregate_type, aggregate_id ORDER BY sequence))
         (SELECT aggregate_type, aggregate_id, sequence, global_position,
                 CASE WHEN sequence <> previous + 1 THEN 'missing' ELSE 'altered' END AS problem
          FROM chained
          WHERE hash IS DISTINCT FROM expected OR sequence <> previous + 1
          ORDER BY global_position
          LIMIT 100)
         UNION ALL
         (SELECT coalesce(h.aggregate_type, last.aggregate_type),
                 coalesce(h.aggregate_id, last.aggregate_id),
                 coalesce(h.sequence, last.sequence), last.global_position, 'head'
          FROM {heads_of} h
          FULL JOIN (SELECT DISTINCT ON (aggregate_type, aggregate_id)
                            aggregate_type, aggregate_id, sequence, hash, global_position
                     FROM {events_of} y
                     ORDER BY aggregate_type, aggregate_id, sequence DESC) last
            ON last.aggregate_type = h.aggregate_type AND last.aggregate_id = h.aggregate_id
          WHERE h.sequence IS DISTINCT FROM last.sequence OR h.hash IS DISTINCT FROM last.hash
          ORDER BY 1, 2
          LIMIT 100)"
    );
    let mut checked = sqlx::query_as(&check);
    if streams.is_some() {
        checked = checked.bind(&types).bind(&ids);
    }
    let mut broken: Vec<BrokenLink> = checked.fetch_all(pool).await?;
    // Links in the global order first; heads (whose event may be gone) after them.
    broken.sort_by_key(|link| (link.global_position.is_none(), link.global_position));
    broken.truncate(100);
    Ok(Verification {
        intact: broken.is_empty(),
        events,
        streams: streams_checked,
        first_broken: broken.first().cloned(),
        broken,
    })
}
