//! The projector's life: holding its locks, following the event store batch after batch,
//! resting a failing member, giving up a stuck batch and stopping on shutdown.

use super::checkpoints::Reached;
use super::lock::{release_locks, LOCK_PING_TIMEOUT};
use super::{Projector, ProjectorStatus};
use crate::engine::projection::ProjectionError;
use sqlx::{Connection, PgConnection};
use std::time::Duration;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

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

impl Projector {
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
}

/// How long a projector that is asked to stop lets its batch in progress finish before it
/// gives it up (its transaction rolls back, as in a crash, and the batch is read again at
/// the next start). A batch normally takes milliseconds; this bounds a stuck one's hold
/// on a shutdown, which would otherwise last up to [`ProjectorSettings::stuck_after`].
///
/// [`ProjectorSettings::stuck_after`]: super::ProjectorSettings::stuck_after
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
