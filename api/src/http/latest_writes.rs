//! Session consistency: the latest position each caller wrote, remembered in process so
//! that their reads wait for it without their knowing about positions.
//!
//! A caller is their credential (the `Authorization` header's value), kept only as a
//! hash keyed at random for this process: the memory never holds a token. It is bounded:
//! a caller that has not written for [`LatestWrites::KEPT_FOR`] is forgotten (the read
//! models have caught up long before), and past [`LatestWrites::MOST`] callers the ones
//! that wrote longest ago go first. Nothing is written to the database: a client served
//! by another instance relies on the token it carries (see docs/architecture.md).

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A caller, as [`LatestWrites`] knows them: a keyed hash of their credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallerKey(u64);

/// A write: its position, and the transaction it was appended in when this process knew
/// it (so that a read waiting for it asks the database nothing while the local
/// projectors follow, however many appends came since).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub position: i64,
    pub tx_id: Option<i64>,
}

/// The latest position each recent writer wrote.
#[derive(Debug)]
pub struct LatestWrites {
    keys: std::collections::hash_map::RandomState,
    written: Mutex<HashMap<CallerKey, (Written, Instant)>>,
}

impl Default for LatestWrites {
    fn default() -> Self {
        Self {
            keys: std::collections::hash_map::RandomState::new(),
            written: Mutex::new(HashMap::new()),
        }
    }
}

impl LatestWrites {
    /// How long a caller's latest write is remembered after it.
    pub const KEPT_FOR: Duration = Duration::from_secs(600);
    /// The most callers remembered at once.
    pub const MOST: usize = 20_000;

    /// The caller whose credential is `credential`.
    pub fn caller(&self, credential: &[u8]) -> CallerKey {
        CallerKey(self.keys.hash_one(credential))
    }

    /// Remembers that `caller` wrote up to `written`.
    pub fn record(&self, caller: CallerKey, written: Written) {
        self.record_at(caller, written, Instant::now());
    }

    fn record_at(&self, caller: CallerKey, position: Written, now: Instant) {
        let mut written = self
            .written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = written.entry(caller).or_insert((position, now));
        if position.position >= entry.0.position {
            entry.0 = position;
        }
        entry.1 = now;
        if written.len() > Self::MOST {
            // Rare: a sweep of the forgettable first, then of the oldest half.
            written.retain(|_, (_, at)| now.duration_since(*at) < Self::KEPT_FOR);
            if written.len() > Self::MOST {
                let mut times: Vec<Instant> = written.values().map(|(_, at)| *at).collect();
                let middle = times.len() / 2;
                let (_, cut, _) = times.select_nth_unstable(middle);
                let cut = *cut;
                written.retain(|_, (_, at)| *at > cut);
            }
        }
    }

    /// The latest write of `caller`, if they wrote lately.
    pub fn of(&self, caller: CallerKey) -> Option<Written> {
        self.of_at(caller, Instant::now())
    }

    fn of_at(&self, caller: CallerKey, now: Instant) -> Option<Written> {
        let written = self
            .written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        written
            .get(&caller)
            .filter(|(_, at)| now.duration_since(*at) < Self::KEPT_FOR)
            .map(|(written, _)| *written)
    }
}

#[cfg(test)]
mod tests {
    use super::{LatestWrites, Written};
    use std::time::Instant;

    fn at(position: i64) -> Written {
        Written {
            position,
            tx_id: None,
        }
    }

    #[test]
    fn a_caller_reads_after_their_latest_write_and_no_one_elses() {
        let latest = LatestWrites::default();
        let (ana, ben) = (latest.caller(b"Bearer ana"), latest.caller(b"Bearer ben"));
        latest.record(ana, at(9));
        latest.record(ana, at(4));
        assert_eq!(latest.of(ana), Some(at(9)));
        assert_eq!(latest.of(ben), None);
    }

    #[test]
    fn a_caller_that_has_not_written_for_long_is_forgotten() {
        let latest = LatestWrites::default();
        let ana = latest.caller(b"Bearer ana");
        let then = Instant::now();
        latest.record_at(ana, at(9), then);
        assert_eq!(
            latest.of_at(ana, then + LatestWrites::KEPT_FOR / 2),
            Some(at(9))
        );
        assert_eq!(latest.of_at(ana, then + LatestWrites::KEPT_FOR), None);
    }

    #[test]
    fn the_memory_stays_bounded_keeping_the_latest_writers() {
        let latest = LatestWrites::default();
        let start = Instant::now();
        let mut last = latest.caller(b"0");
        for n in 0..=LatestWrites::MOST as u32 {
            last = latest.caller(&n.to_be_bytes());
            latest.record_at(
                last,
                at(1),
                start + std::time::Duration::from_micros(n.into()),
            );
        }
        let kept = latest.written.lock().expect("unpoisoned").len();
        assert!(kept <= LatestWrites::MOST);
        assert_eq!(latest.of_at(last, start), Some(at(1)));
    }
}
