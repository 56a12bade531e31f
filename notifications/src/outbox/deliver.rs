//! Sending what the outbox holds: each message claimed by one worker for a lease (so that
//! two server instances never send it both), sent with the Message-ID it keeps on every
//! try, and the attempt recorded. A failure that can pass is retried with a growing wait;
//! after [`Retry::attempts`] tries, or a refusal that cannot pass, the message is dead and
//! the secretariat is told. Each message goes by its channel: e-mail through the
//! [`Mailer`], a webhook through [`crate::webhooks::send`].

use super::enqueue::{enqueue, Content, Writing};
use crate::links;
use crate::mail::{Calendar, Mail, Mailer, SendError, SEND_TIMEOUT};
use crate::notice::{Arg, Notice, NoticeKind, Recipient};
use crate::webhooks::send::{self, Outcome, WebhookSending};
use charter_store::personal_data::KeyRing;
use sqlx::PgPool;
use std::time::Duration;
use uuid::Uuid;

/// How delivery retries. A message that fails for a reason that can pass (a mail server
/// away, a receiver answering 5xx) is dead only once it has been tried `attempts` times
/// *and* has waited `give_up_after`: a mail server down for a long weekend delays mail, it
/// does not kill it.
#[derive(Debug, Clone)]
pub struct Retry {
    /// Tries before a message may be dead.
    pub attempts: i32,
    /// How long a message keeps being tried, from when it was decided (or sent again).
    pub give_up_after: Duration,
    /// The wait after the first failure; it doubles after each, up to `longest`.
    pub first_wait: Duration,
    pub longest: Duration,
}

impl Default for Retry {
    /// 1, 2, 4, ... minutes, then every 4 hours, for five days.
    fn default() -> Self {
        Self {
            attempts: 12,
            give_up_after: Duration::from_secs(5 * 24 * 3600),
            first_wait: Duration::from_secs(60),
            longest: Duration::from_secs(4 * 3600),
        }
    }
}

impl Retry {
    /// The wait after the `attempt`th try failed.
    pub fn wait_after(&self, attempt: i32) -> Duration {
        let doublings = u32::try_from(attempt.saturating_sub(1))
            .unwrap_or(0)
            .min(30);
        self.first_wait
            .saturating_mul(2u32.saturating_pow(doublings))
            .min(self.longest)
    }
}

/// Everything the delivery worker needs.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub mailer: Mailer,
    /// The sender, `Name <address>`.
    pub from: String,
    /// The host part of every Message-ID.
    pub message_host: String,
    pub retry: Retry,
    /// How messages telling the secretariat of a dead one, and digests, are written.
    pub writing: Writing,
    /// How long a held message waits for its reader's daily digest.
    pub digest_after: Duration,
    /// The HTTP client webhooks are sent with, and when a failing endpoint is disabled.
    pub webhooks: WebhookSending,
}

/// A claim is held this long: longer than a send may take, so that no other worker takes
/// a message still being sent; a worker that died holding one frees it when it passes.
const LEASE: Duration = Duration::from_secs(SEND_TIMEOUT.as_secs() + 10);

/// A message claimed for one try.
#[derive(sqlx::FromRow)]
struct Claimed {
    message_id: Uuid,
    kind: String,
    channel: String,
    webhook_id: Option<Uuid>,
    recipient: Option<Uuid>,
    sealed_content: Option<String>,
    attempts: i32,
    attempts_before_resend: i32,
    /// How long it has been pending since it was decided or sent again, in seconds.
    pending_for: f64,
    started_at: chrono::DateTime<chrono::Utc>,
}

/// How one try ended.
enum Ended {
    Sent,
    Failed(String),
    Refused(String),
    /// The recipient's data is erased: there is nothing left to send, nor anyone to send to.
    Dropped(String),
}

/// A message is due when it is pending, its time has come, and no worker has it in hand:
/// what [`claim`] and [`anything_due`] both ask.
macro_rules! due {
    () => {
        "status = 'pending' AND next_attempt_at <= now()
         AND (claimed_until IS NULL OR claimed_until < now())"
    };
}

/// Whether any message is due: one probe of the claim's index, for the delivery worker to
/// call its senders in only when there is something to send. (A message whose reader has
/// an earlier one in hand counts: the senders called in then find nothing to claim.)
pub async fn anything_due(pool: &PgPool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(concat!(
        "SELECT EXISTS (SELECT 1 FROM notification_messages WHERE ",
        due!(),
        ")"
    ))
    .fetch_one(pool)
    .await
}

