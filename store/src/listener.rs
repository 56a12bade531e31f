//! One connection that hears what other processes announce: appended events (see
//! [`crate::Announcer`]) and, for the server, changes to what it keeps in memory.
//!
//! Each instance holds one such connection for every channel it listens on, however many
//! there are: a `LISTEN` connection is a server process of PostgreSQL's and a connection
//! out of the pool, for as long as the instance runs.
//!
//! A connection can die without a word (a half-open TCP connection after a network failure,
//! an idle timeout in between). So the listener proves it still hears: every
//! [`HEARTBEAT`] it sends itself a notification through another connection (of the pool,
//! apart from the listening, which goes on meanwhile), and counts itself deaf if that was
//! sent and has not come back by the next time. It then tells its [`Heed`]
//! it is no longer connected, and connects again.

use crate::announcer::EVENTS_CHANNEL;
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// How often the listener proves it still hears.
pub const HEARTBEAT: Duration = Duration::from_secs(10);

/// The channel of the listener's own heartbeat.
const PING: &str = "charter_listener_ping";

/// What a listener does with what it hears.
pub trait Heed: Send + Sync {
    /// The channels to listen on.
    fn channels(&self) -> Vec<&'static str>;

    /// A notification arrived on `channel`.
    fn heard(&self, channel: &str);

    /// The listener is now connected and listening (`true`), or no longer is (`false`).
    /// Whatever was announced while it was not is lost: on connecting, act as if every
    /// channel had been heard from.
    fn connected(&self, connected: bool);
}

/// Wakes the projectors of this process when events are appended elsewhere (another
/// instance, the command line), and once at every (re)connection for what was missed
/// meanwhile; their polling covers the time without a connection.
#[derive(Debug, Clone)]
pub struct WakeProjectors(pub watch::Sender<u64>);

impl WakeProjectors {
    fn wake(&self) {
        self.0.send_modify(|n| *n = n.wrapping_add(1));
    }
}

impl Heed for WakeProjectors {
    fn channels(&self) -> Vec<&'static str> {
        vec![EVENTS_CHANNEL]
    }

    fn heard(&self, channel: &str) {
        if channel == EVENTS_CHANNEL {
            self.wake();
        }
    }

    fn connected(&self, connected: bool) {
        if connected {
            self.wake();
        }
    }
}

/// Listens on `heed`'s channels until `shutdown`, telling it what is heard. A lost
/// connection (or one that no longer hears its own heartbeat) is re-established, after a
/// second's pause when it cannot be. However this ends (a panic included), `heed` is told
/// it is no longer connected.
pub async fn listen(pool: PgPool, heed: impl Heed, shutdown: CancellationToken) {
    listen_every(pool, heed, shutdown, HEARTBEAT).await;
}

/// [`listen`], with a heartbeat every `heartbeat` (tests shorten it).
pub async fn listen_every(
    pool: PgPool,
    heed: impl Heed,
    shutdown: CancellationToken,
    heartbeat: Duration,
) {
    let heed = Deaf(heed);
    while !shutdown.is_cancelled() {
        match connect(&pool, &heed.0.channels()).await {
            Ok(mut listener) => {
                heed.0.connected(true);
                let mut beats = tokio::time::interval(heartbeat);
                beats.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                beats.tick().await;
                // The last heartbeat: its own payload, and whether it was sent.
                let mut beat: Option<(String, JoinHandle<bool>)> = None;
                let mut answered = true;
                loop {
                    tokio::select! {
                        received = listener.try_recv() => match received {
                            Ok(Some(heard)) if heard.channel() == PING => {
                                if beat.as_ref().is_some_and(|(own, _)| heard.payload() == own) {
                                    answered = true;
                                }
                            }
                            Ok(Some(heard)) => heed.0.heard(heard.channel()),
                            // The connection dropped: what was sent meanwhile is lost.
                            Ok(None) => break,
                            Err(error) => {
                                tracing::warn!(%error, "listener failed; reconnecting");
                                break;
                            }
                        },
                        _ = beats.tick() => {
                            // Only a heartbeat sent and not heard proves the connection
                            // deaf. One that could not be sent (the pool busy, the
                            // database slow) proves nothing about it: reconnecting would
                            // only lose what is announced meanwhile.
                            if let Some((_, sending)) = beat.take() {
                                let sent = if sending.is_finished() {
                                    sending.await.unwrap_or(false)
                                } else {
                                    sending.abort();
                                    false
                                };
                                if sent && !answered {
                                    tracing::warn!("listener no longer hears its own heartbeat; reconnecting");
                                    break;
                                }
                            }
                            let own = uuid::Uuid::new_v4().to_string();
                            // Sent apart, so that the loop goes on passing on what it
                            // hears meanwhile.
                            let sending = tokio::spawn(send_heartbeat(pool.clone(), own.clone(), heartbeat / 2));
                            beat = Some((own, sending));
                            answered = false;
                        }
                        _ = shutdown.cancelled() => break,
                    }
                }
                heed.0.connected(false);
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for announcements; trying again in a second");
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                    _ = shutdown.cancelled() => {}
                }
            }
        }
    }
}

/// Sends a heartbeat with `payload` through `pool`, giving up after `within`; whether it
/// was sent.
async fn send_heartbeat(pool: PgPool, payload: String, within: Duration) -> bool {
    let sent = sqlx::query("SELECT pg_notify($1, $2)")
        .bind(PING)
        .bind(&payload)
        .execute(&pool);
    match tokio::time::timeout(within, sent).await {
        Ok(Ok(_)) => true,
        Ok(Err(error)) => {
            tracing::warn!(%error, "cannot send the listener's heartbeat");
            false
        }
        Err(_) => {
            tracing::warn!("the listener's heartbeat could not be sent in time");
            false
        }
    }
}

/// Tells its [`Heed`] it is no longer connected when dropped.
struct Deaf<H: Heed>(H);

impl<H: Heed> Drop for Deaf<H> {
    fn drop(&mut self) {
        self.0.connected(false);
    }
}

async fn connect(pool: &PgPool, channels: &[&str]) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    // A lost connection is reported at once, not after a new one is made: notifications
    // sent in between would be lost without the heed knowing.
    listener.eager_reconnect(false);
    listener
        .listen_all(channels.iter().copied().chain([PING]))
        .await?;
    Ok(listener)
}
