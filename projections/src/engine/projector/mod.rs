//! The projector: a durable, checkpointed subscription to all events in the global order.
//!
//! [`Projector`] holds the members and what it knows of them; the files beside this one do
//! one thing each:
//! - `settings.rs`: how it paces itself, and what it reports of itself;
//! - `run.rs`: its life, holding the advisory locks of `lock.rs`;
//! - `batch.rs`: one pass over the members, a batch per group of them;
//! - `reading.rs` and `read_ahead.rs`: the events after a checkpoint;
//! - `apply.rs`: a batch applied in a transaction, past the stream guards;
//! - `checkpoints.rs`: where each member stands, and the checkpoints moved in memory;
//! - `lag.rs`: how far behind a projection is.

mod apply;
mod batch;
mod checkpoints;
mod lag;
mod lock;
mod read_ahead;
mod reading;
mod run;
mod settings;

pub use lag::{checkpoint_of, lag, lag_up_to};
pub use settings::{ProjectorSettings, ProjectorStatus, Step};

use crate::engine::event::StoredEvent;
use crate::engine::projection::{takes, Projection, ProjectionError};
use crate::watermark::LocalCheckpoints;
use checkpoints::Reached;
use read_ahead::ReadAhead;
use sqlx::postgres::PgPool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

pub use charter_store::announcer::EVENTS_CHANNEL;

/// One read model a projector feeds, with its own status.
struct Member {
    projection: Arc<dyn Projection>,
    status: watch::Sender<ProjectorStatus>,
}

impl Member {
    /// Marks it running (telling its watchers only of a change); a failing one only if
    /// `even_failing`, as when a batch of it has just succeeded.
    fn set_running(&self, even_failing: bool) {
        self.status.send_if_modified(|status| {
            let change = match status {
                ProjectorStatus::Running => false,
                ProjectorStatus::Failing(_) => even_failing,
                _ => true,
            };
            if change {
                *status = ProjectorStatus::Running;
            }
            change
        });
    }
}

/// Feeds one projection, or a group of them, from the event store.
///
/// A group reads each batch of events once and applies it to every member in one
/// transaction that also moves every member's checkpoint: one commit per batch instead of
/// one per read model. Each member keeps a checkpoint of its own (a rebuild may have moved
/// one ahead of the others), and the batch is read from the earliest of them. When a batch
/// fails, each member is tried again in a transaction of its own, so a read model that
/// cannot apply an event stops alone and the others go on.
#[derive(Clone)]
pub struct Projector {
    pool: PgPool,
    members: Arc<Vec<Member>>,
    settings: ProjectorSettings,
    advanced: watch::Sender<u64>,
    /// How far each member has got, as this projector knows it.
    reached: Arc<std::sync::Mutex<Vec<Reached>>>,
    /// Where it tells readers of this process how far each member has got.
    local: Option<LocalCheckpoints>,
    /// Whether it bumps `advanced` after each batch though it publishes nothing.
    waking: bool,
    /// The next batch being read ahead (see [`ProjectorSettings::read_ahead`]).
    ahead: Arc<std::sync::Mutex<Option<ReadAhead>>>,
}

/// Whether any of the `members` of `group` is given events of `event_type` of
/// `aggregate_type`.
fn any_takes(group: &[Member], members: &[usize], aggregate_type: &str, event_type: &str) -> bool {
    members
        .iter()
        .any(|&m| takes(&*group[m].projection, aggregate_type, event_type))
}

impl std::fmt::Debug for Projector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Projector")
            .field("projections", &self.names())
            .field("settings", &self.settings)
            .finish()
    }
}

/// A checkpoint: the `(tx_id, global_position)` of the last event applied.
type Checkpoint = (i64, i64);

impl Projector {
    /// A projector for `projection`. If it publishes what it reached (see
    /// [`Projector::publishing`]), it bumps `advanced` after every batch, once that is
    /// published, so readers waiting for a position look again at once.
    pub fn new(
        pool: PgPool,
        projection: Arc<dyn Projection>,
        settings: ProjectorSettings,
        advanced: watch::Sender<u64>,
    ) -> Self {
        Self::group(pool, vec![projection], settings, advanced)
    }

    /// One projector for all of `projections` (see the type's documentation).
    pub fn group(
        pool: PgPool,
        projections: Vec<Arc<dyn Projection>>,
        settings: ProjectorSettings,
        advanced: watch::Sender<u64>,
    ) -> Self {
        let members: Vec<Member> = projections
            .into_iter()
            .map(|projection| Member {
                projection,
                status: watch::Sender::new(ProjectorStatus::Starting),
            })
            .collect();
        let reached = vec![Reached::default(); members.len()];
        Self {
            pool,
            members: Arc::new(members),
            settings,
            advanced,
            reached: Arc::new(std::sync::Mutex::new(reached)),
            local: None,
            waking: false,
            ahead: Arc::default(),
        }
    }

