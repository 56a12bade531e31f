//! The tokens this instance has recently authenticated, so that a request costs no
//! database round trip to check its token.
//!
//! A token's row changes only when it is revoked or its holder erased. Every change to
//! `api_tokens` sends a notification on [`CHANNEL`] when it commits (a statement trigger,
//! see migration 15), and the listener of [`crate::workers::invalidation`] empties the cache when one
//! arrives. The cache serves
//! only while that listener is connected: before it has started, after its connection is
//! lost, and in processes that run no listener (the command line), every request asks the
//! database, as before.
//!
//! So a revocation made through this instance (the secretariat's `POST
//! /api/v1/tokens/{id}/revoke`, an erasure) takes effect from the next request, as the
//! handler empties the cache itself; one made elsewhere (`charter token revoke`, another
//! instance) takes effect here once its notification arrives, normally within a
//! millisecond or two of its commit, and at worst when the entry expires, after a minute
//! (a connection that died without a word is found out by the listener's heartbeat within
//! 20 s; a notification that cannot arrive at all, say behind a pooler, is never heard). Expiry is judged against the database's clock, as the
//! look-up judges it: an entry lives no longer than the time the token had left.
//!
//! A look-up that started before an invalidation never stores its answer after it: each
//! invalidation moves a generation on, and an answer is stored only under the generation
//! it was asked in.

use super::Principal;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The channel changes to `api_tokens` are announced on.
pub const CHANNEL: &str = "charter_tokens";

/// How long an entry is kept at most, however long its token still has: a bound on memory
/// for tokens no longer used, and on how late a revocation made elsewhere is seen when its
/// notification cannot be (normally the notification is heard within milliseconds).
const TIME_TO_LIVE: Duration = Duration::from_secs(60);

/// At most this many tokens are kept; past it, expired entries are dropped, and if none
/// are, new ones are not kept until some expire. The entries are looked through for expired
/// ones only once the earliest of them has expired, so a cache full of live tokens costs a
/// miss no more than an empty one.
const CAPACITY: usize = 10_000;

/// A token's stored hash.
pub type TokenHash = [u8; 32];

#[derive(Debug)]
struct Entry {
    principal: Principal,
    until: Instant,
}

#[derive(Debug, Default)]
struct Inner {
    /// Whether a listener is connected and listening: the cache serves only then.
    live: bool,
    /// Moves on at every invalidation.
    generation: u64,
    entries: HashMap<TokenHash, Entry>,
    /// No entry expires before this (`None`: the cache is empty): until then, a full
    /// cache has nothing to drop.
    soonest: Option<Instant>,
    /// How many times the entries were looked through for expired ones.
    #[cfg(test)]
    sweeps: u64,
}

impl Inner {
    fn clear(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        self.entries.clear();
        self.soonest = None;
    }

    /// Drops the entries expired at `now`, if any can be.
    fn drop_expired(&mut self, now: Instant) {
        if self.soonest.is_some_and(|soonest| soonest <= now) {
            #[cfg(test)]
            {
                self.sweeps += 1;
            }
            self.entries.retain(|_, entry| entry.until > now);
            self.soonest = self.entries.values().map(|entry| entry.until).min();
        }
    }
}

/// See the module documentation.
#[derive(Debug, Default)]
pub struct TokenCache {
    inner: Mutex<Inner>,
}

/// What the cache knows of a token.
#[derive(Debug)]
pub enum Cached {
    /// Authenticated recently, and nothing has changed since.
    Hit(Principal),
    /// Ask the database; pass `generation` back to [`TokenCache::keep_at`] with the answer.
    Miss { generation: u64 },
}

impl TokenCache {
    fn inner(&self) -> MutexGuard<'_, Inner> {
        // An entry is only ever inserted or removed whole: a panic elsewhere leaves a
        // usable map.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The principal of the token hashed `hash`, if the cache may answer.
    pub fn get(&self, hash: &TokenHash) -> Cached {
        self.get_at(hash, Instant::now())
    }

