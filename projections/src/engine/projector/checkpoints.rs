//! Where each member stands: its checkpoint as this projector knows it and as stored,
//! and the checkpoints moved over events nobody follows, stored later in one statement.

use super::{Checkpoint, Projector};
use sqlx::PgConnection;
use std::time::Duration;

/// How far a member has got, as its projector knows it.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Reached {
    /// At or after the stored checkpoint: ahead of it when events nobody in the group
    /// follows were passed over in memory. `None`: read the stored one.
    pub(super) checkpoint: Option<Checkpoint>,
    /// Events passed over without storing the checkpoint: since when, how many, and the
    /// stored checkpoint they follow (their count is added to the stored one's only if it
    /// has not moved meanwhile, which only another projector of the same name could do).
    pub(super) skipped: Option<Skipped>,
}

/// Events a member passed over in memory (see [`Reached::skipped`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Skipped {
    pub(super) since: tokio::time::Instant,
    pub(super) count: i64,
    pub(super) after: Checkpoint,
}

/// How long a checkpoint moved over events nobody follows may wait to be stored while
/// events keep coming (it is stored at once when the projector falls idle). A crash loses
/// at most this much of such progress, and the events are read again.
const SAVE_SKIPPED_AFTER: Duration = Duration::from_secs(1);

impl Projector {
    /// One look at the stored checkpoints of `members`: those that differ from what this
    /// projector knows, other than by events it passed over in memory, are taken over.
    /// Whether any was.
    pub(super) async fn refresh(&self, members: &[usize]) -> Result<bool, sqlx::Error> {
        if members.is_empty() {
            return Ok(false);
        }
        let stored = self.stored(members).await?;
        let mut reached = self.reached();
        let mut changed = false;
        for (&member, checkpoint) in members.iter().zip(stored) {
            let entry = &mut reached[member];
            let explained = entry.checkpoint == Some(checkpoint)
                || entry
                    .skipped
                    .is_some_and(|skipped| skipped.after == checkpoint);
            if !explained {
                *entry = Reached {
                    checkpoint: Some(checkpoint),
                    skipped: None,
                };
                self.unpublish(&[member]);
                changed = true;
            }
        }
        Ok(changed)
    }

    /// The stored checkpoints of `members`, in that order, read without a transaction.
    pub(super) async fn stored(&self, members: &[usize]) -> Result<Vec<Checkpoint>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        checkpoints(&mut conn, &self.names_of(members), false).await
    }

    /// Stores the checkpoints moved in memory only (see [`Projector::step_members`]): all
    /// of them when `idle`, otherwise those that have waited [`SAVE_SKIPPED_AFTER`]. One
    /// statement; a checkpoint is only ever moved forward.
    pub(super) async fn save_skipped(&self, idle: bool) -> Result<(), sqlx::Error> {
        let due: Vec<(usize, Checkpoint, Skipped)> = {
            let reached = self.reached();
            reached
                .iter()
                .enumerate()
                .filter_map(|(member, entry)| {
                    let skipped = entry.skipped?;
                    let checkpoint = entry.checkpoint?;
                    (idle || skipped.since.elapsed() >= SAVE_SKIPPED_AFTER)
                        .then_some((member, checkpoint, skipped))
                })
                .collect()
        };
        if due.is_empty() {
            return Ok(());
        }
        let names: Vec<&'static str> = due
            .iter()
            .map(|&(m, _, _)| self.members[m].projection.name())
            .collect();
        let tx_ids: Vec<i64> = due.iter().map(|&(_, (tx_id, _), _)| tx_id).collect();
        let positions: Vec<i64> = due.iter().map(|&(_, (_, position), _)| position).collect();
        let counts: Vec<i64> = due.iter().map(|(_, _, skipped)| skipped.count).collect();
        let after_tx_ids: Vec<i64> = due.iter().map(|(_, _, skipped)| skipped.after.0).collect();
        let after_positions: Vec<i64> = due.iter().map(|(_, _, skipped)| skipped.after.1).collect();
        // Only a checkpoint still where the events passed over follow is moved: one moved
        // meanwhile behind this projector's back (by hand) stays where it was put.
        let saved: Vec<String> = sqlx::query_scalar(
            "UPDATE projection_checkpoints c
             SET tx_id = m.tx_id::text::xid8, global_position = m.position,
                 events_applied = c.events_applied + m.skipped,
                 updated_at = now()
             FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[],
                         $6::bigint[])
                  AS m (projection, tx_id, position, skipped, after_tx_id, after_position)
             WHERE c.projection = m.projection
               AND (c.tx_id, c.global_position) = (m.after_tx_id::text::xid8, m.after_position)
             RETURNING c.projection",
        )
        .bind(&names)
        .bind(&tx_ids)
        .bind(&positions)
        .bind(&counts)
        .bind(&after_tx_ids)
        .bind(&after_positions)
        .fetch_all(&self.pool)
        .await?;
        let mut reached = self.reached();
        for (member, checkpoint, _) in due {
            if !saved
                .iter()
                .any(|name| name == self.members[member].projection.name())
            {
                // Moved behind this projector's back: followed from where it is now.
                reached[member] = Reached::default();
                self.unpublish(&[member]);
            } else if reached[member].checkpoint == Some(checkpoint) {
                reached[member].skipped = None;
            }
        }
        Ok(())
    }
}

/// The checkpoints of `names`, in that order (creating those that do not exist yet);
/// with `lock`, each row locked for the transaction.
pub(super) async fn checkpoints(
    tx: &mut PgConnection,
    names: &[&'static str],
    lock: bool,
) -> Result<Vec<Checkpoint>, sqlx::Error> {
    let select = if lock {
        "SELECT projection, tx_id::text::bigint, global_position FROM projection_checkpoints
         WHERE projection = ANY($1) ORDER BY projection FOR UPDATE"
    } else {
        "SELECT projection, tx_id::text::bigint, global_position FROM projection_checkpoints
         WHERE projection = ANY($1)"
    };
    let mut rows: Vec<(String, i64, i64)> = sqlx::query_as(select)
        .bind(names)
        .fetch_all(&mut *tx)
        .await?;
    if rows.len() < names.len() {
        sqlx::query(
            "INSERT INTO projection_checkpoints (projection)
             SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
        )
        .bind(names)
        .execute(&mut *tx)
        .await?;
        rows = sqlx::query_as(select)
            .bind(names)
            .fetch_all(&mut *tx)
            .await?;
    }
    names
        .iter()
        .map(|name| {
            rows.iter()
                .find(|(projection, _, _)| projection == name)
                .map(|(_, tx_id, position)| (*tx_id, *position))
                .ok_or(sqlx::Error::RowNotFound)
        })
        .collect()
}
