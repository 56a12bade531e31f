//! The subjects' keys the write side used lately, kept for a minute.

use crate::personal_data::KeyRing;
use charter_domain::personal::Key;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a key stays in a process's cache. An erasure by another instance is heard at
/// once, by notification (the server's cache invalidation); only while this instance's
/// listener is not connected does it reach the write side this late. Until then the write
/// side may still open the erased person's values into the state it decides on, and seal
/// new ones under the destroyed key, which no one can open. The projector and the audit
/// log always ask the database; reads at the edge keep keys only while erasures are heard
/// ([`crate::opening::ReadKeys`]).
const KEY_TTL: Duration = Duration::from_secs(60);

/// The subjects' keys the write side used lately.
#[derive(Default)]
pub struct KeyCache {
    keys: Mutex<Keys>,
}

#[derive(Default)]
struct Keys {
    /// Moves on at every [`KeyCache::clear`]: keys read before one are not kept after it.
    generation: u64,
    held: HashMap<Uuid, (Key, Instant)>,
}

impl std::fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyCache").finish_non_exhaustive()
    }
}

impl KeyCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Keys> {
        self.keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The cached keys of `subjects`, the subjects not cached, and the generation to pass
    /// to [`KeyCache::remember`] with the keys read for those.
    pub(crate) fn split(&self, subjects: &[Uuid]) -> (Vec<(Uuid, Key)>, Vec<Uuid>, u64) {
        let now = Instant::now();
        let mut keys = self.lock();
        let mut known = Vec::new();
        let mut missing = Vec::new();
        for subject in subjects {
            match keys.held.get(subject) {
                Some((key, at)) if now.duration_since(*at) < KEY_TTL => {
                    known.push((*subject, *key))
                }
                Some(_) => {
                    keys.held.remove(subject);
                    missing.push(*subject);
                }
                None => missing.push(*subject),
            }
        }
        (known, missing, keys.generation)
    }

    /// Keeps the keys of `ring`, read under `generation`; none if the cache was cleared
    /// since (an erasure may have destroyed one of them after it was read).
    pub(crate) fn remember(&self, ring: &KeyRing, generation: u64) {
        let now = Instant::now();
        let mut keys = self.lock();
        if keys.generation != generation {
            return;
        }
        if keys.held.len() > 100_000 {
            keys.held.clear();
        }
        keys.held
            .extend(ring.keys().map(|(id, key)| (id, (key, now))));
    }

    /// Forgets every key (after an erasure).
    pub fn clear(&self) {
        let mut keys = self.lock();
        keys.generation = keys.generation.wrapping_add(1);
        keys.held.clear();
    }

    /// Whether `subject`'s key is kept.
    pub fn holds(&self, subject: Uuid) -> bool {
        self.lock().held.contains_key(&subject)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_before_a_clear_are_not_kept_after_it() {
        let cache = KeyCache::default();
        let subject = Uuid::new_v4();
        let ring = KeyRing::from_keys([(subject, [7u8; charter_domain::personal::KEY_LEN])]);

        let (_, missing, generation) = cache.split(&[subject]);
        assert_eq!(missing, vec![subject]);
        // An erasure is heard while the key is being read.
        cache.clear();
        cache.remember(&ring, generation);
        assert!(!cache.holds(subject));

        let (_, _, generation) = cache.split(&[subject]);
        cache.remember(&ring, generation);
        assert!(cache.holds(subject));
        let (known, missing, _) = cache.split(&[subject]);
        assert_eq!((known.len(), missing.len()), (1, 0));
    }
}
