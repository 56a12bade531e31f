//! The projector: a durable, checkpointed subscription to all events in the global order.

use crate::event::{StoredEvent, COLUMNS};
use crate::personal_data::{self, KeyRing};
use crate::projection::{takes, Claim, Follows, Projection, ProjectionError, StreamGuards};
use crate::watermark::LocalCheckpoints;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgPool, PgRow, Postgres};
use sqlx::{Connection, PgConnection, Row};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// The channel on which appended events are announced to other processes (see
/// [`crate::Announcer`]).
pub const EVENTS_CHANNEL: &str = "charter_events";

/// How a projector paces itself.
#[derive(Debug, Clone)]
pub struct ProjectorSettings {
    /// Events applied per transaction.
    pub batch_size: i64,
    /// How long to sleep with nothing to do when no notification arrives (the fallback).
    pub idle_poll: Duration,
    /// How soon to look again when events exist that a still-open transaction hides, and
    /// after a batch that read fewer events than its limit when no announcement comes
    /// first (events hidden behind a transaction that announces nothing).
    pub blocked_poll: Duration,
    /// How long to wait after a failure before trying the same event again.
    pub retry_after_error: Duration,
    /// Whether to read the next batch on a second connection while one is applied (a
    /// rebuild's long run of full batches; the pool needs two connections).
    pub read_ahead: bool,
    /// Into how many lanes a group's members are shared out: each lane applies the batch
    /// in a transaction of its own, on a connection of its own, at the same time as the
    /// others (a rebuild, where one transaction leaves a core idle while it waits for the
    /// other; the pool needs a connection per lane, and one more for the read-ahead).
    /// Each member's checkpoint still commits with its own writes, as when a failed batch
    /// is tried again member by member; only the members of different lanes no longer
    /// move together.
    pub lanes: usize,
    /// How long to wait, once woken by an announcement, before reading again: events
    /// that arrive meanwhile are read in the same batch. Zero for the read models, which readers wait
    /// for; a process manager that acts on few of the events it reads can take its time.
    pub pace: Duration,
    /// How long one batch may go without finishing before the projector gives it up: its
    /// connections are dropped (an open transaction rolls back), what it published is
    /// withdrawn, its members read failing, and it takes its locks again on a new
    /// connection. A batch of the live projectors takes milliseconds; one that takes this
    /// long waits on a connection that no longer answers (half open after a network
    /// failure) or on a lock, and would otherwise hold the read models still for good.
    pub stuck_after: Duration,
}

impl Default for ProjectorSettings {
    fn default() -> Self {
        Self {
            batch_size: 500,
            idle_poll: Duration::from_millis(500),
            blocked_poll: Duration::from_millis(5),
            retry_after_error: Duration::from_secs(1),
            read_ahead: false,
            lanes: 1,
            pace: Duration::ZERO,
            stuck_after: Duration::from_secs(60),
        }
    }
}

/// What a projector is doing, for `/readyz` and the logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectorStatus {
    Starting,
    /// Another instance holds this projection's lock; this one waits to take over.
    Standby,
    Running,
    /// The last attempt failed; the projector retries the same event.
    Failing(String),
    Stopped,
}

/// One batch's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Events read (and applied, or recognised as replays) in this batch.
    pub read: usize,
    /// Nothing was readable, but later events exist behind a transaction still open.
    pub blocked: bool,
}

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
    /// The next batch being read ahead (see [`ProjectorSettings::read_ahead`]).
    ahead: Arc<std::sync::Mutex<Option<ReadAhead>>>,
}