    fn get_at(&self, hash: &TokenHash, now: Instant) -> Cached {
        let mut inner = self.inner();
        if inner.live {
            match inner.entries.get(hash) {
                Some(entry) if entry.until > now => return Cached::Hit(entry.principal.clone()),
                Some(_) => {
                    inner.entries.remove(hash);
                }
                None => {}
            }
        }
        Cached::Miss {
            generation: inner.generation,
        }
    }

    /// Keeps the database's answer for a valid token, asked at `asked` under `generation`,
    /// with `expires_in` the time it had left then (`None`: it does not expire). Nothing is
    /// kept if the cache was invalidated meanwhile, or is not serving.
    pub fn keep_at(
        &self,
        hash: TokenHash,
        principal: Principal,
        expires_in: Option<Duration>,
        generation: u64,
        asked: Instant,
    ) {
        let mut inner = self.inner();
        if !inner.live || inner.generation != generation {
            return;
        }
        if inner.entries.len() >= CAPACITY {
            inner.drop_expired(asked);
            if inner.entries.len() >= CAPACITY {
                return;
            }
        }
        let lives = expires_in.map_or(TIME_TO_LIVE, |left| left.min(TIME_TO_LIVE));
        let until = asked + lives;
        inner.entries.insert(hash, Entry { principal, until });
        inner.soonest = Some(inner.soonest.map_or(until, |soonest| soonest.min(until)));
    }

    /// Forgets every token: something about tokens changed.
    pub fn invalidate(&self) {
        self.inner().clear();
    }

    /// Starts serving (a listener is now connected) or stops (it is not). Either way
    /// forgets everything: changes made while no one listened were not heard.
    pub(crate) fn serve(&self, live: bool) {
        let mut inner = self.inner();
        inner.live = live;
        inner.clear();
    }

    /// Whether the token hashed `hash` is kept and would be served now.
    pub fn holds(&self, hash: &TokenHash) -> bool {
        let inner = self.inner();
        inner.live
            && inner
                .entries
                .get(hash)
                .is_some_and(|entry| entry.until > Instant::now())
    }

    /// How many times the cache has been invalidated, or started or stopped serving.
    pub fn generation(&self) -> u64 {
        self.inner().generation
    }

    /// Whether the cache is serving.
    pub fn is_live(&self) -> bool {
        self.inner().live
    }

    /// How many tokens are kept.
    pub fn len(&self) -> usize {
        self.inner().entries.len()
    }

    /// Whether no token is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use charter_domain::{PersonId, Role};
    use uuid::Uuid;

    fn principal(name: &str) -> Principal {
        Principal {
            token_id: Some(Uuid::new_v4()),
            person: PersonId(Uuid::new_v4()),
            name: name.to_owned(),
            role: Role::Panelist,
            application: None,
        }
    }

    fn generation(cached: Cached) -> u64 {
        match cached {
            Cached::Miss { generation } => generation,
            Cached::Hit(principal) => panic!("unexpected hit for {}", principal.name),
        }
    }

    fn hit(cached: Cached) -> Option<String> {
        match cached {
            Cached::Hit(principal) => Some(principal.name),
            Cached::Miss { .. } => None,
        }
    }

    #[test]
    fn nothing_is_served_or_kept_until_a_listener_is_connected() {
        let cache = TokenCache::default();
        let asked = generation(cache.get(&[1; 32]));
        cache.keep_at([1; 32], principal("Paula"), None, asked, Instant::now());
        assert!(cache.is_empty());
        assert!(hit(cache.get(&[1; 32])).is_none());

        cache.serve(true);
        let asked = generation(cache.get(&[1; 32]));
        cache.keep_at([1; 32], principal("Paula"), None, asked, Instant::now());
        assert_eq!(hit(cache.get(&[1; 32])).as_deref(), Some("Paula"));
        assert!(hit(cache.get(&[2; 32])).is_none());

        // The listener lost its connection: forget, and ask the database again.
        cache.serve(false);
        assert!(cache.is_empty());
        assert!(hit(cache.get(&[1; 32])).is_none());
    }

