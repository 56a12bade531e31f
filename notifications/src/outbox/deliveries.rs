//! What the secretariat reads of the outbox: each message's kind, recipient, status and
//! attempts (never its words, which are the recipient's), and sending a dead one again.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

/// Which deliveries to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub recipient: Option<Uuid>,
    pub application: Option<Uuid>,
    /// Only those created before this one (by creation order), for the next page.
    pub before: Option<Uuid>,
    pub limit: i64,
}

/// One message as the deliveries list shows it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct DeliveryRow {
    /// Also the message's Message-ID, before the `@`.
    pub message_id: Uuid,
    pub kind: String,
    pub channel: String,
    /// The person it is for.
    pub recipient: Option<Uuid>,
    pub application_id: Option<Uuid>,
    pub subject: String,
    /// `pending`, `sent`, `dead`, `dropped` (the recipient's data was erased), `held` (for
    /// the reader's daily digest) or `digested` (sent in the digest `digest_id`).
    pub status: String,
    pub digest_id: Option<Uuid>,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    /// When the next try is due, while pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// When its words were forgotten (see the retention of sent messages).
    pub purged_at: Option<DateTime<Utc>>,
}

/// One try at delivering a message.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AttemptRow {
    pub attempt: i32,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    /// `sent`, `failed` (to be tried again), `refused` (for good) or `dropped`.
    pub outcome: String,
    pub detail: Option<String>,
}

/// The columns of a [`DeliveryRow`], selected from `notification_messages`.
pub const DELIVERY_COLUMNS: &str = "message_id, kind, channel, recipient, application_id,
    subject, status, digest_id, attempts, created_at,
    CASE WHEN status = 'pending' THEN next_attempt_at END AS next_attempt_at,
    sent_at, last_error, purged_at";

/// The messages matching `filter`, newest first.
pub async fn list(pool: &PgPool, filter: &Filter) -> Result<Vec<DeliveryRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM notification_messages
         WHERE ($1::text IS NULL OR status = $1)
           AND ($2::text IS NULL OR kind = $2)
           AND ($3::uuid IS NULL OR recipient = $3)
           AND ($4::uuid IS NULL OR application_id = $4)
           AND ($5::uuid IS NULL OR message_id < $5)
         ORDER BY message_id DESC
         LIMIT $6"
    ))
    .bind(&filter.status)
    .bind(&filter.kind)
    .bind(filter.recipient)
    .bind(filter.application)
    .bind(filter.before)
    .bind(filter.limit)
    .fetch_all(pool)
    .await
}

/// One message, with its attempts.
pub async fn one(
    pool: &PgPool,
    message: Uuid,
) -> Result<Option<(DeliveryRow, Vec<AttemptRow>)>, sqlx::Error> {
    let row: Option<DeliveryRow> = sqlx::query_as(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM notification_messages WHERE message_id = $1"
    ))
    .bind(message)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let attempts = sqlx::query_as(
        "SELECT attempt, started_at, finished_at, outcome, detail
         FROM notification_attempts WHERE message_id = $1 ORDER BY attempt",
    )
    .bind(message)
    .fetch_all(pool)
    .await?;
    Ok(Some((row, attempts)))
}

/// Why a message cannot be sent again.
#[derive(Debug, thiserror::Error)]
pub enum ResendError {
    #[error("no message {0}")]
    NotFound(Uuid),
    #[error("the message is {0}: only a dead message is sent again")]
    NotDead(String),
    #[error("the message's words are no longer kept (forgotten after its retention)")]
    Purged,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Makes a dead message pending again, due now, with a full set of tries; its Message-ID
/// stays the same, and its earlier attempts stay on record.
pub async fn resend(pool: &PgPool, message: Uuid) -> Result<DeliveryRow, ResendError> {
    let current: Option<(String, bool)> = sqlx::query_as(
        "SELECT status, sealed_content IS NULL FROM notification_messages WHERE message_id = $1",
    )
    .bind(message)
    .fetch_optional(pool)
    .await?;
    match current {
        None => return Err(ResendError::NotFound(message)),
        Some((status, _)) if status != "dead" => return Err(ResendError::NotDead(status)),
        Some((_, true)) => return Err(ResendError::Purged),
        Some(_) => {}
    }
    // The tries count on from where they were (attempt numbers stay unique); the limit
    // applies to the tries since the resend.
    let updated = sqlx::query(
        "UPDATE notification_messages
         SET status = 'pending', next_attempt_at = now(), claimed_until = NULL,
             attempts_before_resend = attempts, pending_since = now()
         WHERE message_id = $1 AND status = 'dead' AND sealed_content IS NOT NULL
           AND (claimed_until IS NULL OR claimed_until < now())",
    )
    .bind(message)
    .execute(pool)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(ResendError::NotDead("no longer dead".to_owned()));
    }
    match one(pool, message).await? {
        Some((row, _)) => Ok(row),
        None => Err(ResendError::NotFound(message)),
    }
}
