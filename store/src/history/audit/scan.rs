//! The walk over the store in the global order, beside the log, leaf by leaf.

use super::difference::Difference;
use super::locate::locate;
use super::signed::Signed;
use super::{AuditOptions, LogAudit};
use crate::event_row::{EventRow, EVENT_COLUMNS};
use crate::history::documents::{digests, document_of};
use crate::history::leaf::{document_named, EventLeaf, ABSENT};
use crate::history::nodes::{log_size, to_i64, to_u64};
use crate::history::HistoryError;
use crate::merkle::{Frontier, Hash};
use chrono::SecondsFormat;
use sqlx::PgConnection;
use std::collections::{HashMap, VecDeque};

/// Rows read per query.
const PAGE: i64 = 5_000;

/// Walks every event in the global order beside the log's leaves; stops at the first
/// difference.
pub(super) async fn scan(
    conn: &mut PgConnection,
    checkpoints: &[Signed],
    options: AuditOptions,
) -> Result<LogAudit, HistoryError> {
    let log_size = log_size(conn).await?;
    let mut walk = Walk {
        checkpoints,
        log_size,
        reached: 0,
        latest: None,
        recomputed: Vec::new(),
        frontier: Frontier::default(),
        contained: Vec::new(),
    };
    let mut events = Events::default();
    let mut leaves = Leaves::default();
    let difference = loop {
        if let Some(difference) = walk.reach(conn).await? {
            break Some(difference);
        }
        let Some((event, document)) = events.next(conn).await? else {
            break walk.end(conn, &mut leaves).await?;
        };
        let place = walk.size();
        let leaf = EventLeaf::of(&event, document).hash();
        let swapped = swapped_document(&event, document);
        if place < log_size {
            let logged = leaves.next(conn, place).await?;
            let difference = match logged {
                Some((index, _, _)) if index != place => {
                    Some(Difference::LeafMissing { leaf_index: place })
                }
                None => Some(Difference::LeafMissing { leaf_index: place }),
                Some((_, position, _)) if position != event.global_position => {
                    Some(misplaced(conn, place, position, &event).await?)
                }
                Some((_, _, hash)) if hash != leaf => {
                    Some(swapped.clone().unwrap_or(Difference::Rewritten {
                        leaf_index: place,
                        event: event.name(),
                    }))
                }
                Some(_) => None,
            };
            if difference.is_some() {
                break difference;
            }
        }
        if swapped.is_some() {
            break swapped;
        }
        if let Some(latest) = walk.latest {
            if event.recorded_at < latest.time - options.backdating_leeway {
                break Some(Difference::BackDated {
                    event: event.name(),
                    recorded_at: event
                        .recorded_at
                        .to_rfc3339_opts(SecondsFormat::Micros, true),
                    tree_size: latest.tree_size,
                    time: latest.shown_time.clone(),
                });
            }
        }
        walk.push(leaf);
    };
    let events = walk.size();
    Ok(LogAudit {
        log_size,
        events,
        unlogged: events.saturating_sub(log_size),
        contained: walk.contained,
        first_difference: difference,
    })
}

/// Where the walk stands.
struct Walk<'a> {
    checkpoints: &'a [Signed],
    log_size: u64,
    /// Checkpoints dealt with (they are sorted by tree size).
    reached: usize,
    /// The latest signed of those dealt with.
    latest: Option<&'a Signed>,
    /// The leaf hash of every event walked, recomputed.
    recomputed: Vec<Hash>,
    frontier: Frontier,
    contained: Vec<u64>,
}

impl Walk<'_> {
    fn size(&self) -> u64 {
        self.frontier.size()
    }

    fn push(&mut self, leaf: Hash) {
        self.recomputed.push(leaf);
        self.frontier.push(leaf);
    }

    /// Checks the checkpoints whose tree ends where the walk stands.
    async fn reach(&mut self, conn: &mut PgConnection) -> Result<Option<Difference>, HistoryError> {
        while let Some(checkpoint) = self.checkpoints.get(self.reached) {
            if checkpoint.tree_size != self.size() {
                break;
            }
            self.reached += 1;
            if self
                .latest
                .is_none_or(|latest| latest.time < checkpoint.time)
            {
                self.latest = Some(checkpoint);
            }
            if checkpoint.tree_size > self.log_size {
                return Ok(Some(self.rolled_back(checkpoint)));
            }
            if self.frontier.root() == checkpoint.root {
                self.contained.push(checkpoint.tree_size);
                continue;
            }
            let since = self.contained.last().copied().unwrap_or(0);
            let (between, event) = locate(conn, &self.recomputed, checkpoint, since).await?;
            return Ok(Some(Difference::RootMismatch {
                tree_size: checkpoint.tree_size,
                time: checkpoint.shown_time.clone(),
                between,
                event,
            }));
        }
        Ok(None)
    }

    /// After the last event: leaves left over, or checkpoints larger than the store.
    async fn end(
        &mut self,
        conn: &mut PgConnection,
        leaves: &mut Leaves,
    ) -> Result<Option<Difference>, HistoryError> {
        let place = self.size();
        if place < self.log_size {
            return Ok(Some(match leaves.next(conn, place).await? {
                Some((index, position, _)) if index == place => Difference::Deleted {
                    leaf_index: place,
                    global_position: position,
                },
                _ => Difference::LeafMissing { leaf_index: place },
            }));
        }
        Ok(self
            .checkpoints
            .get(self.reached)
            .map(|checkpoint| self.rolled_back(checkpoint)))
    }

    fn rolled_back(&self, checkpoint: &Signed) -> Difference {
        Difference::RolledBack {
            tree_size: checkpoint.tree_size,
            time: checkpoint.shown_time.clone(),
            log_size: self.log_size,
        }
    }
}

