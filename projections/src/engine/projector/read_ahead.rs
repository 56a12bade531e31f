//! Reading the next batch on a connection of its own while one is applied (a rebuild).

use super::reading::{events_of, read_rows};
use super::{any_takes, Checkpoint, Member, Projector};
use crate::engine::event::StoredEvent;
use crate::engine::opening;
use crate::engine::projection::{takes, ProjectionError};
use charter_store::personal_data::KeyRing;
use std::sync::Arc;

/// A batch being read on a connection of its own, after `after`, for `members`: the
/// events they follow come opened and prepared (see [`Projector::read_ahead`]).
pub(super) struct ReadAhead {
    after: Checkpoint,
    members: Vec<usize>,
    reading: tokio::task::JoinHandle<Result<Vec<StoredEvent>, ProjectionError>>,
}

/// The members a read-ahead reads for, and what it does for them.
struct Followers {
    group: Arc<Vec<Member>>,
    members: Vec<usize>,
}

impl Followers {
    /// Whether any of the members follows events of `event_type` of `aggregate_type`.
    fn follow_kind(&self, aggregate_type: &str, event_type: &str) -> bool {
        any_takes(&self.group, &self.members, aggregate_type, event_type)
    }

    /// Whether any of the members follows `event`.
    fn follow(&self, event: &StoredEvent) -> bool {
        self.follow_kind(&event.aggregate_type, &event.event_type)
    }

    /// Lets each member that follows `event` prepare it.
    fn prepare(&self, event: &StoredEvent) {
        for &m in &self.members {
            let projection = &*self.group[m].projection;
            if takes(projection, &event.aggregate_type, &event.event_type) {
                projection.prepare(event);
            }
        }
    }
}

/// Runs `work` on the runtime's blocking threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ProjectionError> + Send + 'static,
) -> Result<T, ProjectionError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(outcome) => outcome,
        Err(failed) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
        Err(cancelled) => Err(ProjectionError::Effect {
            position: 0,
            detail: format!("the work was cancelled: {cancelled}"),
        }),
    }
}

impl Projector {
    /// The batch read ahead after `from` for `members`, if one was (a read ahead after
    /// another checkpoint, or for other members, is dropped).
    pub(super) async fn take_read_ahead(
        &self,
        from: Checkpoint,
        members: &[usize],
    ) -> Option<Vec<StoredEvent>> {
        let ahead = self
            .ahead
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()?;
        if ahead.after == from && ahead.members == members {
            ahead.reading.await.ok().and_then(Result::ok)
        } else {
            ahead.reading.abort();
            None
        }
    }

    /// With [`ProjectorSettings::read_ahead`], after a full batch `read`, starts reading
    /// the next one for `members` on a connection of its own. Every event it reads is
    /// committed and below its own snapshot's xmin, so it is a prefix of what a read at
    /// apply time would give.
    ///
    /// It also does the batch's work that needs no transaction, so that it overlaps the
    /// database's work on the batch before: it opens the personal data of the events the
    /// members follow, and lets each member [`Projection::prepare`] them. The keys are
    /// those of the moment it reads, not of the moment the batch is applied. That is as
    /// right as reading live: an erasure that destroys a key in between is recorded by an
    /// event that commits after every event of this batch, and the read models that keep
    /// names apply it after them, so it erases what the batch wrote.
    ///
    /// [`ProjectorSettings::read_ahead`]: super::ProjectorSettings::read_ahead
    /// [`Projection::prepare`]: crate::Projection::prepare
    pub(super) fn read_ahead(&self, members: &[usize], read: &[StoredEvent]) {
        let full = i64::try_from(read.len()).is_ok_and(|n| n == self.settings.batch_size);
        let Some(last) = read
            .last()
            .map(|event| (event.tx_id, event.global_position))
        else {
            return;
        };
        if !self.settings.read_ahead || !full {
            return;
        }
        let (pool, limit) = (self.pool.clone(), self.settings.batch_size);
        let followers = Followers {
            group: self.members.clone(),
            members: members.to_vec(),
        };
        // The decoding, decryption and preparing run on the blocking threads: on the
        // runtime's they would hold up the statements of the batch being applied.
        let reading = tokio::spawn(async move {
            let mut conn = pool.acquire().await?;
            let rows = read_rows(&mut conn, last, None, limit).await?;
            let (read, subjects, followers) = blocking(move || {
                let mut read = events_of(&rows, |kind, name| followers.follow_kind(kind, name))?;
                let followed = read.iter_mut().filter(|event| followers.follow(event));
                let subjects = opening::sealed_in(followed);
                Ok((read, subjects, followers))
            })
            .await?;
            let ring = std::sync::Arc::new(KeyRing::load(&mut conn, &subjects).await?);
            drop(conn);
            blocking(move || {
                let mut read = read;
                let followed = read.iter_mut().filter(|event| followers.follow(event));
                opening::open_with(&ring, followed)?;
                for event in &read {
                    followers.prepare(event);
                }
                Ok(read)
            })
            .await
        });
        *self
            .ahead
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(ReadAhead {
            after: last,
            members: members.to_vec(),
            reading,
        });
    }
}
