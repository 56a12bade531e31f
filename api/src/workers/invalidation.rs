//! Hearing of changes, made by any process, to what this instance keeps in memory.
//!
//! Two things are kept that another process may change: the tokens recently authenticated
//! ([`TokenCache`]) and the personal-data keys with the aggregate states opened with them
//! (the key caches and aggregate caches of [`CommandBus`](crate::commands::CommandBus)). Each
//! change announces itself when it commits, by a statement trigger (migrations 15 and 16):
//! on [`TOKENS`] for a token revoked or renamed, on [`KEYS`] for a key destroyed by an
//! erasure. One listener connection hears both, and the events appended by other
//! processes that wake this instance's projectors (see [`charter_store::listener`]).
//!
//! - The token cache serves only while the listener is connected and hears its own
//!   heartbeat, sent every 10 s (see [`crate::auth::cache`]). A connection that dies
//!   without a word is found out by the heartbeat: a change made elsewhere can go unheard
//!   for up to 20 s that way, and at worst for the 60 s a cached token lives (when the
//!   notification cannot be heard at all: a trigger disabled, a pooler in between).
//! - The key and state caches are emptied when an erasure is heard, and each time the
//!   listener connects (what was sent while it was away is lost); while it is away their
//!   entries still expire, as before there was a listener (keys after a minute).
//! - The keys reads opened ([`ReadKeys`]) are kept only while the listener is connected,
//!   and emptied when an erasure is heard: a page never shows an erased value for longer
//!   than the announcement takes to arrive.

use crate::auth::TokenCache;
use charter_store::listener::{self, Heed, WakeProjectors};
use charter_store::opening::ReadKeys;
use sqlx::PgPool;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// The channel changes to `api_tokens` are announced on.
pub const TOKENS: &str = crate::auth::cache::CHANNEL;

/// The channel a destroyed personal-data key is announced on.
pub const KEYS: &str = "charter_keys";

/// What the listener empties, and the projectors it wakes.
pub struct Caches {
    pub tokens: Arc<TokenCache>,
    /// Forgets every cached key and every aggregate state opened with one.
    pub forget_keys: Box<dyn Fn() + Send + Sync>,
    /// The keys reads of this database opened.
    pub read_keys: Arc<ReadKeys>,
    /// Woken when events are appended by another process.
    pub projectors: WakeProjectors,
}

impl std::fmt::Debug for Caches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Caches").finish_non_exhaustive()
    }
}

impl Heed for Caches {
    fn channels(&self) -> Vec<&'static str> {
        let mut channels = self.projectors.channels();
        channels.extend([TOKENS, KEYS]);
        channels
    }

    fn heard(&self, channel: &str) {
        match channel {
            TOKENS => self.tokens.invalidate(),
            KEYS => {
                self.read_keys.forget();
                (self.forget_keys)();
            }
            other => self.projectors.heard(other),
        }
    }

    fn connected(&self, connected: bool) {
        // Whatever changed while no one listened was not heard: start afresh.
        self.read_keys.listening(connected);
        self.tokens.serve(connected);
        if connected {
            (self.forget_keys)();
        }
        self.projectors.connected(connected);
    }
}

/// Listens on [`TOKENS`], [`KEYS`] and the projectors' channel until `shutdown`, emptying
/// `caches` and waking the projectors as changes are heard (see
/// [`charter_store::listener`] for the heartbeat and the reconnection).
pub async fn listen(pool: PgPool, caches: Caches, shutdown: CancellationToken) {
    listener::listen(pool, caches, shutdown).await;
}
