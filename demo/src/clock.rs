//! The story's clock.

use chrono::{DateTime, Utc};

/// A clock that reads whatever time it was last set to. The demo drives the real command
/// path through several simulated years with it, so that every event carries the time it
/// happened in the story and time-in-stage figures come out as they would. The server the
/// demo tells its story to reads its time from this clock (see [`crate::Host::start`]).
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

    /// The time the clock stands at.
    pub fn now(&self) -> DateTime<Utc> {
        *self.lock()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, DateTime<Utc>> {
        // A panic while the time was being replaced leaves a whole value behind: use it.
        self.now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
