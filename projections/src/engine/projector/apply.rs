//! Applying a batch: shared out round the lanes, each lane in a transaction of its own that
//! locks the checkpoints, claims each event past the stream guards and moves the checkpoints.

use super::checkpoints::{checkpoints, Reached, Skipped};
use super::reading::read_events;
use super::{Checkpoint, Projector, Step};
use crate::engine::event::StoredEvent;
use crate::engine::opening;
use crate::engine::projection::{takes, Follows, ProjectionError};
use crate::engine::stream_guards::{Claim, StreamGuards};
use sqlx::pool::PoolConnection;
use sqlx::postgres::Postgres;
use sqlx::{Connection, PgConnection};

impl Projector {
    /// `members` shared out round the [`ProjectorSettings::lanes`].
    ///
    /// [`ProjectorSettings::lanes`]: super::ProjectorSettings::lanes
    pub(super) fn lanes(&self, members: &[usize]) -> Vec<Vec<usize>> {
        let count = self.settings.lanes.clamp(1, members.len().max(1));
        let mut lanes = vec![Vec::new(); count];
        for (k, &member) in members.iter().enumerate() {
            lanes[k % count].push(member);
        }
        lanes
    }

    /// Applies the batch `read` (opened) to the members of one lane in a transaction of
    /// their own on `conn`, and notes how far they got.
    pub(super) async fn apply_lane(
        &self,
        mut conn: PoolConnection<Postgres>,
        members: &[usize],
        from: Checkpoint,
        read: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        let Some(last) = read
            .last()
            .map(|event| (event.tx_id, event.global_position))
        else {
            return Ok(());
        };
        // Read models can always be rebuilt from the events, and their checkpoints commit
        // with them: a crash that loses their last batches loses those checkpoints too,
        // and the batches are applied again. So their batches do not wait for the disk
        // (the events themselves were committed durably by their writers). A process
        // manager's batch records what it carried out: it waits.
        let relaxed = members
            .iter()
            .all(|&m| self.members[m].projection.derived_only());
        let mut tx = if relaxed {
            conn.begin_with("BEGIN; SET LOCAL synchronous_commit = off")
                .await?
        } else {
            conn.begin().await?
        };
        let skipped: Vec<Option<Skipped>> = {
            let reached = self.reached();
            members.iter().map(|&m| reached[m].skipped).collect()
        };
        let locked = self
            .apply_events(&mut tx, members, from, read, &skipped)
            .await?;
        tx.commit().await?;
        {
            let mut reached = self.reached();
            for (&member, checkpoint) in members.iter().zip(locked) {
                reached[member] = match checkpoint {
                    Some(checkpoint) => {
                        self.publish(member, checkpoint.max(last));
                        Reached {
                            checkpoint: Some(checkpoint.max(last)),
                            skipped: None,
                        }
                    }
                    // Moved back behind this projector: read it again.
                    None => {
                        self.unpublish(&[member]);
                        Reached::default()
                    }
                };
            }
        }
        self.wake_readers();
        Ok(())
    }

    /// Applies one batch of events after the checkpoint and moves the checkpoint, inside
    /// the caller's transaction `tx`: the events up to and including `until`, which the
    /// caller vouches every transaction before has finished (it is a checkpoint some
    /// projector reached).
    pub(crate) async fn advance(
        &self,
        tx: &mut PgConnection,
        until: Checkpoint,
    ) -> Result<Step, ProjectionError> {
        let everyone: Vec<usize> = (0..self.members.len()).collect();
        let from = checkpoints(&mut *tx, &self.names(), false)
            .await?
            .into_iter()
            .min()
            .unwrap_or((0, 0));
        let limit = self.settings.batch_size;
        let mut read = read_events(&mut *tx, from, Some(until), limit, |kind, name| {
            self.follows_kind(&everyone, kind, name)
        })
        .await?;
        let count = read.len();
        if count > 0 {
            let followed = read
                .iter_mut()
                .filter(|event| self.follows(&everyone, event));
            opening::open_events(&mut *tx, followed).await?;
            let none = vec![None; everyone.len()];
            self.apply_events(tx, &everyone, from, &read, &none).await?;
        }
        // The checkpoints moved under this projector: read them again.
        *self.reached() = vec![Reached::default(); self.members.len()];
        Ok(Step {
            read: count,
            blocked: false,
        })
    }