    /// Also publishes each member's checkpoint in `local` once it is committed (or moved
    /// past events the member does not follow), for [`crate::Watermark::with_local`].
    pub fn publishing(mut self, local: LocalCheckpoints) -> Self {
        self.local = Some(local);
        self
    }

    /// Also bumps `advanced` after each batch though it publishes no checkpoint: for what
    /// waits on its commits rather than on a position (the delivery worker, on the rows
    /// the notifier puts in the outbox).
    pub fn waking(mut self) -> Self {
        self.waking = true;
        self
    }

    /// Wakes the readers waiting for a position. Called once what the batch reached is
    /// published, so that none woken finds it missing and waits for the next batch or its
    /// poll. A projector that publishes nothing wakes nobody: a woken reader looks only at
    /// what is published (it asks the database at its own pace).
    fn wake_readers(&self) {
        if self.local.is_some() || self.waking {
            self.advanced.send_modify(|n| *n = n.wrapping_add(1));
        }
    }

    fn publish(&self, member: usize, checkpoint: Checkpoint) {
        if let Some(local) = &self.local {
            local.record(self.members[member].projection.name(), checkpoint);
        }
    }

    /// Withdraws what was published of `members`, so that their readers ask the database
    /// until the next batch publishes again: the projector stops (or lost its locks), or
    /// found a checkpoint elsewhere than it left it (moved by hand, or by a rebuild that
    /// switched its copy in).
    fn unpublish(&self, members: &[usize]) {
        if let Some(local) = &self.local {
            local.forget(&self.names_of(members));
        }
    }

    /// Withdraws what was published of every member (see [`Projector::unpublish`]).
    fn unpublish_all(&self) {
        if let Some(local) = &self.local {
            local.forget(&self.names());
        }
    }

    /// The names of the projections it feeds.
    pub fn names(&self) -> Vec<&'static str> {
        self.members.iter().map(|m| m.projection.name()).collect()
    }

    /// Follows the status of each projection it feeds.
    pub fn statuses(&self) -> Vec<(&'static str, watch::Receiver<ProjectorStatus>)> {
        self.members
            .iter()
            .map(|m| (m.projection.name(), m.status.subscribe()))
            .collect()
    }

    /// Applies one batch of events after the checkpoints, and moves the checkpoints, in
    /// one transaction. In a group, a member that fails is reported (the first such error)
    /// after the others have applied the batch.
    pub async fn step(&self) -> Result<Step, ProjectionError> {
        let pass = self.pass(&[], true).await;
        match pass.failed.into_iter().next() {
            Some((_, error)) => Err(error),
            None => Ok(pass.step),
        }
    }

    /// The names of `members`, in that order.
    fn names_of(&self, members: &[usize]) -> Vec<&'static str> {
        members
            .iter()
            .map(|&m| self.members[m].projection.name())
            .collect()
    }

    fn reached(&self) -> std::sync::MutexGuard<'_, Vec<Reached>> {
        self.reached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Whether any of `members` follows `event`.
    fn follows(&self, members: &[usize], event: &StoredEvent) -> bool {
        self.follows_kind(members, &event.aggregate_type, &event.event_type)
    }

    /// Whether any of `members` follows events of `event_type` of `aggregate_type`.
    fn follows_kind(&self, members: &[usize], aggregate_type: &str, event_type: &str) -> bool {
        any_takes(&self.members, members, aggregate_type, event_type)
    }

    /// Applies batches until no event is left after the checkpoint; returns how many were
    /// read. Events hidden behind a transaction still open anywhere on the server (the
    /// snapshot's xmin is cluster-wide) are waited for, up to `stall_limit` without
    /// progress.
    pub async fn catch_up(&self) -> Result<usize, ProjectionError> {
        let stall_limit = Duration::from_secs(30);
        let mut total = 0;
        let mut stalled_since: Option<tokio::time::Instant> = None;
        loop {
            let step = self.step().await?;
            total += step.read;
            if step.read > 0 {
                stalled_since = None;
                continue;
            }
            if !step.blocked {
                return Ok(total);
            }
            let since = *stalled_since.get_or_insert_with(tokio::time::Instant::now);
            if since.elapsed() > stall_limit {
                return Err(ProjectionError::Stalled {
                    waited: since.elapsed(),
                });
            }
            tokio::time::sleep(self.settings.blocked_poll).await;
        }
    }

    fn set_all(&self, status: &ProjectorStatus) {
        for member in self.members.iter() {
            member.status.send_replace(status.clone());
        }
    }

    fn fail(&self, member: usize, error: &ProjectionError) {
        let Some(member) = self.members.get(member) else {
            return;
        };
        tracing::error!(
            projection = member.projection.name(),
            %error,
            "projector failed; it will retry the same event"
        );
        member
            .status
            .send_replace(ProjectorStatus::Failing(error.to_string()));
    }
}
