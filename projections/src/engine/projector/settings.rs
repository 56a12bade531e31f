//! How a projector paces itself, what it reports of itself, and what one batch did.

use std::time::Duration;

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

/// A running projector holds its locks; a failing one may not (it also fails when it
/// cannot take them).
impl charter_store::announcer::HoldsLocks for ProjectorStatus {
    fn holds_locks(&self) -> bool {
        matches!(self, ProjectorStatus::Running)
    }
}

/// One batch's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Events read (and applied, or recognised as replays) in this batch.
    pub read: usize,
    /// Nothing was readable, but later events exist behind a transaction still open.
    pub blocked: bool,
}