    /// Applies `read` (a batch in the global order, read after `from`) to `members` and
    /// moves their checkpoints past it, counting for member `k` also the events
    /// `skipped[k]` passed over before it (when its checkpoint is still the one they
    /// follow), inside the caller's transaction `tx`. Returns the checkpoints as they were
    /// locked, before the batch; `None` for a member whose stored checkpoint lies before
    /// `from` for no reason this projector knows (it was moved back, or its row recreated,
    /// behind the projector's back): the batch is not applied to it, since the events in
    /// between would be missed, and its checkpoint must be read again. The personal data
    /// of the events the members follow must be opened already.
    async fn apply_events(
        &self,
        tx: &mut PgConnection,
        members: &[usize],
        from: Checkpoint,
        read: &[StoredEvent],
        skipped: &[Option<Skipped>],
    ) -> Result<Vec<Option<Checkpoint>>, ProjectionError> {
        let names = self.names_of(members);
        let Some(last) = read
            .last()
            .map(|event| (event.tx_id, event.global_position))
        else {
            let stored = checkpoints(&mut *tx, &names, false).await?;
            return Ok(stored.into_iter().map(Some).collect());
        };
        // The row locks make a second projector of the same names (which the advisory
        // locks should already prevent), or a rebuild switching a table in, wait for this
        // batch. A checkpoint is normally at or after `from`: the projector moved it
        // there, or a rebuild moved it on. It lies before `from` when events nobody
        // follows were passed over in memory since it was stored (`skipped[k].after`).
        let events: Vec<&StoredEvent> = read
            .iter()
            .filter(|event| self.follows(members, event))
            .collect();
        let (locked, mut guards) =
            match StreamGuards::lock_and_load(&mut *tx, &names, &events).await? {
                Some(both) => both,
                None => {
                    let locked = checkpoints(&mut *tx, &names, true).await?;
                    (locked, StreamGuards::load(&mut *tx, &names, &events).await?)
                }
            };
        // The events passed over since each stored checkpoint, if it is still the one
        // they follow.
        let passed_over: Vec<Option<i64>> = locked
            .iter()
            .enumerate()
            .map(|(k, &checkpoint)| {
                skipped
                    .get(k)
                    .copied()
                    .flatten()
                    .filter(|skipped| skipped.after == checkpoint)
                    .map(|skipped| skipped.count)
            })
            .collect();
        let moved_back: Vec<bool> = locked
            .iter()
            .zip(&passed_over)
            .map(|(&checkpoint, passed_over)| checkpoint < from && passed_over.is_none())
            .collect();
        // How many of the batch's events are new to each member.
        let news: Vec<usize> = locked
            .iter()
            .zip(&moved_back)
            .map(|(&checkpoint, &moved_back)| {
                if moved_back {
                    return 0;
                }
                read.iter()
                    .filter(|event| (event.tx_id, event.global_position) > checkpoint)
                    .count()
            })
            .collect();
        let mut moved: Vec<&'static str> = Vec::new();
        let mut counts: Vec<i64> = Vec::new();
        for (k, &member) in members.iter().enumerate() {
            let (name, checkpoint, read) = (names[k], locked[k], news[k]);
            if read == 0 {
                continue;
            }
            let projection = &self.members[member].projection;
            let gaps = projection.follows() != Follows::Every;
            let mut claimed = Vec::with_capacity(events.len());
            for &event in &events {
                if (event.tx_id, event.global_position) > checkpoint
                    && takes(&**projection, &event.aggregate_type, &event.event_type)
                    && guards.claim(name, event, gaps)? == Claim::Apply
                {
                    claimed.push(event);
                }
            }
            projection.apply_all(&mut *tx, &claimed).await?;
            moved.push(name);
            counts.push(
                i64::try_from(read)
                    .unwrap_or(i64::MAX)
                    .saturating_add(passed_over[k].unwrap_or(0)),
            );
        }
        guards
            .save_with_checkpoints(&mut *tx, &moved, &counts, last)
            .await?;
        Ok(locked
            .into_iter()
            .zip(moved_back)
            .map(|(checkpoint, moved_back)| (!moved_back).then_some(checkpoint))
            .collect())
    }
}
