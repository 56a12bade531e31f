//! Tamper evidence: recomputing every aggregate's hash chain, here, in Rust.
//!
//! Each event's hash covers its content and its predecessor's hash (the `events_chain`
//! trigger writes it on insert), and `stream_heads` records each aggregate's last sequence
//! and hash. So a changed event breaks its own link (or, if its hash was recomputed too, its
//! successor's); a removed event leaves a gap or a head that points past the end; a swap of
//! sequence numbers breaks both links. The check reads the rows and recomputes every hash
//! itself ([`chain`]): a replaced `event_hash()` in the database changes nothing here.
//!
//! The chains are evidence against a writer who does not know the formula or does not
//! bother; whoever can write to the database can recompute a stream's chain and its head.
//! What holds against them is the Merkle tree over all events, whose signed checkpoints
//! live outside the database ([`crate::history`]).

pub mod chain;

use crate::event_row::{EventRow, EVENT_COLUMNS};
use serde::Serialize;
use sqlx::{FromRow, PgPool};
use std::collections::HashMap;
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

/// How many broken links a verification reports at most.
const REPORTED: usize = 100;

/// Events read per query.
const PAGE: i64 = 5_000;

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

type StreamKey = (String, String);

async fn verify_in(
    pool: &PgPool,
    streams: Option<&[(String, String)]>,
) -> Result<Verification, sqlx::Error> {
    let (types, ids): (Vec<&str>, Vec<&str>) = streams
        .unwrap_or_default()
        .iter()
        .map(|(kind, id)| (kind.as_str(), id.as_str()))
        .unzip();
    let mut heads = read_heads(pool, streams.map(|_| (&types, &ids))).await?;
    let mut check = Check::default();
    // Every stream's events in sequence order, a page at a time (keyset on the primary key).
    let scope = |types: usize| match streams {
        Some(_) => format!(
            "JOIN unnest(${types}::text[], ${}::text[]) AS s (aggregate_type, aggregate_id)
               USING (aggregate_type, aggregate_id)",
            types + 1
        ),
        None => String::new(),
    };
    // Two statements, not one with an `OR`: a generic plan of the latter would not walk
    // the index.
    let order = "ORDER BY events.aggregate_type, events.aggregate_id, events.sequence";
    let first = format!(
        "SELECT {EVENT_COLUMNS} FROM events {} {order} LIMIT {PAGE}",
        scope(1)
    );
    let next = format!(
        "SELECT {EVENT_COLUMNS} FROM events {}
         WHERE (events.aggregate_type, events.aggregate_id, events.sequence) > ($1, $2, $3)
         {order} LIMIT {PAGE}",
        scope(4)
    );
    let mut after: Option<(String, String, i64)> = None;
    let mut stream: Option<Stream> = None;
    loop {
        let mut query = match &after {
            None => sqlx::query_as::<_, EventRow>(&first),
            Some((kind, id, sequence)) => sqlx::query_as::<_, EventRow>(&next)
                .bind(kind.clone())
                .bind(id.clone())
                .bind(*sequence),
        };
        if streams.is_some() {
            query = query.bind(&types).bind(&ids);
        }
        let page = query.fetch_all(pool).await?;
        for event in &page {
            let same = stream
                .as_ref()
                .is_some_and(|s| s.key.0 == event.aggregate_type && s.key.1 == event.aggregate_id);
            if !same {
                if let Some(done) = stream.take() {
                    check.end_of(done, &mut heads);
                }
                check.streams += 1;
                stream = Some(Stream {
                    key: (event.aggregate_type.clone(), event.aggregate_id.clone()),
                    sequence: 0,
                    hash: None,
                    position: event.global_position,
                });
            }
            if let Some(current) = stream.as_mut() {
                check.link(current, event);
            }
        }
        match page.last() {
            Some(last) if page.len() as i64 == PAGE => {
                after = Some((
                    last.aggregate_type.clone(),
                    last.aggregate_id.clone(),
                    last.sequence,
                ));
            }
            _ => break,
        }
    }
    if let Some(done) = stream.take() {
        check.end_of(done, &mut heads);
    }
    // Heads whose stream has no event left.
    let mut orphans: Vec<_> = heads.into_iter().collect();
    orphans.sort();
    for ((aggregate_type, aggregate_id), (sequence, _)) in orphans {
        check.broken.push(BrokenLink {
            aggregate_type,
            aggregate_id,
            sequence,
            global_position: None,
            problem: "head".to_owned(),
        });
    }
    Ok(check.finish())
}

