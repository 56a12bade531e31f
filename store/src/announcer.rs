//! Telling projectors that events were appended, once the append has committed: the
//! projectors of this process at once, those of other processes by a NOTIFY on
//! [`EVENTS_CHANNEL`].
//!
//! The events table has no NOTIFY trigger. A NOTIFY inside the appending transaction
//! takes a database-wide lock at commit and holds it through the commit's flush to disk:
//! concurrent commands committed one flush each, in a queue, instead of sharing one
//! flush (sixteen of 32 writers were seen waiting on that lock at once).

use sqlx::{Executor, PgPool};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};
use tokio_util::sync::CancellationToken;

/// The channel on which appended events are announced to other processes; their
/// projectors listen on it (see [`crate::listener`]).
pub const EVENTS_CHANNEL: &str = "charter_events";

/// A projector's status, as far as the announcer asks: whether it surely holds its
/// projections' locks, so that this process projects every event itself.
pub trait HoldsLocks {
    /// Whether the projector surely holds its locks. A failing one may not (it also fails
    /// when it cannot take them): other instances are then told, to be safe.
    fn holds_locks(&self) -> bool;
}

/// Announces appended events (see the module's documentation). Cheap to clone.
#[derive(Debug, Clone)]
pub struct Announcer {
    /// Bumped at once: the projectors of this process.
    local: Option<watch::Sender<u64>>,
    remote: Remote,
}

#[derive(Debug, Clone)]
enum Remote {
    /// The appender sends the NOTIFY itself, after each append (a process that runs no
    /// background task: a command-line tool, a test).
    Direct(PgPool),
    /// [`Announcer::run`] sends it, at most one at a time.
    Background(Arc<Notify>),
}

impl Announcer {
    /// Each announcement sends a NOTIFY on a connection of `pool` before it returns.
    pub fn direct(pool: PgPool) -> Self {
        Self {
            local: None,
            remote: Remote::Direct(pool),
        }
    }

    /// Each announcement bumps `local` at once, and asks [`Announcer::run`] for a NOTIFY.
    pub fn background(local: watch::Sender<u64>) -> Self {
        Self {
            local: Some(local),
            remote: Remote::Background(Arc::new(Notify::new())),
        }
    }

    /// Events were appended and committed.
    pub async fn announce(&self) {
        if let Some(local) = &self.local {
            local.send_modify(|n| *n = n.wrapping_add(1));
        }
        match &self.remote {
            Remote::Direct(pool) => {
                if let Err(error) = notify(pool).await {
                    // The projectors' polling picks the events up.
                    tracing::warn!(%error, "could not announce new events");
                }
            }
            Remote::Background(pending) => pending.notify_one(),
        }
    }

    /// Sends the NOTIFYs that [`Announcer::announce`] asks for, until `shutdown`: one at a
    /// time, so that announcements made while one is sent make one more, and at most one
    /// per `spacing`. None is sent while every one of `projectors` runs (holds its locks): this
    /// process then projects everything itself, and other processes' projectors only
    /// stand by. Does nothing for a direct announcer.
    pub async fn run<S: HoldsLocks>(
        self,
        pool: PgPool,
        projectors: Vec<watch::Receiver<S>>,
        spacing: Duration,
        shutdown: CancellationToken,
    ) {
        let Remote::Background(pending) = self.remote else {
            return;
        };
        loop {
            tokio::select! {
                () = pending.notified() => {}
                () = shutdown.cancelled() => return,
            }
            if projectors
                .iter()
                .all(|status| status.borrow().holds_locks())
            {
                continue;
            }
            if let Err(error) = notify(&pool).await {
                // Announced again with the next append.
                tracing::warn!(%error, "could not announce new events; other instances poll");
            }
            tokio::select! {
                () = tokio::time::sleep(spacing) => {}
                () = shutdown.cancelled() => return,
            }
        }
    }
}

/// One NOTIFY, in a transaction of its own that does not wait for the disk (a notifying
/// transaction takes a transaction id, and so would flush its commit). The two statements
/// of one query run in one implicit transaction, which an error rolls back.
async fn notify(pool: &PgPool) -> Result<(), sqlx::Error> {
    let mut conn = pool.acquire().await?;
    // A bare string, without arguments: sent as a simple query, both statements at once.
    conn.execute(NOTIFY).await.map(|_| ())
}

/// The statements [`notify`] sends.
const NOTIFY: &str = "SET LOCAL synchronous_commit = off; NOTIFY charter_events";

#[cfg(test)]
mod tests {
    #[test]
    fn the_notify_goes_to_the_channel_the_projectors_listen_on() {
        let channel = super::EVENTS_CHANNEL;
        assert!(super::NOTIFY.ends_with(&format!("NOTIFY {channel}")));
    }
}
