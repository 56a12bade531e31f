//! The delivery worker: sends what the outbox holds as soon as it is there, and retries on
//! time. Any number of server instances run one each; the outbox's claims keep them from
//! sending a message twice.

use crate::outbox::deliver::{anything_due, deliver_due, Delivery};
use crate::outbox::digest;
use crate::outbox::retention::{forget_old, KEEP_DEAD, KEEP_SENT};
use sqlx::PgPool;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// Messages one sender tries before it looks whether it was called in again.
const BATCH: usize = 20;

/// Senders at once, each with a connection of the mail server's pool (see
/// `Mailer::smtp`). lettre 0.11.23 leaves Nagle's algorithm on, which holds each message's
/// closing dot for the mail server's delayed ACK: about 44 ms a message on one connection
/// (lettre/lettre#1159 fixes it upstream, unreleased). Eight at once send about eight times
/// as many (`BENCHMARKS.md`, metric 8), well within what a mail server allows one client.
pub const SENDERS: u32 = crate::mail::CONNECTIONS;

/// How often old messages' words are forgotten.
const RETENTION_EVERY: Duration = Duration::from_secs(3600);

/// Runs [`SENDERS`] senders, and one task that calls them in, until `shutdown`. That task
/// is woken by every projector commit (and so perhaps the notifier put messages in the
/// outbox) and at least every `poll` (for retries that come due, and messages put there by
/// another instance); it writes the digests due, forgets old messages' words, and looks
/// whether anything is due, in one probe. Only then are the senders called in: eight empty
/// claims after every commit of every projector were background work enough to slow a
/// lone client's commands by a tenth (`BENCHMARKS.md`, issue 26). A sender also looks on
/// its own every `poll`, and goes on at once after a full batch.
pub async fn run(
    pool: PgPool,
    delivery: Delivery,
    wake: watch::Receiver<u64>,
    poll: Duration,
    shutdown: CancellationToken,
) {
    let (call, called) = watch::channel(0u64);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..SENDERS {
        tasks.spawn(send(
            pool.clone(),
            delivery.clone(),
            called.clone(),
            poll,
            shutdown.clone(),
        ));
    }
    tasks.spawn(call_in(pool, delivery, wake, call, poll, shutdown));
    while tasks.join_next().await.is_some() {}
}

/// Calls the senders in when anything is due (see [`run`]).
async fn call_in(
    pool: PgPool,
    delivery: Delivery,
    mut wake: watch::Receiver<u64>,
    call: watch::Sender<u64>,
    poll: Duration,
    shutdown: CancellationToken,
) {
    let mut last_retention: Option<Instant> = None;
    loop {
        if shutdown.is_cancelled() {
            return;
        }
        housekeeping(&pool, &delivery, &mut last_retention).await;
        let pause = match anything_due(&pool).await {
            Ok(due) => {
                if due {
                    call.send_modify(|calls| *calls = calls.wrapping_add(1));
                }
                poll
            }
            Err(error) => {
                tracing::warn!(%error, "the outbox could not be read; trying again");
                poll.max(Duration::from_secs(1))
            }
        };
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = wake.changed() => {}
            _ = tokio::time::sleep(pause) => {}
        }
    }
}

/// One sender: sends when called in, and at least every `poll`.
async fn send(
    pool: PgPool,
    delivery: Delivery,
    mut called: watch::Receiver<u64>,
    poll: Duration,
    shutdown: CancellationToken,
) {
    loop {
        if shutdown.is_cancelled() {
            return;
        }
        let pause = match deliver_due(&pool, &delivery, BATCH).await {
            // A full batch: there may be more at once.
            Ok(tried) if tried == BATCH => continue,
            Ok(_) => poll,
            Err(error) => {
                tracing::warn!(%error, "the outbox could not be read; trying again");
                poll.max(Duration::from_secs(1))
            }
        };
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = called.changed() => {}
            _ = tokio::time::sleep(pause) => {}
        }
    }
}

/// Writes the digests due, and (hourly) forgets old messages' words.
async fn housekeeping(pool: &PgPool, delivery: &Delivery, last_retention: &mut Option<Instant>) {
    if last_retention.is_none_or(|at| at.elapsed() >= RETENTION_EVERY) {
        *last_retention = Some(Instant::now());
        match crate::notifier::upgrade::seal_kept_in_clear(pool).await {
            Ok(0) => {}
            Ok(sealed) => tracing::info!(sealed, "people kept in the clear by the notifier sealed"),
            Err(error) => tracing::warn!(%error, "the notifier's people could not be sealed"),
        }
        match forget_old(pool, KEEP_SENT, KEEP_DEAD).await {
            Ok(0) => {}
            Ok(forgotten) => tracing::info!(forgotten, "old messages' words forgotten"),
            Err(error) => tracing::warn!(%error, "old messages could not be forgotten"),
        }
    }
    if let Err(error) = digest::write_due(pool, &delivery.writing, delivery.digest_after).await {
        tracing::warn!(%error, "the daily digests could not be written; trying again");
    }
}
