//! The batch loop: one pass over the members, grouped by checkpoint, each group's batch
//! read, applied (or passed over in memory) and, when a group fails, tried member by member.

use super::checkpoints::{Reached, Skipped};
use super::reading::{blocked_after, read_events};
use super::{Checkpoint, Projector, Step};
use crate::engine::opening;
use crate::engine::projection::ProjectionError;

/// One batch's outcome, with the members that failed it.
#[derive(Debug)]
pub(super) struct Pass {
    pub(super) step: Step,
    pub(super) failed: Vec<(usize, ProjectionError)>,
}

impl Projector {
    /// One batch for the members not in `resting`: those at the same checkpoint together,
    /// any other alone (a read model added later, or one that failed for a while, catches
    /// up apart, so that the others keep following the newest events); a group that fails
    /// is tried again member by member. Then checkpoints moved only in memory are stored,
    /// when they have waited long enough or, if `thorough`, when the pass found nothing
    /// more to read.
    ///
    /// Only a `thorough` pass that finds nothing to read looks at the stored checkpoints
    /// again. A projector that follows a steady stream of events falls idle hundreds of
    /// times a second, each time for a moment; it makes a thorough pass only once it has
    /// waited a whole poll interval, or a second after the last one.
    pub(super) async fn pass(&self, resting: &[usize], thorough: bool) -> Pass {
        let mut step = Step {
            read: 0,
            blocked: false,
        };
        let mut failed = Vec::new();
        let awake: Vec<usize> = (0..self.members.len())
            .filter(|member| !resting.contains(member))
            .collect();
        // When nothing is left to read, the stored checkpoints are looked at again: one
        // moved back behind this projector's back (by hand) is followed from where it is.
        for look in 0..2 {
            if look == 1 {
                if !thorough {
                    break;
                }
                match self.refresh(&awake).await {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(error) => {
                        let error = ProjectionError::from(error);
                        for &member in &awake {
                            failed.push((member, copy_error(&error)));
                        }
                        break;
                    }
                }
            }
            let read_before = step.read;
            self.pass_once(&awake, &mut step, &mut failed).await;
            if step.read > read_before || !failed.is_empty() {
                break;
            }
        }
        if let Err(error) = self.save_skipped(thorough && step.read == 0).await {
            // Only progress over events nobody follows is at stake: it is read again.
            tracing::warn!(projections = ?self.names(), %error, "could not store checkpoints");
        }
        Pass { step, failed }
    }

    /// One batch for each group of `members` at one checkpoint (see [`Projector::pass`]).
    async fn pass_once(
        &self,
        awake: &[usize],
        step: &mut Step,
        failed: &mut Vec<(usize, ProjectionError)>,
    ) {
        let groups = match self.by_checkpoint(awake).await {
            Ok(groups) => groups,
            Err(error) => {
                let error = ProjectionError::from(error);
                failed.extend(awake.iter().map(|&member| (member, copy_error(&error))));
                return;
            }
        };
        for (group, from) in groups {
            let error = match self.step_members(&group, from).await {
                Ok(done) => {
                    step.read = step.read.max(done.read);
                    step.blocked |= done.blocked;
                    continue;
                }
                Err(error) => error,
            };
            if let [member] = group[..] {
                failed.push((member, error));
                continue;
            }
            for member in group {
                match self.step_members(&[member], from).await {
                    Ok(alone) => {
                        step.read = step.read.max(alone.read);
                        step.blocked |= alone.blocked;
                    }
                    Err(error) => failed.push((member, error)),
                }
            }
        }
    }

    /// `members` grouped by checkpoint, each group with its checkpoint: those at the
    /// furthest one together, each other alone. The checkpoints are those this projector
    /// reached (it alone moves them, under its advisory locks); unknown ones are read
    /// without a transaction, so an idle look takes no transaction id, which would hold back
    /// the snapshot's xmin that other projectors read below.
    async fn by_checkpoint(
        &self,
        members: &[usize],
    ) -> Result<Vec<(Vec<usize>, Checkpoint)>, sqlx::Error> {
        if members.is_empty() {
            return Ok(Vec::new());
        }
        let unknown: Vec<usize> = {
            let reached = self.reached();
            members
                .iter()
                .copied()
                .filter(|&m| reached[m].checkpoint.is_none())
                .collect()
        };
        if !unknown.is_empty() {
            let stored = self.stored(&unknown).await?;
            let mut reached = self.reached();
            for (&member, checkpoint) in unknown.iter().zip(stored) {
                reached[member].checkpoint = Some(checkpoint);
            }
        }
        let seen: Vec<Checkpoint> = {
            let reached = self.reached();
            members
                .iter()
                .map(|&m| reached[m].checkpoint.unwrap_or((0, 0)))
                .collect()
        };
        let furthest = seen.iter().copied().max().unwrap_or((0, 0));
        let mut head = Vec::new();
        let mut groups = Vec::new();
        for (&member, &checkpoint) in members.iter().zip(&seen) {
            if checkpoint == furthest {
                head.push(member);
            } else {
                groups.push((vec![member], checkpoint));
            }
        }
        groups.insert(0, (head, furthest));
        Ok(groups)
    }