    #[test]
    fn an_answer_asked_for_before_an_invalidation_is_not_kept() {
        let cache = TokenCache::default();
        cache.serve(true);
        let asked = generation(cache.get(&[1; 32]));
        // The token is revoked while its look-up is on the way.
        cache.invalidate();
        cache.keep_at([1; 32], principal("Paula"), None, asked, Instant::now());
        assert!(hit(cache.get(&[1; 32])).is_none());

        let again = generation(cache.get(&[1; 32]));
        assert_ne!(again, asked);
        cache.keep_at([1; 32], principal("Paula"), None, again, Instant::now());
        assert!(hit(cache.get(&[1; 32])).is_some());
        cache.invalidate();
        assert!(hit(cache.get(&[1; 32])).is_none());
    }

    #[test]
    fn an_entry_lives_no_longer_than_its_token_nor_the_time_to_live() {
        let cache = TokenCache::default();
        cache.serve(true);
        let start = Instant::now();
        let asked = generation(cache.get_at(&[1; 32], start));
        cache.keep_at(
            [1; 32],
            principal("Short"),
            Some(Duration::from_secs(5)),
            asked,
            start,
        );
        cache.keep_at([2; 32], principal("Long"), None, asked, start);
        let at = |secs| start + Duration::from_secs(secs);
        assert!(hit(cache.get_at(&[1; 32], at(4))).is_some());
        assert!(hit(cache.get_at(&[1; 32], at(5))).is_none());
        assert!(hit(cache.get_at(&[2; 32], at(59))).is_some());
        assert!(hit(cache.get_at(&[2; 32], start + TIME_TO_LIVE)).is_none());
        assert!(cache.is_empty(), "expired entries are dropped when met");
    }

    #[test]
    fn a_full_cache_makes_room_from_expired_entries_only() {
        let cache = TokenCache::default();
        cache.serve(true);
        let start = Instant::now();
        let asked = generation(cache.get_at(&[0; 32], start));
        let key = |n: usize| {
            let mut hash = [0u8; 32];
            hash[..8].copy_from_slice(&n.to_le_bytes());
            hash
        };
        for n in 0..CAPACITY {
            // Half of them expire after a second.
            let left = (n % 2 == 0).then_some(Duration::from_secs(1));
            cache.keep_at(key(n), principal("Many"), left, asked, start);
        }
        assert_eq!(cache.len(), CAPACITY);
        let later = start + Duration::from_secs(2);
        cache.keep_at(key(CAPACITY), principal("New"), None, asked, later);
        assert_eq!(cache.len(), CAPACITY / 2 + 1);
        assert!(hit(cache.get_at(&key(CAPACITY), later)).is_some());
        assert!(hit(cache.get_at(&key(1), later)).is_some());

        // Full of live entries: the new one is not kept, none is pushed out, and the
        // entries are not looked through again until the earliest of them expires.
        let sweeps = cache.inner().sweeps;
        for n in CAPACITY + 1..2 * CAPACITY {
            cache.keep_at(key(n), principal("More"), None, asked, later);
        }
        assert_eq!(cache.len(), CAPACITY);
        assert!(hit(cache.get_at(&key(1), later)).is_some());
        assert_eq!(cache.inner().sweeps, sweeps);

        // The entries kept first expire, those kept two seconds later do not yet: the next
        // miss makes room from the expired ones alone.
        let much_later = start + TIME_TO_LIVE + Duration::from_secs(1);
        cache.keep_at(
            key(2 * CAPACITY),
            principal("Last"),
            None,
            asked,
            much_later,
        );
        assert_eq!(cache.inner().sweeps, sweeps + 1);
        assert_eq!(cache.len(), CAPACITY / 2 + 1);
        assert!(hit(cache.get_at(&key(2 * CAPACITY), much_later)).is_some());
        assert!(hit(cache.get_at(&key(CAPACITY), much_later)).is_some());
        assert!(hit(cache.get_at(&key(CAPACITY + 1), much_later)).is_some());
        assert!(hit(cache.get_at(&key(1), much_later)).is_none());
    }
}