/// A batch being read on a connection of its own, after `after`, for `members`: the
/// events they follow come opened and prepared (see [`Projector::read_ahead`]).
struct ReadAhead {
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

/// Whether any of the `members` of `group` is given events of `event_type` of
/// `aggregate_type`.
fn any_takes(group: &[Member], members: &[usize], aggregate_type: &str, event_type: &str) -> bool {
    members
        .iter()
        .any(|&m| takes(&*group[m].projection, aggregate_type, event_type))
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

/// How far a member has got, as its projector knows it.
#[derive(Debug, Clone, Copy, Default)]
struct Reached {
    /// At or after the stored checkpoint: ahead of it when events nobody in the group
    /// follows were passed over in memory. `None`: read the stored one.
    checkpoint: Option<Checkpoint>,
    /// Events passed over without storing the checkpoint: since when, how many, and the
    /// stored checkpoint they follow (their count is added to the stored one's only if it
    /// has not moved meanwhile, which only another projector of the same name could do).
    skipped: Option<Skipped>,
}

#[derive(Debug, Clone, Copy)]
struct Skipped {
    since: tokio::time::Instant,
    count: i64,
    after: Checkpoint,
}

/// How long a checkpoint moved over events nobody follows may wait to be stored while
/// events keep coming (it is stored at once when the projector falls idle). A crash loses
/// at most this much of such progress, and the events are read again.
const SAVE_SKIPPED_AFTER: Duration = Duration::from_secs(1);

/// How long the lock's connection may take to answer a ping before it counts as lost.
const LOCK_PING_TIMEOUT: Duration = Duration::from_secs(5);

/// How long the lock's connection may take to let go of the locks when the projector
/// gives them up (see [`release_locks`]).
const RELEASE_TIMEOUT: Duration = Duration::from_secs(1);

/// Lets go of the projections' advisory locks that `lock` holds at once, rather than when
/// the server notices the connection closed: taken again right after (a stuck batch given
/// up), they would otherwise still be held by this connection's server process, and the
/// projector would stand by instead of trying again. A connection that does not answer in
/// time is left to close, and the locks go with it.
async fn release_locks(lock: &mut PgConnection) {
    let released = tokio::time::timeout(
        RELEASE_TIMEOUT,
        sqlx::query("SELECT pg_advisory_unlock_all()").execute(lock),
    )
    .await;
    if !matches!(released, Ok(Ok(_))) {
        tracing::warn!("the projector's locks are released only when its connection closes");
    }
}

/// Marks a projector's members stopped and withdraws what it published, however
/// [`Projector::run`] ends: returned, dropped, or unwound by a panic (in a projection, say).
/// Otherwise readers would wait for a projector that no longer moves, and its health would
/// still read running.
struct Stopped<'a>(&'a Projector);

impl Drop for Stopped<'_> {
    fn drop(&mut self) {
        let projector = self.0;
        projector.unpublish_all();
        let status = if std::thread::panicking() {
            ProjectorStatus::Failing("the projector panicked and stopped".to_owned())
        } else {
            ProjectorStatus::Stopped
        };
        projector.set_all(&status);
    }
}

/// How often a projector kept busy by a steady stream of events makes a thorough pass
/// when it falls idle (see [`Projector::pass`]).
const THOROUGH_EVERY: Duration = Duration::from_secs(1);

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

