//! Hearing of changes, made by any process, to what this instance keeps in memory.
//!
//! Two things are kept that another process may change: the tokens recently authenticated
//! ([`TokenCache`]) and the personal-data keys with the aggregate states opened with them
//! (the key caches and aggregate caches of [`Commands`](crate::commands::Commands)). Each
//! change announces itself when it commits, by a statement trigger (migrations 15 and 16):
//! on [`TOKENS`] for a token revoked or renamed, on [`KEYS`] for a key destroyed by an
//! erasure. One listener connection hears both.
//!
//! - The token cache serves only while the listener is connected (see
//!   [`crate::auth::cache`]).
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

/// Listens on [`TOKENS`] and [`KEYS`] until `shutdown`, emptying `caches` as changes are
/// heard. A lost connection is re-established, after a second's pause when it cannot be.
pub async fn listen(pool: PgPool, caches: Caches, shutdown: CancellationToken) {
    while !shutdown.is_cancelled() {
        match connect(&pool).await {
            Ok(mut listener) => {
                caches.tokens.serve(true);
                (caches.forget_keys)();
                loop {
                    tokio::select! {
                        received = listener.try_recv() => match received {
                            Ok(Some(notification)) if notification.channel() == KEYS => {
                                (caches.forget_keys)();
                            }
                            Ok(Some(_)) => caches.tokens.invalidate(),
                            // The connection dropped: what was sent meanwhile is lost.
                            Ok(None) => break,
                            Err(error) => {
                                tracing::warn!(%error, "change listener failed; tokens are checked in the database until it reconnects");
                                break;
                            }
                        },
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

async fn connect(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen_all([TOKENS, KEYS]).await?;
    Ok(listener)
}