    /// One batch for `members`, read after `from`. The events are read without a
    /// transaction; only a batch holding events some member follows opens one, applies
    /// them and moves the checkpoints with them. A batch of events none of them follows
    /// (the process manager reads every event for the few it acts on) moves their
    /// checkpoints in memory only: no transaction id is taken, none held while others read
    /// below the snapshot's xmin, and nothing waits for the disk. Those checkpoints are
    /// stored with the next applied batch, or by [`Projector::save_skipped`].
    async fn step_members(
        &self,
        members: &[usize],
        from: Checkpoint,
    ) -> Result<Step, ProjectionError> {
        let started = std::time::Instant::now();
        let outcome = self.try_step_members(members, from).await;
        if outcome.is_err() {
            // Read again from the database next time.
            let mut reached = self.reached();
            for &member in members {
                reached[member] = Reached::default();
            }
        }
        if let Ok(step) = &outcome {
            if step.read > 0 {
                tracing::debug!(
                    projections = ?self.names_of(members),
                    read = step.read,
                    micros = started.elapsed().as_micros(),
                    "batch done"
                );
            }
        }
        outcome
    }

    async fn try_step_members(
        &self,
        members: &[usize],
        from: Checkpoint,
    ) -> Result<Step, ProjectionError> {
        let ready = self.take_read_ahead(from, members).await;
        let mut conn = self.pool.acquire().await?;
        let (mut read, opened) = match ready {
            Some(read) if !read.is_empty() => (read, true),
            _ => (
                read_events(
                    &mut conn,
                    from,
                    None,
                    self.settings.batch_size,
                    |kind, name| self.follows_kind(members, kind, name),
                )
                .await?,
                false,
            ),
        };
        self.read_ahead(members, &read);
        let Some(last) = read
            .last()
            .map(|event| (event.tx_id, event.global_position))
        else {
            return Ok(Step {
                read: 0,
                blocked: blocked_after(&mut conn, from).await?,
            });
        };
        if !read.iter().any(|event| self.follows(members, event)) {
            let mut reached = self.reached();
            for &member in members {
                let entry = &mut reached[member];
                let known = entry.checkpoint.unwrap_or(from);
                let skipped = entry.skipped.get_or_insert(Skipped {
                    since: tokio::time::Instant::now(),
                    count: 0,
                    after: known,
                });
                // Only the events after this member's own checkpoint count.
                skipped.count += i64::try_from(
                    read.iter()
                        .filter(|event| (event.tx_id, event.global_position) > known)
                        .count(),
                )
                .unwrap_or(i64::MAX);
                entry.checkpoint = Some(known.max(last));
                self.publish(member, known.max(last));
            }
            drop(reached);
            // A reader waiting for one of these events is answered now, not at its poll.
            self.wake_readers();
            return Ok(Step {
                read: read.len(),
                blocked: false,
            });
        }
        if !opened {
            // Only the events some member follows are opened: the others would cost a key
            // look-up and decryption each, to be passed over. Personal data is opened
            // with the keys as they are now: what an erasure destroyed reads as erased,
            // in a rebuild as in live reading.
            let followed = read.iter_mut().filter(|event| self.follows(members, event));
            opening::open_events(&mut conn, followed).await?;
        }
        let lanes = self.lanes(members);
        if let [lane] = lanes.as_slice() {
            self.apply_lane(conn, lane, from, &read).await?;
        } else {
            drop(conn);
            let outcomes = futures::future::join_all(lanes.iter().map(|lane| async {
                let conn = self.pool.acquire().await?;
                self.apply_lane(conn, lane, from, &read).await
            }))
            .await;
            outcomes.into_iter().collect::<Result<Vec<()>, _>>()?;
        }
        Ok(Step {
            read: read.len(),
            blocked: false,
        })
    }
}

/// The same database error again, for each member of a group that shares it (sqlx errors
/// are not `Clone`).
fn copy_error(error: &ProjectionError) -> ProjectionError {
    match error {
        ProjectionError::Database(error) => {
            ProjectionError::Database(sqlx::Error::Protocol(error.to_string()))
        }
        other => ProjectionError::Database(sqlx::Error::Protocol(other.to_string())),
    }
}
