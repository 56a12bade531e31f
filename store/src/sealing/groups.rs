//! Appends that wait while another is being written, written together as a group.

use super::append::{Append, Appended, Waiting};
use super::writer::Writer;
use cqrs_es::persist::PersistenceError;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};

/// How many groups one repository writes at once: one. An append that finds a group being
/// written waits, and is written with every other append that waited meanwhile: under
/// load, commands share a statement, a transaction and a flush (PostgreSQL commits a group
/// of eight one-event appends at about 2.6 times the events per second of eight appends
/// apart), while an append that finds no group being written is written at once. One
/// writer at a time made larger groups than two or four, and the most commands per
/// second (`BENCHMARKS.md`, item 28).
const GROUP_WRITES: usize = 1;

/// The most appends written in one statement.
const GROUP_SIZE: usize = 64;

/// Document bytes up to this size are written in a group; larger ones alone, at once, so
/// that a large upload holds up no other command (and a group never carries many).
pub(super) const GROUPED_BLOB_BYTES: usize = 64 * 1024;

/// A group still being written after this long (waiting on a lock, or on a connection
/// that no longer answers) gives up its turn: the appends after it are written on other
/// connections, while it goes on and answers its own appends when it ends.
const STALLED_AFTER: Duration = Duration::from_secs(5);

/// The most writes that may have given their turn up and still be running.
const STALLED_WRITES: usize = 4;

/// The appends waiting to be written, and the turns to write them (see [`GROUP_WRITES`]).
/// Each waiting command takes part: when a turn is free, the first to take it writes
/// every append waiting (its own among them, or already in a group being written), in a
/// task of its own, so that a command dropped meanwhile (its client went away) drops
/// nobody else's append.
#[derive(Debug)]
pub(super) struct AppendGroups {
    waiting: Mutex<Vec<Waiting>>,
    turns: Arc<Semaphore>,
    next_id: AtomicU64,
    pub(super) stall: Stall,
}

impl Default for AppendGroups {
    fn default() -> Self {
        Self {
            waiting: Mutex::default(),
            turns: Arc::new(Semaphore::new(GROUP_WRITES)),
            next_id: AtomicU64::new(0),
            stall: Stall {
                after: STALLED_AFTER,
                slots: Arc::new(Semaphore::new(STALLED_WRITES)),
            },
        }
    }
}

impl AppendGroups {
    pub(super) fn waiting(&self) -> std::sync::MutexGuard<'_, Vec<Waiting>> {
        self.waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Writes `append` with `writer`, alone or in a group; its outcome.
    pub(super) async fn append(&self, writer: &Writer, append: Append) -> Appended {
        // No group being written, none waiting: written at once, by its own command.
        if let Ok(turn) = self.turns.clone().try_acquire_owned() {
            if self.waiting().is_empty() {
                return self.stall.run(turn, writer.write_one(&append)).await;
            }
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (done, mut outcome) = oneshot::channel();
        self.waiting().push(Waiting { id, append, done });
        // A command dropped while its append still waits (its client went away) takes the
        // append with it: left behind, it would be written whenever the next append came,
        // maybe minutes later, after the command's idempotency claim had lapsed.
        let _queued = Queued { groups: self, id };
        loop {
            let turn = tokio::select! {
                biased;
                outcome = &mut outcome => return answered(outcome),
                turn = self.turns.clone().acquire_owned() => turn,
            };
            let Ok(turn) = turn else {
                return Err(PersistenceError::UnknownError(
                    "the appender is closed".into(),
                ));
            };
            let (group, still_waiting) = {
                let mut waiting = self.waiting();
                let take = waiting.len().min(GROUP_SIZE);
                let group: Vec<Waiting> = waiting.drain(..take).collect();
                (group, waiting.iter().any(|w| w.id == id))
            };
            if group.is_empty() {
                drop(turn);
            } else {
                let (writer, stall) = (writer.clone(), self.stall.clone());
                tokio::spawn(async move { stall.run(turn, writer.write(group)).await });
            }
            if !still_waiting {
                return answered(outcome.await);
            }
        }
    }
}

/// When a write holding the turn gives it up (see [`STALLED_AFTER`]).
#[derive(Debug, Clone)]
pub(super) struct Stall {
    pub(super) after: Duration,
    /// One for each write that gave its turn up and still runs.
    slots: Arc<Semaphore>,
}

impl Stall {
    /// Runs `write` holding `turn`. After [`Stall::after`] it gives the turn up, so that
    /// the appends after it are written beside it, if it can take one of the slots: at
    /// most [`STALLED_WRITES`] writes stalled at once hold a connection each, not one more
    /// every few seconds until the pool is gone.
    async fn run<F: std::future::Future>(&self, turn: OwnedSemaphorePermit, write: F) -> F::Output {
        tokio::pin!(write);
        tokio::select! {
            output = &mut write => output,
            () = tokio::time::sleep(self.after) => match self.slots.clone().try_acquire_owned() {
                Ok(slot) => {
                    drop(turn);
                    tracing::warn!(
                        after = ?self.after,
                        "appends are still being written; the next are written beside them"
                    );
                    let output = write.await;
                    drop(slot);
                    output
                }
                Err(_) => write.await,
            },
        }
    }
}

/// An append in the queue, taken out of it when its command ends (see
/// [`AppendGroups::append`]).
struct Queued<'a> {
    groups: &'a AppendGroups,
    id: u64,
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.groups
            .waiting()
            .retain(|waiting| waiting.id != self.id);
    }
}

/// An append's outcome as its writer sent it.
fn answered(outcome: Result<Appended, oneshot::error::RecvError>) -> Appended {
    outcome.unwrap_or_else(|_| {
        // The writing task ended without an answer (it panicked): whether the events
        // were stored is unknown, as after a lost connection.
        Err(PersistenceError::UnknownError(
            "the append was lost before its outcome was known".into(),
        ))
    })
}
