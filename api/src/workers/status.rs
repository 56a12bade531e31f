//! The status every background worker reports, as `/readyz` and `/metrics` show it.

use charter_projections::ProjectorStatus;
use tokio::sync::watch;

/// Each local background worker's name and status.
pub type Workers = Vec<(&'static str, watch::Receiver<ProjectorStatus>)>;

/// The scheduler's name: a worker that is not a projector, and so has no lag.
pub const SCHEDULER: &str = "scheduler";

/// The history worker's name: it logs events and signs checkpoints; not a projector.
pub const HISTORY: &str = "history";

/// How many events behind a projection `/readyz` and `/metrics` count at most, so that a
/// health check polled every few seconds stays cheap however long the backlog: counting a
/// million took seconds on a slow machine, and checks sent while the last was still
/// counting piled up and starved the projectors they watched.
pub const COUNTED_UP_TO: i64 = 10_000;

/// Whether worker `name` is a projector, with a checkpoint whose lag can be counted.
pub fn has_lag(name: &str) -> bool {
    name != SCHEDULER && name != HISTORY
}

/// How a worker's status is shown, and whether it is healthy (running, standing by or
/// starting).
pub fn worker_status(status: &ProjectorStatus) -> (String, bool) {
    match status {
        ProjectorStatus::Starting => ("starting".to_owned(), true),
        ProjectorStatus::Standby => ("standby".to_owned(), true),
        ProjectorStatus::Running => ("running".to_owned(), true),
        ProjectorStatus::Stopped => ("stopped".to_owned(), false),
        ProjectorStatus::Failing(error) => (format!("failing: {error}"), false),
    }
}
