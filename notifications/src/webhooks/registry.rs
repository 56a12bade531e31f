//! The endpoints the secretariat registers: registering one (its secret made and shown
//! once), reading them (never the secret), disabling, enabling, rotating the secret, and
//! the messages sent to one.
//!
//! Endpoints are rows, not aggregates: like tokens they write no event; the API logs who
//! changed what.

use super::event_types;
use super::secret::Secret;
use crate::outbox::deliveries::{AttemptRow, DeliveryRow, DELIVERY_COLUMNS};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// The longest URL taken.
const MAX_URL_LEN: usize = 2000;

/// An endpoint as the secretariat reads it: never its secret.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Webhook {
    pub webhook_id: Uuid,
    pub url: String,
    /// The kinds of event it is sent (`application.stage_advanced`, ...).
    pub event_types: Vec<String>,
    pub enabled: bool,
    pub disabled_at: Option<DateTime<Utc>>,
    /// Why it was disabled: by the secretariat, a 410 Gone, or failing for too long.
    pub disabled_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The person who registered it.
    pub created_by: Uuid,
    /// When its secret was last replaced.
    pub secret_rotated_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    /// The first failure since its last success, while it fails.
    pub failing_since: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "webhook_id, url, event_types, enabled, disabled_at, disabled_reason, \
    created_at, created_by, secret_rotated_at, last_success_at, failing_since";

/// Why a registration is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Invalid {
    #[error("{0}")]
    Url(String),
    #[error("{0}")]
    EventTypes(String),
}

impl Invalid {
    /// The field at fault.
    pub fn field(&self) -> &'static str {
        match self {
            Invalid::Url(_) => "url",
            Invalid::EventTypes(_) => "event_types",
        }
    }
}

/// The URL and kinds of event of a registration, checked: an http(s) URL with a host and
/// no credentials (the URL is shown in lists; the signature is what authenticates), and
/// at least one kind of event, each known. Repeated kinds are kept once.
pub fn validate(url: &str, event_types: &[String]) -> Result<(String, Vec<String>), Invalid> {
    let url = url.trim();
    if url.chars().count() > MAX_URL_LEN {
        return Err(Invalid::Url(format!(
            "the URL is longer than {MAX_URL_LEN} characters"
        )));
    }
    let parsed = reqwest::Url::parse(url)
        .map_err(|error| Invalid::Url(format!("not a URL ({error}): {url:?}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Invalid::Url(format!(
            "the URL must start with https:// or http://, not {}:",
            parsed.scheme()
        )));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Invalid::Url("the URL names no host".to_owned()));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Invalid::Url(
            "the URL must not carry credentials: receivers check the signature instead".to_owned(),
        ));
    }
    if event_types.is_empty() {
        return Err(Invalid::EventTypes(
            "name at least one kind of event".to_owned(),
        ));
    }
    let mut kept: Vec<String> = Vec::new();
    for name in event_types {
        if !event_types::is_known(name) {
            let known: Vec<&str> = event_types::names().collect();
            return Err(Invalid::EventTypes(format!(
                "no kind of event {name:?}; the kinds: {}",
                known.join(", ")
            )));
        }
        if !kept.contains(name) {
            kept.push(name.clone());
        }
    }
    Ok((parsed.to_string(), kept))
}

/// Registers an endpoint, enabled, told of events recorded from now on; returns it with
/// its new secret, which is never shown again.
pub async fn register(
    pool: &PgPool,
    url: &str,
    event_types: &[String],
    by: Uuid,
) -> Result<(Webhook, Secret), sqlx::Error> {
    let secret = Secret::generate();
    let webhook = sqlx::query_as(&format!(
        "INSERT INTO webhooks (webhook_id, url, event_types, secret, created_by, from_position)
         VALUES ($1, $2, $3, $4, $5,
                 (SELECT COALESCE(max(global_position), 0) FROM events))
         RETURNING {COLUMNS}"
    ))
    .bind(Uuid::now_v7())
    .bind(url)
    .bind(event_types)
    .bind(secret.expose())
    .bind(by)
    .fetch_one(pool)
    .await?;
    Ok((webhook, secret))
}

/// The endpoints, oldest first: at most `limit`, after the one `after` names.
pub async fn list(
    pool: &PgPool,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<Webhook>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM webhooks WHERE ($1::uuid IS NULL OR webhook_id > $1)
         ORDER BY webhook_id LIMIT $2"
    ))
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// One endpoint.
pub async fn one(pool: &PgPool, id: Uuid) -> Result<Option<Webhook>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM webhooks WHERE webhook_id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Why an endpoint could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("there is no webhook {0}")]
    NotFound(Uuid),
    #[error("the webhook is already disabled")]
    AlreadyDisabled,
    #[error("the webhook is already enabled")]
    AlreadyEnabled,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Disables an endpoint for `reason`: nothing more is sent to it, and the messages
/// waiting for it are dead (the secretariat may send them again once it is enabled).
pub async fn disable(pool: &PgPool, id: Uuid, reason: &str) -> Result<Webhook, ChangeError> {
    let mut tx = pool.begin().await?;
    let disabled = disable_in(&mut tx, id, reason).await?;
    let Some(webhook) = disabled else {
        return Err(match one(pool, id).await? {
            None => ChangeError::NotFound(id),
            Some(_) => ChangeError::AlreadyDisabled,
        });
    };
    tx.commit().await?;
    Ok(webhook)
}

