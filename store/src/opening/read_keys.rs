//! The subjects' keys reads opened lately, kept while an erasure would be heard at once.
//!
//! A page that lists people opens every name on it, and each opening needs the subject's
//! key: unwrapping a thousand keys per request cost the people list 7 ms. The keys opened
//! are kept per database, for at most the write side's minute ([`KeyCache`]), and only
//! while that database's erasures are heard at once:
//!
//! - an erasure in this process empties every cache here as soon as the key is destroyed
//!   ([`crate::personal_data::destroy_key`] counts it in [`crate::erasures`], and every
//!   use of a cache first forgets all it kept if the count moved), before the erasure
//!   answers;
//! - an erasure by another process is announced on `charter_keys` when it commits; the
//!   server's listener empties the cache of its database when it hears it
//!   ([`ReadKeys::forget`]), and tells whether it is connected ([`ReadKeys::listening`]).
//!   While no listener is connected (a process without one, a lost connection) nothing is
//!   kept: every read asks the database, as before there was a cache.
//!
//! A key read before an erasure is never kept after it (the cache's generation), so a read
//! that raced an erasure can show the value once, as any read that began before it, but no
//! read that begins after the erasure has answered opens it.
//!
//! The values opened are kept the same way, by their sealed text: opening a thousand names
//! (one per person on the people list, to choose and order by) cost 3 ms even with the
//! keys at hand. They are forgotten with the keys, and after the same minute.

use crate::erasures;
use crate::personal_data::KeyRing;
use crate::sealing::KeyCache;
use sqlx::{PgConnection, PgPool};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long an opened value is kept: as long as a key ([`KeyCache`]).
const VALUE_TTL: Duration = Duration::from_secs(60);

/// At most this many opened values are kept; past it they are all forgotten.
const MOST_VALUES: usize = 100_000;

/// The read caches of this process, one per database (host, port, name).
static CACHES: LazyLock<Mutex<HashMap<String, Arc<ReadKeys>>>> = LazyLock::new(Default::default);

/// The keys reads of one database opened lately.
#[derive(Debug, Default)]
pub struct ReadKeys {
    keys: KeyCache,
    values: Mutex<Values>,
    /// Whether a listener hears this database's erasures now.
    heard: AtomicBool,
    /// The database, as [`erasures`] names it.
    database: String,
    /// The keys of it this process had destroyed when the cache last looked.
    seen: AtomicU64,
}

/// Values opened lately: the plain value of each sealed text.
#[derive(Default)]
struct Values {
    /// Moves on at every forgetting: values opened before one are not kept after it.
    generation: u64,
    held: HashMap<String, (String, Instant)>,
}

impl std::fmt::Debug for Values {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the values themselves.
        f.debug_struct("Values")
            .field("held", &self.held.len())
            .finish()
    }
}

impl ReadKeys {
    /// The read cache of the database `pool` connects to.
    pub fn of(pool: &PgPool) -> Arc<Self> {
        let database = erasures::database_of(pool);
        let mut caches = CACHES.lock().unwrap_or_else(|e| e.into_inner());
        caches
            .entry(database.clone())
            .or_insert_with(|| {
                Arc::new(Self {
                    seen: AtomicU64::new(erasures::destroyed(&database)),
                    database,
                    ..Self::default()
                })
            })
            .clone()
    }

    /// A listener of this database's erasures is now connected (`true`), or no longer is:
    /// the cache serves only while one is. Either way it starts empty, since what was
    /// announced while no one listened was not heard.
    pub fn listening(&self, connected: bool) {
        self.heard.store(connected, Ordering::SeqCst);
        self.forget();
    }

    /// Forgets every key and every value opened (an erasure was heard).
    pub fn forget(&self) {
        self.keys.clear();
        let mut values = self.values();
        values.generation = values.generation.wrapping_add(1);
        values.held.clear();
    }

    /// Forgets everything if this process destroyed a key since the last look.
    fn catch_up(&self) {
        let destroyed = erasures::destroyed(&self.database);
        if self.seen.swap(destroyed, Ordering::SeqCst) != destroyed {
            self.forget();
        }
    }

    fn values(&self) -> MutexGuard<'_, Values> {
        self.values.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Opens, in place, the values of `texts` opened lately; the others, and the generation
    /// to pass to [`ReadKeys::remember`] with them once opened.
    pub(super) fn open_known<'a>(&self, texts: Vec<&'a mut String>) -> (Vec<&'a mut String>, u64) {
        self.catch_up();
        let values = self.values();
        if !self.heard.load(Ordering::SeqCst) {
            return (texts, values.generation);
        }
        let now = Instant::now();
        let mut unknown = Vec::new();
        for text in texts {
            match values.held.get(text.as_str()) {
                Some((plain, at)) if now.duration_since(*at) < VALUE_TTL => text.clone_from(plain),
                _ => unknown.push(text),
            }
        }
        (unknown, values.generation)
    }

    /// Keeps the values just opened (sealed text, plain value), opened under `generation`;
    /// none if anything was forgotten since, or erasures are not heard now.
    pub(super) fn remember(&self, opened: Vec<(String, String)>, generation: u64) {
        self.catch_up();
        let mut values = self.values();
        if values.generation != generation || !self.heard.load(Ordering::SeqCst) {
            return;
        }
        if values.held.len() + opened.len() > MOST_VALUES {
            values.held.clear();
        }
        let now = Instant::now();
        values.held.extend(
            opened
                .into_iter()
                .map(|(sealed, plain)| (sealed, (plain, now))),
        );
    }

    /// Whether the value sealed as `sealed` is kept opened.
    pub fn holds_value(&self, sealed: &str) -> bool {
        self.catch_up();
        self.values().held.contains_key(sealed)
    }

    /// Whether `subject`'s key is kept.
    pub fn holds(&self, subject: Uuid) -> bool {
        self.catch_up();
        self.keys.holds(subject)
    }

    /// The keys of `subjects`: kept ones, and the rest read from the database (and kept, if
    /// erasures are heard now).
    pub(super) async fn ring(
        &self,
        conn: &mut PgConnection,
        subjects: &[Uuid],
    ) -> Result<KeyRing, sqlx::Error> {
        if !self.heard.load(Ordering::SeqCst) {
            return KeyRing::load(conn, subjects).await;
        }
        self.catch_up();
        let (known, missing, generation) = self.keys.split(subjects);
        let mut ring = KeyRing::from_keys(known);
        if !missing.is_empty() {
            let loaded = KeyRing::load(conn, &missing).await?;
            // The flag again: a listener lost meanwhile may have missed an erasure; and an
            // erasure here meanwhile moves the generation.
            self.catch_up();
            if self.heard.load(Ordering::SeqCst) {
                self.keys.remember(&loaded, generation);
            }
            ring.merge(loaded);
        }
        Ok(ring)
    }
}