/// The stream being walked: its key, and its last event's sequence, hash and position.
struct Stream {
    key: StreamKey,
    sequence: i64,
    hash: Option<Vec<u8>>,
    position: i64,
}

#[derive(Default)]
struct Check {
    events: i64,
    streams: i64,
    broken: Vec<BrokenLink>,
}

impl Check {
    /// Checks `event`'s link to the event before it in `stream`.
    fn link(&mut self, stream: &mut Stream, event: &EventRow) {
        self.events += 1;
        let problem = if event.sequence != stream.sequence + 1 {
            Some("missing")
        } else if chain::event_hash(stream.hash.as_deref(), event).as_slice() != event.hash {
            Some("altered")
        } else {
            None
        };
        if let Some(problem) = problem {
            self.report(
                event.sequence,
                Some(event.global_position),
                &stream.key,
                problem,
            );
        }
        stream.sequence = event.sequence;
        stream.hash = Some(event.hash.clone());
        stream.position = event.global_position;
    }

    /// Checks the head of a stream walked to its end.
    fn end_of(&mut self, stream: Stream, heads: &mut HashMap<StreamKey, (i64, Vec<u8>)>) {
        let head = heads.remove(&stream.key);
        let intact = head.as_ref().is_some_and(|(sequence, hash)| {
            *sequence == stream.sequence && Some(hash) == stream.hash.as_ref()
        });
        if !intact {
            let sequence = head.map_or(stream.sequence, |(sequence, _)| sequence);
            self.report(sequence, Some(stream.position), &stream.key, "head");
        }
    }

    fn report(&mut self, sequence: i64, position: Option<i64>, key: &StreamKey, problem: &str) {
        self.broken.push(BrokenLink {
            aggregate_type: key.0.clone(),
            aggregate_id: key.1.clone(),
            sequence,
            global_position: position,
            problem: problem.to_owned(),
        });
        // A store rewritten throughout breaks every link: keep only the first ones.
        if self.broken.len() >= 50 * REPORTED {
            self.keep_first();
        }
    }

    /// Links in the global order first; heads whose event is gone after them.
    fn keep_first(&mut self) {
        self.broken
            .sort_by_key(|link| (link.global_position.is_none(), link.global_position));
        self.broken.truncate(REPORTED);
    }

    fn finish(mut self) -> Verification {
        self.keep_first();
        Verification {
            intact: self.broken.is_empty(),
            events: self.events,
            streams: self.streams,
            first_broken: self.broken.first().cloned(),
            broken: self.broken,
        }
    }
}

/// Every stream's recorded head, or those of the streams named.
async fn read_heads(
    pool: &PgPool,
    streams: Option<(&Vec<&str>, &Vec<&str>)>,
) -> Result<HashMap<StreamKey, (i64, Vec<u8>)>, sqlx::Error> {
    let rows: Vec<(String, String, i64, Vec<u8>)> = match streams {
        None => {
            sqlx::query_as("SELECT aggregate_type, aggregate_id, sequence, hash FROM stream_heads")
                .fetch_all(pool)
                .await?
        }
        Some((types, ids)) => {
            sqlx::query_as(
                "SELECT h.aggregate_type, h.aggregate_id, h.sequence, h.hash
                 FROM stream_heads h
                 JOIN unnest($1::text[], $2::text[]) AS s (aggregate_type, aggregate_id)
                   USING (aggregate_type, aggregate_id)",
            )
            .bind(types)
            .bind(ids)
            .fetch_all(pool)
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|(kind, id, sequence, hash)| ((kind, id), (sequence, hash)))
        .collect())
}