/// One batch's outcome, with the members that failed it.
#[derive(Debug)]
struct Pass {
    step: Step,
    failed: Vec<(usize, ProjectionError)>,
}

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
            ahead: Arc::default(),
        }
    }

    /// Also publishes each member's checkpoint in `local` once it is committed (or moved
    /// past events the member does not follow), for [`crate::Watermark::with_local`].
    pub fn publishing(mut self, local: LocalCheckpoints) -> Self {
        self.local = Some(local);
        self
    }

    /// Wakes the readers waiting for a position. Called once what the batch reached is
    /// published, so that none woken finds it missing and waits for the next batch or its
    /// poll. A projector that publishes nothing wakes nobody: a woken reader looks only at
    /// what is published (it asks the database at its own pace).
    fn wake_readers(&self) {
        if self.local.is_some() {
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
    async fn pass(&self, resting: &[usize], thorough: bool) -> Pass {
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

    /// One look at the stored checkpoints of `members`: those that differ from what this
    /// projector knows, other than by events it passed over in memory, are taken over.
    /// Whether any was.
    async fn refresh(&self, members: &[usize]) -> Result<bool, sqlx::Error> {
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

    /// The names of `members`, in that order.
    fn names_of(&self, members: &[usize]) -> Vec<&'static str> {
        members
            .iter()
            .map(|&m| self.members[m].projection.name())
            .collect()
    }

    /// The stored checkpoints of `members`, in that order, read without a transaction.
    async fn stored(&self, members: &[usize]) -> Result<Vec<Checkpoint>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        checkpoints(&mut conn, &self.names_of(members), false).await
    }

    fn reached(&self) -> std::sync::MutexGuard<'_, Vec<Reached>> {
        self.reached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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
            personal_data::open_events(&mut conn, followed).await?;
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

    /// Whether any of `members` follows `event`.
    fn follows(&self, members: &[usize], event: &StoredEvent) -> bool {
        self.follows_kind(members, &event.aggregate_type, &event.event_type)
    }

    /// Whether any of `members` follows events of `event_type` of `aggregate_type`.
    fn follows_kind(&self, members: &[usize], aggregate_type: &str, event_type: &str) -> bool {
        any_takes(&self.members, members, aggregate_type, event_type)
    }

    /// `members` shared out round the [`ProjectorSettings::lanes`].
    fn lanes(&self, members: &[usize]) -> Vec<Vec<usize>> {
        let count = self.settings.lanes.clamp(1, members.len().max(1));
        let mut lanes = vec![Vec::new(); count];
        for (k, &member) in members.iter().enumerate() {
            lanes[k % count].push(member);
        }
        lanes
    }

    /// Applies the batch `read` (opened) to the members of one lane in a transaction of
    /// their own on `conn`, and notes how far they got.
    async fn apply_lane(
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

    /// The batch read ahead after `from` for `members`, if one was (a read ahead after
    /// another checkpoint, or for other members, is dropped).
    async fn take_read_ahead(
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
    fn read_ahead(&self, members: &[usize], read: &[StoredEvent]) {
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
                let subjects = personal_data::sealed_in(followed);
                Ok((read, subjects, followers))
            })
            .await?;
            let ring = KeyRing::load(&mut conn, &subjects).await?;
            drop(conn);
            blocking(move || {
                let mut read = read;
                let followed = read.iter_mut().filter(|event| followers.follow(event));
                personal_data::open_with(&ring, followed)?;
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

    /// Stores the checkpoints moved in memory only (see [`Projector::step_members`]): all
    /// of them when `idle`, otherwise those that have waited [`SAVE_SKIPPED_AFTER`]. One
    /// statement; a checkpoint is only ever moved forward.
    async fn save_skipped(&self, idle: bool) -> Result<(), sqlx::Error> {
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
            personal_data::open_events(&mut *tx, followed).await?;
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

    /// Runs until `shutdown`: takes the projections' advisory locks (so that, of several
    /// instances, one projects and the others stand by), then follows the event store,
    /// woken by `wake` and polling as the fallback.
    pub async fn run(self, mut wake: watch::Receiver<u64>, shutdown: CancellationToken) {
        let names = self.names().join(", ");
        let _stopped = Stopped(&self);
        while !shutdown.is_cancelled() {
            let lock = match self.lock().await {
                Ok(Some(lock)) => lock,
                Ok(None) => {
                    self.set_all(&ProjectorStatus::Standby);
                    sleep_or_cancel(self.settings.idle_poll, &shutdown).await;
                    continue;
                }
                Err(error) => {
                    let error = ProjectionError::from(error);
                    for member in 0..self.members.len() {
                        self.fail(member, &error);
                    }
                    sleep_or_cancel(self.settings.retry_after_error, &shutdown).await;
                    continue;
                }
            };
            tracing::info!(projections = %names, "projector holds its locks and runs");
            // A member that was failing reads failing until a batch of it succeeds: taking
            // the locks again says nothing of what made it fail.
            for member in self.members.iter() {
                member.set_running(false);
            }
            self.follow(lock, &mut wake, &shutdown).await;
            // Its locks are gone: another instance may move the checkpoints on, unseen
            // here, so readers must not wait for this projector.
            self.unpublish_all();
        }
        tracing::info!(projections = %names, "projector stopped");
    }

    /// Applies batches while the lock's connection lives.
    async fn follow(
        &self,
        mut lock: PgConnection,
        wake: &mut watch::Receiver<u64>,
        shutdown: &CancellationToken,
    ) {
        // When each member last failed: it rests for `retry_after_error` before it is tried
        // again, while the others go on.
        let mut failed_at: Vec<Option<tokio::time::Instant>> = vec![None; self.members.len()];
        // Whether the last wait ran its whole time, a poll interval or the pause after a
        // failure (see [`Projector::pass`]).
        let mut waited = true;
        let mut last_thorough = tokio::time::Instant::now();
        let mut last_ping = tokio::time::Instant::now();
        loop {
            if shutdown.is_cancelled() {
                return;
            }
            // The locks live with their connection: checked once a second, busy or not,
            // so that a lost one is noticed (another instance may have taken them over).
            // A ping that gets no answer in time counts as lost: the connection may be
            // half open, and another instance may hold the locks by now.
            if last_ping.elapsed() >= THOROUGH_EVERY {
                let answered = tokio::time::timeout(LOCK_PING_TIMEOUT, lock.ping()).await;
                if !matches!(answered, Ok(Ok(()))) {
                    tracing::warn!(
                        projections = ?self.names(),
                        "lost the projector lock's connection"
                    );
                    return;
                }
                last_ping = tokio::time::Instant::now();
            }
            let thorough = waited || last_thorough.elapsed() >= THOROUGH_EVERY;
            if thorough {
                last_thorough = tokio::time::Instant::now();
            }
            let resting: Vec<usize> = failed_at
                .iter()
                .enumerate()
                .filter(|(_, at)| {
                    at.is_some_and(|at| at.elapsed() < self.settings.retry_after_error)
                })
                .map(|(member, _)| member)
                .collect();
            let pass = match tokio::select! {
                outcome = tokio::time::timeout(
                    self.settings.stuck_after,
                    self.pass(&resting, thorough),
                ) => outcome,
                () = grace_after(shutdown) => {
                    tracing::warn!(
                        projections = ?self.names(),
                        "stopping: a batch unfinished after the grace period is given up"
                    );
                    return;
                }
            } {
                Ok(pass) => pass,
                Err(_) => {
                    let error = ProjectionError::Stuck {
                        waited: self.settings.stuck_after,
                    };
                    for member in (0..self.members.len()).filter(|m| !resting.contains(m)) {
                        self.fail(member, &error);
                    }
                    // Read again from the database once the locks are taken again.
                    *self.reached() = vec![Reached::default(); self.members.len()];
                    release_locks(&mut lock).await;
                    return;
                }
            };
            for (member, state) in self.members.iter().enumerate() {
                if resting.contains(&member) {
                    continue;
                }
                match pass.failed.iter().find(|(failed, _)| *failed == member) {
                    Some((_, error)) => {
                        failed_at[member] = Some(tokio::time::Instant::now());
                        self.fail(member, error);
                    }
                    None => {
                        failed_at[member] = None;
                        state.set_running(true);
                    }
                }
            }
            let full = i64::try_from(pass.step.read).is_ok_and(|n| n >= self.settings.batch_size);
            let pause = if full {
                // More may be waiting.
                continue;
            } else if pass.step.read > 0 {
                // A partial batch read everything then readable. What commits next is
                // announced, and wakes it; only events hidden behind a transaction that
                // announces nothing need another look, after the blocked pause. (Looking
                // at once cost two statements after every batch, and held up the next.)
                self.settings.blocked_poll
            } else if !pass.failed.is_empty() || !resting.is_empty() {
                self.settings.retry_after_error
            } else if pass.step.blocked {
                self.settings.blocked_poll
            } else {
                self.settings.idle_poll
            };
            waited = tokio::select! {
                woken = wake.changed() => {
                    // Nobody notifies any more: poll alone.
                    if woken.is_err() {
                        sleep_or_cancel(pause, shutdown).await;
                    } else if !self.settings.pace.is_zero() {
                        sleep_or_cancel(self.settings.pace, shutdown).await;
                    }
                    woken.is_err()
                }
                _ = tokio::time::sleep(pause) => pause >= self.settings.idle_poll,
                _ = shutdown.cancelled() => return,
            };
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

    /// A connection holding the session advisory lock of every projection fed, if they
    /// were all free. The connection is detached from the pool, so dropping it closes it
    /// and frees the locks.
    async fn lock(&self) -> Result<Option<PgConnection>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?.detach();
        let locked: Vec<bool> = sqlx::query_scalar(
            "SELECT pg_try_advisory_lock(hashtext('charter.projector.' || name))
             FROM unnest($1::text[]) AS name",
        )
        .bind(self.names())
        .fetch_all(&mut conn)
        .await?;
        Ok(locked.iter().all(|&held| held).then_some(conn))
    }
}

/// The checkpoints of `names`, in that order (creating those that do not exist yet);
/// with `lock`, each row locked for the transaction.
async fn checkpoints(
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

/// Up to `limit` events after `from` in the global order: without `until`, only those
/// below the snapshot's xmin, so that an event whose transaction is still open is waited
/// for rather than skipped; with `until`, those up to and including it (the caller vouches
/// that every transaction up to it has finished).
async fn read_events(
    conn: &mut PgConnection,
    from: Checkpoint,
    until: Option<Checkpoint>,
    limit: i64,
    followed: impl Fn(&str, &str) -> bool,
) -> Result<Vec<StoredEvent>, ProjectionError> {
    events_of(&read_rows(conn, from, until, limit).await?, followed)
}

/// The rows [`read_events`] decodes.
async fn read_rows(
    conn: &mut PgConnection,
    from: Checkpoint,
    until: Option<Checkpoint>,
    limit: i64,
) -> Result<Vec<PgRow>, ProjectionError> {
    // Ordered by the table's columns, qualified: a bare `tx_id` would name the selected
    // `tx_id::text::bigint`, which no index provides, and every batch would sort all the
    // events after the checkpoint (114 ms a batch at 100,000 events).
    let bound = match until {
        None => "tx_id < pg_snapshot_xmin(pg_current_snapshot())",
        Some(_) => "(tx_id, global_position) <= ($4::bigint::text::xid8, $5)",
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM events
         WHERE (tx_id, global_position) > ($1::bigint::text::xid8, $2) AND {bound}
         ORDER BY events.tx_id, events.global_position
         LIMIT $3"
    );
    let mut query = sqlx::query(&sql).bind(from.0).bind(from.1).bind(limit);
    if let Some((until_tx, until_position)) = until {
        query = query.bind(until_tx).bind(until_position);
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

/// The events of rows selected with [`COLUMNS`]. Those not `followed` (by aggregate type
/// and event type) are only passed over: their payload and metadata are left undecoded
/// (see [`StoredEvent::from_row_in_order`]).
fn events_of(
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

/// Whether events follow `from` that a transaction still open hides. (Not `EXISTS`: the
/// planner cannot estimate the row comparison, guesses that most events match, and scans
/// the whole table for the first, 0.8 s at 1,000,000 events when none does. Ordered, it
/// walks the index.)
async fn blocked_after(conn: &mut PgConnection, from: Checkpoint) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT global_position FROM events
         WHERE (tx_id, global_position) > ($1::bigint::text::xid8, $2)
         ORDER BY events.tx_id, events.global_position
         LIMIT 1",
    )
    .bind(from.0)
    .bind(from.1)
    .fetch_optional(conn)
    .await?
    .is_some())
}

/// Events projection `name` has not applied yet, and the age in seconds of the oldest of
/// them. Counts every one: a read per event behind, seconds when a rebuild or a restart
/// left it a million behind. (The inner `ORDER BY` keeps the planner on the global-order
/// index: left to its estimate of the row comparison it scans the whole table, 0.8 s at
/// 1,000,000 events.)
pub async fn lag(pool: &PgPool, name: &str) -> Result<(i64, f64), sqlx::Error> {
    lag_up_to(pool, name, i64::MAX).await
}

/// Like [`lag`], counting at most `cap` events: what a health check polled every few
/// seconds can afford however far behind a projection is. The age is still that of the
/// oldest event not applied, which comes first in the order.
pub async fn lag_up_to(pool: &PgPool, name: &str, cap: i64) -> Result<(i64, f64), sqlx::Error> {
    sqlx::query_as(
        "WITH c AS (
             SELECT coalesce((SELECT tx_id FROM projection_checkpoints WHERE projection = $1), '0') AS tx_id,
                    coalesce((SELECT global_position FROM projection_checkpoints WHERE projection = $1), 0) AS position)
         SELECT count(*), coalesce(extract(epoch FROM now() - min(recorded_at))::float8, 0)
         FROM (SELECT e.recorded_at FROM events e, c
               WHERE (e.tx_id, e.global_position) > (c.tx_id, c.position)
               ORDER BY e.tx_id, e.global_position
               LIMIT $2) behind",
    )
    .bind(name)
    .bind(cap.max(0))
    .fetch_one(pool)
    .await
}

/// How long a projector that is asked to stop lets its batch in progress finish before it
/// gives it up (its transaction rolls back, as in a crash, and the batch is read again at
/// the next start). A batch normally takes milliseconds; this bounds a stuck one's hold
/// on a shutdown, which would otherwise last up to [`ProjectorSettings::stuck_after`].
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Ends [`SHUTDOWN_GRACE`] after `shutdown` is cancelled.
async fn grace_after(shutdown: &CancellationToken) {
    shutdown.cancelled().await;
    tokio::time::sleep(SHUTDOWN_GRACE).await;
}

async fn sleep_or_cancel(duration: Duration, shutdown: &CancellationToken) {
    tokio::select! {
        _ = tokio::time::sleep(duration) => {}
        _ = shutdown.cancelled() => {}
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