/// Tries up to `batch` messages that are due, each claimed just before it is tried (so a
/// claim never waits behind the others' sending); returns how many were tried.
pub async fn deliver_due(
    pool: &PgPool,
    delivery: &Delivery,
    batch: usize,
) -> Result<usize, sqlx::Error> {
    let mut tried = 0;
    while tried < batch {
        let Some(message) = claim(pool).await? else {
            break;
        };
        let ended = match message.channel.as_str() {
            "webhook" => Some(try_webhook(pool, delivery, &message).await?),
            _ => try_once(pool, delivery, &message).await?,
        };
        // None: the claim ran out before the send, and another worker has the message.
        if let Some(ended) = ended {
            settle(pool, delivery, &message, ended).await?;
        }
        tried += 1;
    }
    Ok(tried)
}

/// Claims the message due longest that no earlier one of its reader's waits before, for
/// [`LEASE`], counting the try.
async fn claim(pool: &PgPool) -> Result<Option<Claimed>, sqlx::Error> {
    sqlx::query_as(concat!(
        "UPDATE notification_messages m
         SET claimed_until = now() + make_interval(secs => $1), attempts = m.attempts + 1
         FROM (SELECT message_id FROM notification_messages d
               WHERE ",
        due!(),
        "
                 -- A reader's (or a webhook endpoint's) messages go in the order they
                 -- were decided: none while an earlier one of theirs is due or in hand.
                 -- (One waiting for its retry later does not hold the others back.)
                 -- Two tests, not one with OR: each is a probe of its own index, where
                 -- the OR compared every pending message with every other, which made a
                 -- claim cost seconds with thousands pending (BENCHMARKS.md, issue 26).
                 -- The walk follows `notification_messages_due_order`, the claim's own
                 -- order, and stops at the first message free to send: in any other
                 -- order every pending message is tested before the first is taken.
                 AND NOT EXISTS (
                     SELECT 1 FROM notification_messages o
                     WHERE o.status = 'pending' AND o.recipient = d.recipient
                       AND (o.next_attempt_at, o.seq) < (d.next_attempt_at, d.seq))
                 AND NOT EXISTS (
                     SELECT 1 FROM notification_messages o
                     WHERE o.status = 'pending' AND o.webhook_id = d.webhook_id
                       AND (o.next_attempt_at, o.seq) < (d.next_attempt_at, d.seq))
               ORDER BY next_attempt_at, seq
               LIMIT 1
               FOR UPDATE SKIP LOCKED) due
         WHERE m.message_id = due.message_id
         RETURNING m.message_id, m.kind, m.channel, m.webhook_id, m.recipient,
                   m.sealed_content, m.attempts, m.attempts_before_resend,
                   EXTRACT(EPOCH FROM now() - m.pending_since)::float8 AS pending_for,
                   now() AS started_at"
    ))
    .bind(LEASE.as_secs_f64())
    .fetch_optional(pool)
    .await
}

async fn try_webhook(
    pool: &PgPool,
    delivery: &Delivery,
    message: &Claimed,
) -> Result<Ended, sqlx::Error> {
    let body = message.sealed_content.as_deref();
    Ok(
        match send::send(
            pool,
            &delivery.webhooks,
            message.message_id,
            message.webhook_id,
            body,
        )
        .await?
        {
            Outcome::Sent => Ended::Sent,
            Outcome::Failed(detail) => Ended::Failed(detail),
            Outcome::Refused(detail) => Ended::Refused(detail),
        },
    )
}

/// Tries an e-mail once; `None` when it is no longer this worker's to send.
async fn try_once(
    pool: &PgPool,
    delivery: &Delivery,
    message: &Claimed,
) -> Result<Option<Ended>, sqlx::Error> {
    let (Some(person), Some(sealed)) = (message.recipient, message.sealed_content.clone()) else {
        return Ok(Some(Ended::Dropped(
            "the message's words are no longer kept".to_owned(),
        )));
    };
    let mut conn = pool.acquire().await?;
    let ring = KeyRing::load(&mut conn, &[person]).await?;
    drop(conn);
    let mut plain = sealed;
    if ring.open_text(&mut plain).is_err() || plain == charter_domain::personal::ERASED {
        return Ok(Some(Ended::Dropped(
            "the recipient's personal data was erased".to_owned(),
        )));
    }
    let Ok(content) = serde_json::from_str::<Content>(&plain) else {
        return Ok(Some(Ended::Refused(
            "the stored message cannot be read".to_owned(),
        )));
    };
    let mail = Mail {
        from: delivery.from.clone(),
        to: format!(
            "{} <{}>",
            content.to_name.replace(['<', '>', '"'], ""),
            content.to_address
        ),
        subject: content.subject,
        text: content.text,
        html: content.html,
        message_id: format!("{}@{}", message.message_id, delivery.message_host),
        unsubscribe: content.unsubscribe,
        calendar: content.calendar.map(|invitation| Calendar {
            method: invitation.method(),
            ics: invitation.ics,
        }),
    };
    // Waiting for a connection may have taken part of the lease: renew it, or leave the
    // message to the worker that took it meanwhile.
    if !renew_claim(pool, message).await? {
        return Ok(None);
    }
    Ok(Some(match delivery.mailer.send(&mail).await {
        Ok(()) => Ended::Sent,
        Err(error @ SendError::Unavailable(_)) => Ended::Failed(error.to_string()),
        Err(error) => Ended::Refused(error.to_string()),
    }))
}

