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

/// How delivery retries.
#[derive(Debug, Clone)]
pub struct Retry {
    /// Tries before a message is dead.
    pub attempts: i32,
    /// The wait after the first failure; it doubles after each, up to `longest`.
    pub first_wait: Duration,
    pub longest: Duration,
}

impl Default for Retry {
    /// Twelve tries over about a day and a half: 1, 2, 4, ... minutes, then every 4 hours.
    fn default() -> Self {
        Self {
            attempts: 12,
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
            "webhook" => try_webhook(pool, delivery, &message).await?,
            _ => try_once(pool, delivery, &message).await?,
        };
        settle(pool, delivery, &message, ended).await?;
        tried += 1;
    }
    Ok(tried)
}

/// Claims the message due longest, for [`LEASE`], counting the try.
async fn claim(pool: &PgPool) -> Result<Option<Claimed>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE notification_messages m
         SET claimed_until = now() + make_interval(secs => $1), attempts = m.attempts + 1
         FROM (SELECT message_id FROM notification_messages
               WHERE status = 'pending' AND next_attempt_at <= now()
                 AND (claimed_until IS NULL OR claimed_until < now())
               ORDER BY next_attempt_at
               LIMIT 1
               FOR UPDATE SKIP LOCKED) due
         WHERE m.message_id = due.message_id
         RETURNING m.message_id, m.kind, m.channel, m.webhook_id, m.recipient,
                   m.sealed_content, m.attempts, m.attempts_before_resend,
                   now() AS started_at",
    )
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

async fn try_once(
    pool: &PgPool,
    delivery: &Delivery,
    message: &Claimed,
) -> Result<Ended, sqlx::Error> {
    let (Some(person), Some(sealed)) = (message.recipient, message.sealed_content.clone()) else {
        return Ok(Ended::Dropped(
            "the message's words are no longer kept".to_owned(),
        ));
    };
    let mut conn = pool.acquire().await?;
    let ring = KeyRing::load(&mut conn, &[person]).await?;
    drop(conn);
    let mut plain = sealed;
    if ring.open_text(&mut plain).is_err() || plain == charter_domain::personal::ERASED {
        return Ok(Ended::Dropped(
            "the recipient's personal data was erased".to_owned(),
        ));
    }
    let Ok(content) = serde_json::from_str::<Content>(&plain) else {
        return Ok(Ended::Refused(
            "the stored message cannot be read".to_owned(),
        ));
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
    Ok(match delivery.mailer.send(&mail).await {
        Ok(()) => Ended::Sent,
        Err(error @ SendError::Unavailable(_)) => Ended::Failed(error.to_string()),
        Err(error) => Ended::Refused(error.to_string()),
    })
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
        Ended::Failed(detail) => ("failed", Some(detail.clone())),
        Ended::Refused(detail) => ("refused", Some(detail.clone())),
        Ended::Dropped(detail) => ("dropped", Some(detail.clone())),
    };
    let gives_up = match &ended {
        Ended::Failed(_) => {
            message.attempts - message.attempts_before_resend >= delivery.retry.attempts
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
         WHERE message_id = $1 AND attempts = $2",
    )
    .bind(message.message_id)
    .bind(message.attempts)
    .bind(status)
    .bind(&detail)
    .bind(wait.as_secs_f64())
    .execute(&mut *tx)
    .await?;
    if status == "dead" && message.kind != NoticeKind::DeliveryFailing.as_str() {
        let notice = Notice::new(
            NoticeKind::DeliveryFailing,
            Recipient::Secretariat,
            links::deliveries(),
        )
        .text("message_kind", message.kind.replace('_', " "))
        .with("attempts", Arg::Number(i64::from(message.attempts)))
        .text("error", detail.unwrap_or_default());
        let key = format!("dead/{}/{}", message.message_id, message.attempts);
        enqueue(&mut tx, &delivery.writing, &key, None, &notice, None).await?;
    }
    tx.commit().await?;
    match ended {
        Ended::Sent => tracing::debug!(message = %message.message_id, "message sent"),
        Ended::Failed(detail) | Ended::Refused(detail) | Ended::Dropped(detail) => {
            tracing::warn!(message = %message.message_id, attempt = message.attempts,
                status, %detail, "a message was not delivered")
        }
    }
    Ok(())
}