/// The event the log has at `place` (at `position`) is not `found`, the one the store's
/// order puts there: which of deleted, inserted or reordered.
async fn misplaced(
    conn: &mut PgConnection,
    place: u64,
    position: i64,
    found: &EventRow,
) -> Result<Difference, HistoryError> {
    let logged: Option<EventRow> = sqlx::query_as(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE global_position = $1"
    ))
    .bind(position)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(logged) = logged else {
        return Ok(Difference::Deleted {
            leaf_index: place,
            global_position: position,
        });
    };
    let in_log: Option<i64> =
        sqlx::query_scalar("SELECT leaf_index FROM merkle_leaves WHERE global_position = $1")
            .bind(found.global_position)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(match in_log {
        None => Difference::NotInLog {
            event: found.name(),
        },
        Some(_) => Difference::Reordered {
            leaf_index: place,
            logged: logged.name(),
            found: found.name(),
        },
    })
}

/// The event's document, if its bytes no longer hash to the name it gives them.
fn swapped_document(event: &EventRow, document: Option<Option<Hash>>) -> Option<Difference> {
    let name = document_named(&event.payload)?;
    let found = match document? {
        Some(digest) => hex::encode(digest),
        None => ABSENT.to_owned(),
    };
    (found != name).then(|| Difference::DocumentBytes {
        event: event.name(),
        sha256: name,
        found,
    })
}

/// The events in the global order, a page at a time, each with its document's digest.
#[derive(Default)]
struct Events {
    page: VecDeque<EventRow>,
    documents: HashMap<String, Option<Hash>>,
    after: Option<(i64, i64)>,
    done: bool,
}

impl Events {
    async fn next(
        &mut self,
        conn: &mut PgConnection,
    ) -> Result<Option<(EventRow, Option<Option<Hash>>)>, sqlx::Error> {
        if self.page.is_empty() && !self.done {
            let order = "ORDER BY events.tx_id, events.global_position";
            let rows: Vec<EventRow> = match self.after {
                None => {
                    sqlx::query_as(&format!(
                        "SELECT {EVENT_COLUMNS} FROM events {order} LIMIT {PAGE}"
                    ))
                    .fetch_all(&mut *conn)
                    .await?
                }
                Some((tx, position)) => {
                    sqlx::query_as(&format!(
                        "SELECT {EVENT_COLUMNS} FROM events
                         WHERE (events.tx_id, events.global_position) > ($1::bigint::text::xid8, $2)
                         {order} LIMIT {PAGE}"
                    ))
                    .bind(tx)
                    .bind(position)
                    .fetch_all(&mut *conn)
                    .await?
                }
            };
            self.done = (rows.len() as i64) < PAGE;
            self.after = rows.last().map(|e| (e.tx_id, e.global_position));
            self.documents = digests(conn, &rows).await?;
            self.page = rows.into();
        }
        Ok(self.page.pop_front().map(|event| {
            let document = document_of(&event, &self.documents);
            (event, document)
        }))
    }
}

/// The log's leaves in order, a page at a time: `(leaf_index, global_position, hash)`.
#[derive(Default)]
struct Leaves {
    page: VecDeque<(u64, i64, Hash)>,
}

impl Leaves {
    /// The stored leaf at `place` or the first after it.
    async fn next(
        &mut self,
        conn: &mut PgConnection,
        place: u64,
    ) -> Result<Option<(u64, i64, Hash)>, sqlx::Error> {
        if self.page.is_empty() {
            let rows: Vec<(i64, i64, Vec<u8>)> = sqlx::query_as(&format!(
                "SELECT leaf_index, global_position, leaf_hash FROM merkle_leaves
                 WHERE leaf_index >= $1 ORDER BY leaf_index LIMIT {PAGE}"
            ))
            .bind(to_i64(place))
            .fetch_all(&mut *conn)
            .await?;
            self.page = rows
                .into_iter()
                .map(|(index, position, hash)| {
                    (
                        to_u64(index),
                        position,
                        Hash::try_from(hash.as_slice()).unwrap_or_default(),
                    )
                })
                .collect();
        }
        Ok(self.page.pop_front())
    }
}
