//! The clock commands are stamped with. The domain never reads time itself.

use chrono::{DateTime, Utc};
use std::fmt::Debug;

/// A source of the current time.
pub trait Clock: Send + Sync + Debug {
    /// Now.
    fn now(&self) -> DateTime<Utc>;
}

/// The server's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that reads whatever time it was last set to. `charter demo` drives the real
/// command path through several simulated years with it, so that every event carries the
/// time it happened in the story and time-in-stage figures come out as they would.
#[derive(Debug)]
pub struct SimulatedClock {
    now: std::sync::Mutex<DateTime<Utc>>,
}

impl SimulatedClock {
    /// A clock standing at `start`.
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            now: std::sync::Mutex::new(start),
        }
    }

    /// Moves the clock to `at`, forwards or back; the caller keeps the story in order.
    pub fn set(&self, at: DateTime<Utc>) {
        *self.lock() = at;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, DateTime<Utc>> {
        // A panic while the time was being replaced leaves a whole value behind: use it.
        self.now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Clock for SimulatedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.lock()
    }
}