/// Disables an enabled endpoint in `conn`'s transaction, and kills its waiting messages;
/// `None` if there is no such enabled endpoint.
pub async fn disable_in(
    conn: &mut PgConnection,
    id: Uuid,
    reason: &str,
) -> Result<Option<Webhook>, sqlx::Error> {
    let webhook: Option<Webhook> = sqlx::query_as(&format!(
        "UPDATE webhooks SET enabled = false, disabled_at = now(), disabled_reason = $2
         WHERE webhook_id = $1 AND enabled RETURNING {COLUMNS}"
    ))
    .bind(id)
    .bind(reason)
    .fetch_optional(&mut *conn)
    .await?;
    if webhook.is_some() {
        sqlx::query(
            "UPDATE notification_messages
             SET status = 'dead', claimed_until = NULL,
                 last_error = 'the webhook was disabled: ' || $2
             WHERE webhook_id = $1 AND status = 'pending'",
        )
        .bind(id)
        .bind(reason)
        .execute(&mut *conn)
        .await?;
    }
    Ok(webhook)
}

/// Enables a disabled endpoint: it is sent the events recorded from now on, with a clean
/// record of failures. Messages that died while it was disabled stay dead until sent again.
pub async fn enable(pool: &PgPool, id: Uuid) -> Result<Webhook, ChangeError> {
    let webhook: Option<Webhook> = sqlx::query_as(&format!(
        "UPDATE webhooks SET enabled = true, disabled_at = NULL, disabled_reason = NULL,
             failing_since = NULL,
             from_position = (SELECT COALESCE(max(global_position), 0) FROM events)
         WHERE webhook_id = $1 AND NOT enabled RETURNING {COLUMNS}"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    match webhook {
        Some(webhook) => Ok(webhook),
        None => Err(match one(pool, id).await? {
            None => ChangeError::NotFound(id),
            Some(_) => ChangeError::AlreadyEnabled,
        }),
    }
}

/// Replaces an endpoint's secret; returns the new one, which is never shown again. The old
/// one stops at once: every try from now on, retries included, is signed with the new one.
pub async fn rotate(pool: &PgPool, id: Uuid) -> Result<(Webhook, Secret), ChangeError> {
    let secret = Secret::generate();
    let webhook: Option<Webhook> = sqlx::query_as(&format!(
        "UPDATE webhooks SET secret = $2, secret_rotated_at = now()
         WHERE webhook_id = $1 RETURNING {COLUMNS}"
    ))
    .bind(id)
    .bind(secret.expose())
    .fetch_optional(pool)
    .await?;
    match webhook {
        Some(webhook) => Ok((webhook, secret)),
        None => Err(ChangeError::NotFound(id)),
    }
}

/// The messages to endpoint `id`, newest first (before `before`, at most `limit`), each
/// with its tries.
pub async fn deliveries(
    pool: &PgPool,
    id: Uuid,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<(DeliveryRow, Vec<AttemptRow>)>, sqlx::Error> {
    let rows: Vec<DeliveryRow> = sqlx::query_as(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM notification_messages
         WHERE webhook_id = $1 AND ($2::uuid IS NULL OR message_id < $2)
         ORDER BY message_id DESC
         LIMIT $3"
    ))
    .bind(id)
    .bind(before)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let ids: Vec<Uuid> = rows.iter().map(|row| row.message_id).collect();
    let attempts: Vec<(Uuid, AttemptRow)> = sqlx::query_as::<_, AttemptOf>(
        "SELECT message_id, attempt, started_at, finished_at, outcome, detail
         FROM notification_attempts WHERE message_id = ANY ($1) ORDER BY message_id, attempt",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|row| {
        (
            row.message_id,
            AttemptRow {
                attempt: row.attempt,
                started_at: row.started_at,
                finished_at: row.finished_at,
                outcome: row.outcome,
                detail: row.detail,
            },
        )
    })
    .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let tries = attempts
                .iter()
                .filter(|(message, _)| *message == row.message_id)
                .map(|(_, attempt)| attempt.clone())
                .collect();
            (row, tries)
        })
        .collect())
}

/// A try, with the message it was at.
#[derive(sqlx::FromRow)]
struct AttemptOf {
    message_id: Uuid,
    attempt: i32,
    started_at: DateTime<Utc>,
    finished_at: DateTime<Utc>,
    outcome: String,
    detail: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn a_registration_needs_an_http_url_and_known_kinds() {
        let good = kinds(&["vote.closed", "vote.closed", "application.opened"]);
        assert_eq!(
            validate(" https://hooks.example/in ", &good),
            Ok((
                "https://hooks.example/in".to_owned(),
                kinds(&["vote.closed", "application.opened"])
            ))
        );
        for url in [
            "ftp://hooks.example/",
            "hooks.example",
            "https://user:pw@hooks.example/",
            "",
        ] {
            assert_eq!(validate(url, &good).map_err(|e| e.field()), Err("url"));
        }
        for wanted in [kinds(&[]), kinds(&["vote.closed", "vote.gossip"])] {
            assert_eq!(
                validate("https://hooks.example/", &wanted).map_err(|e| e.field()),
                Err("event_types")
            );
        }
    }
}
