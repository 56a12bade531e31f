//! Hearing of changes, made by any process, to what this instance keeps in memory.
//!
//! Two things are kept that another process may change: the tokens recently authenticated
//! ([`TokenCache`]) and the personal-data keys with the aggregate states opened with them
//! (the key caches and aggregate caches of [`Commands`](crate::commands::Commands)). Each
//! change announces itself when it commits, by a statement trigger (migrations 15 and 16):
//! on [`TOKENS`] for a token revoked or renamed, on [`KEYS`] for a key destroyed by an
//! erasure. One listener connection hears both.
//!
//! - The token cache serves only while the listener is connected and hears its own
//!   heartbeat, sent every 10 s (see [`crate::auth::cache`]). A connection that dies
//!   without a word is found out by the heartbeat: a change made elsewhere can go unheard
//!   for up to 20 s that way, and at worst for the 60 s a cached token lives (when the
//!   notification cannot be heard at all: a trigger disabled, a pooler in between).
//! - The key and state caches are emptied when an erasure is heard, and each time the
//!   listener connects (what was sent while it was away is lost); while it is away their
//!   entries still expire, as before there was a listener (keys after a minute).

use crate::auth::TokenCache;
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The channel changes to `api_tokens` are announced on.
pub const TOKENS: &str = crate::auth::cache::CHANNEL;

/// The channel a destroyed personal-data key is announced on.
pub const KEYS: &str = "charter_keys";

/// What the listener empties.
pub struct Caches {
    pub tokens: Arc<TokenCache>,
    /// Forgets every cached key and every aggregate state opened with one.
    pub forget_keys: Box<dyn Fn() + Send + Sync>,
}

impl std::fmt::Debug for Caches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Caches").finish_non_exhaustive()
    }
}

/// How often the listener proves it still hears: it sends itself a notification through
/// another connection, and counts itself deaf if that has not come back by the next
/// time. A connection can die without a word (a half-open TCP connection after a network
/// failure, an idle timeout in between); until then, the token cache would serve with no
/// one listening.
const HEARTBEAT: Duration = Duration::from_secs(10);

/// The channel of the listener's own heartbeat.
const PING: &str = "charter_listener_ping";

/// Listens on [`TOKENS`] and [`KEYS`] until `shutdown`, emptying `caches` as changes are
/// heard. A lost connection (or one that no longer hears its own heartbeat) is
/// re-established, after a second's pause when it cannot be.
pub async fn listen(pool: PgPool, caches: Caches, shutdown: CancellationToken) {
    // However this task ends (a panic included), the token cache stops serving.
    let _deaf = Deaf(caches.tokens.clone());
    let me = uuid::Uuid::new_v4().to_string();
    while !shutdown.is_cancelled() {
        match connect(&pool).await {
            Ok(mut listener) => {
                caches.tokens.serve(true);
                (caches.forget_keys)();
                let mut heartbeat = tokio::time::interval(HEARTBEAT);
                heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                heartbeat.tick().await;
                let mut unanswered = false;
                loop {
                    tokio::select! {
                        received = listener.try_recv() => match received {
                            Ok(Some(heard)) if heard.channel() == PING => {
                                if heard.payload() == me {
                                    unanswered = false;
                                }
                            }
                            Ok(Some(heard)) if heard.channel() == KEYS => (caches.forget_keys)(),
                            Ok(Some(_)) => caches.tokens.invalidate(),
                            // The connection dropped: what was sent meanwhile is lost.
                            Ok(None) => break,
                            Err(error) => {
                                tracing::warn!(%error, "change listener failed; tokens are checked in the database until it reconnects");
                                break;
                            }
                        },
                        _ = heartbeat.tick() => {
                            if unanswered {
                                tracing::warn!("change listener no longer hears its own heartbeat; reconnecting");
                                break;
                            }
                            let sent = sqlx::query("SELECT pg_notify($1, $2)")
                                .bind(PING)
                                .bind(&me)
                                .execute(&pool)
                                .await;
                            if let Err(error) = sent {
                                tracing::warn!(%error, "cannot send the change listener's heartbeat; reconnecting");
                                break;
                            }
                            unanswered = true;
                        }
                        _ = shutdown.cancelled() => break,
                    }
                }
                caches.tokens.serve(false);
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for changes to tokens and keys; tokens are checked in the database meanwhile");
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                    _ = shutdown.cancelled() => {}
                }
            }
        }
    }
}

/// Stops the token cache serving when dropped.
struct Deaf(Arc<TokenCache>);

impl Drop for Deaf {
    fn drop(&mut self) {
        self.0.serve(false);
    }
}

async fn connect(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    // A lost connection is reported at once, not after a new one is made: notifications
    // sent in between would be lost while the cache still served.
    listener.eager_reconnect(false);
    listener.listen_all([TOKENS, KEYS, PING]).await?;
    Ok(listener)
}