/// Renews this try's claim on the message for a full [`LEASE`]; false when the claim ran
/// out and the message is no longer this try's.
async fn renew_claim(pool: &PgPool, message: &Claimed) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE notification_messages SET claimed_until = now() + make_interval(secs => $3)
         WHERE message_id = $1 AND attempts = $2 AND status = 'pending'
           AND claimed_until > now()",
    )
    .bind(message.message_id)
    .bind(message.attempts)
    .bind(LEASE.as_secs_f64())
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
}

/// An error as it is kept and shown: a mail server's answer often repeats the recipient's
/// address, which must not outlive an erasure in plain text.
fn redact(detail: &str) -> String {
    detail
        .split(' ')
        .map(|word| {
            if word.contains('@') {
                "[address]"
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Records how the try ended, and what comes next for the message.
async fn settle(
    pool: &PgPool,
    delivery: &Delivery,
    message: &Claimed,
    ended: Ended,
) -> Result<(), sqlx::Error> {
    let (outcome, detail) = match &ended {
        Ended::Sent => ("sent", None),
        Ended::Failed(detail) => ("failed", Some(redact(detail))),
        Ended::Refused(detail) => ("refused", Some(redact(detail))),
        Ended::Dropped(detail) => ("dropped", Some(redact(detail))),
    };
    let gives_up = match &ended {
        Ended::Failed(_) => {
            message.attempts - message.attempts_before_resend >= delivery.retry.attempts
                && message.pending_for >= delivery.retry.give_up_after.as_secs_f64()
        }
        Ended::Refused(_) => true,
        Ended::Sent | Ended::Dropped(_) => false,
    };
    let status = match (&ended, gives_up) {
        (Ended::Sent, _) => "sent",
        (Ended::Dropped(_), _) => "dropped",
        (_, true) => "dead",
        (_, false) => "pending",
    };
    let wait = delivery
        .retry
        .wait_after(message.attempts - message.attempts_before_resend);
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO notification_attempts
             (message_id, attempt, started_at, finished_at, outcome, detail)
         VALUES ($1, $2, $3, clock_timestamp(), $4, $5)
         ON CONFLICT (message_id, attempt) DO NOTHING",
    )
    .bind(message.message_id)
    .bind(message.attempts)
    .bind(message.started_at)
    .bind(outcome)
    .bind(&detail)
    .execute(&mut *tx)
    .await?;
    // Only while the claim is this try's: a later try (after a lease that ran out) owns it.
    sqlx::query(
        "UPDATE notification_messages
         SET status = $3, claimed_until = NULL, last_error = $4,
             sent_at = CASE WHEN $3 = 'sent' THEN clock_timestamp() ELSE sent_at END,
             next_attempt_at = CASE WHEN $3 = 'pending'
                 THEN clock_timestamp() + make_interval(secs => $5) ELSE next_attempt_at END
         WHERE message_id = $1 AND attempts = $2 AND status = 'pending'",
    )
    .bind(message.message_id)
    .bind(message.attempts)
    .bind(status)
    .bind(&detail)
    .bind(wait.as_secs_f64())
    .execute(&mut *tx)
    .await?;
    if status == "dead" && message.kind != NoticeKind::DeliveryFailing.as_str() {
        // A webhook's kind is the name of its event, the same in every language.
        let kind = match message.channel.as_str() {
            "webhook" => Arg::phrase(
                "kind-webhook",
                vec![("event", Arg::Text(message.kind.clone()))],
            ),
            _ => Arg::kind(&message.kind),
        };
        let notice = Notice::new(
            NoticeKind::DeliveryFailing,
            Recipient::Secretariat,
            links::deliveries(),
        )
        .with("message_kind", kind)
        .with("attempts", Arg::Number(i64::from(message.attempts)))
        .text("error", detail.clone().unwrap_or_default());
        // One warning a day of each kind: an outage that kills many does not flood the
        // secretariat (the deliveries list names every one).
        let key = format!("dead/{}/{}", message.kind, chrono::Utc::now().date_naive());
        enqueue(&mut tx, &delivery.writing, &key, None, &notice).await?;
    }
    tx.commit().await?;
    match detail {
        None => tracing::debug!(message = %message.message_id, "message sent"),
        Some(detail) => tracing::warn!(message = %message.message_id,
            attempt = message.attempts, status, %detail, "a message was not delivered"),
    }
    Ok(())
}
