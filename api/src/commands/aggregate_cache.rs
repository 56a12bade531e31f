//! The aggregates this process has recently loaded or written, each at the sequence it
//! reflects, so that a command on a long stream reads and applies only the events written
//! since, instead of the whole history.
//!
//! A load asks the store for the events after the cached sequence (another instance may
//! have written them). A command is first decided on the cached state alone, without that
//! look; its append is checked against the store's sequence, and every outcome other than
//! an accepted append is decided again on the store's state (see `bus.rs`), so a stale
//! entry can cost a second decision but never a wrong one. cqrs-es 0.5's snapshot stores
//! are not used: they apply events twice when they snapshot.

use std::collections::HashMap;
use std::sync::Mutex;

/// A bounded map from aggregate id to (state, sequence).
#[derive(Debug)]
pub struct AggregateCache<A> {
    entries: Mutex<Entries<A>>,
    capacity: usize,
}

#[derive(Debug)]
struct Entries<A> {
    map: HashMap<String, Entry<A>>,
    tick: u64,
    /// Moves on at every [`AggregateCache::clear`].
    generation: u64,
}

#[derive(Debug)]
struct Entry<A> {
    aggregate: A,
    sequence: usize,
    used: u64,
}

impl<A: Clone> AggregateCache<A> {
    /// A cache of at most `capacity` aggregates (none when 0).
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: Mutex::new(Entries {
                map: HashMap::new(),
                tick: 0,
                generation: 0,
            }),
            capacity,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries<A>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A copy of the cached state of `id` and the sequence it reflects.
    pub fn get(&self, id: &str) -> Option<(A, usize)> {
        let mut entries = self.lock();
        entries.tick += 1;
        let tick = entries.tick;
        let entry = entries.map.get_mut(id)?;
        entry.used = tick;
        Some((entry.aggregate.clone(), entry.sequence))
    }

    /// The generation to pass to [`AggregateCache::put`] for a state built from now on.
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Remembers `aggregate` as the state of `id` at `sequence`, unless a later state is
    /// already known, or the cache was cleared since `generation` was taken, before the
    /// state was built (it may hold personal data opened before an erasure).
    pub fn put(&self, id: &str, aggregate: A, sequence: usize, generation: u64) {
        if self.capacity == 0 {
            return;
        }
        let mut entries = self.lock();
        if entries.generation != generation {
            return;
        }
        entries.tick += 1;
        let used = entries.tick;
        if entries.map.get(id).is_some_and(|e| e.sequence > sequence) {
            return;
        }
        entries.map.insert(
            id.to_owned(),
            Entry {
                aggregate,
                sequence,
                used,
            },
        );
        if entries.map.len() > self.capacity {
            // Forget the least recently used tenth at once, so that eviction is rare.
            let mut ages: Vec<u64> = entries.map.values().map(|e| e.used).collect();
            ages.sort_unstable();
            let cutoff = ages[ages.len() / 10];
            entries.map.retain(|_, e| e.used > cutoff);
        }
    }

    /// Forgets everything, as after an erasure: cached states may hold opened personal data.
    pub fn clear(&self) {
        let mut entries = self.lock();
        entries.generation = entries.generation.wrapping_add(1);
        entries.map.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_state_never_replaces_a_newer_one() {
        let cache = AggregateCache::new(10);
        cache.put("a", "at 5", 5, 0);
        cache.put("a", "at 3", 3, 0);
        assert_eq!(cache.get("a"), Some(("at 5", 5)));
        cache.put("a", "at 6", 6, 0);
        assert_eq!(cache.get("a"), Some(("at 6", 6)));
    }

    #[test]
    fn the_least_recently_used_are_forgotten_past_the_capacity() {
        let cache = AggregateCache::new(10);
        for i in 0..10 {
            cache.put(&i.to_string(), i, 1, 0);
        }
        assert!(cache.get("0").is_some(), "used again, so kept");
        cache.put("10", 10, 1, 0);
        assert!(cache.get("0").is_some());
        assert!(cache.get("1").is_none(), "the least recently used");
        assert!(cache.get("10").is_some());
    }

    #[test]
    fn a_state_built_before_a_clear_is_not_kept_after_it() {
        let cache = AggregateCache::new(10);
        let before = cache.generation();
        cache.put("a", "opened", 1, before);
        // An erasure is heard while a command builds a state with the person's data.
        cache.clear();
        cache.put("a", "opened", 2, before);
        assert_eq!(cache.get("a"), None);
        cache.put("a", "read again", 2, cache.generation());
        assert_eq!(cache.get("a"), Some(("read again", 2)));
    }

    #[test]
    fn a_cache_of_no_capacity_keeps_nothing() {
        let cache = AggregateCache::new(0);
        cache.put("a", 1, 1, 0);
        assert_eq!(cache.get("a"), None);
    }
}
