//! Sending one webhook message: POSTed to its endpoint, signed as Standard Webhooks says,
//! with the message's id as `webhook-id` on every try (so that a receiver sees a retry is
//! the same message) and this try's time as `webhook-timestamp`.
//!
//! A 2xx answer is a success; 410 Gone means the receiver wants no more, and the endpoint
//! is disabled; anything else (another status, a redirect, no answer in [`TIMEOUT`]) is a
//! failure the outbox retries. An endpoint that has failed for longer than its limit
//! without a success in between is disabled at its next failure, and what waits for it
//! dies (see [`super::registry::disable_in`]).

use super::registry::disable_in;
use super::secret::Secret;
use sqlx::PgPool;
use std::time::Duration;
use uuid::Uuid;

/// How long a receiver has to answer.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// How long an endpoint may fail without a success before it is disabled: three days, so
/// that a receiver down for a long weekend is not cut off (its messages are tried for five,
/// see `Retry`), while one gone for good stops costing a try every few hours.
pub const DISABLE_AFTER: Duration = Duration::from_secs(3 * 24 * 3600);

/// What sending webhooks needs.
#[derive(Debug, Clone)]
pub struct WebhookSending {
    client: reqwest::Client,
    /// See [`DISABLE_AFTER`].
    pub disable_after: Duration,
}

impl WebhookSending {
    /// An HTTPS client (rustls, the web's root certificates) that follows no redirect: a
    /// receiver that moved registers its new address.
    pub fn new(disable_after: Duration) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Charter-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            client,
            disable_after,
        })
    }
}

/// How one try ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// To be tried again.
    Failed(String),
    /// Never to be tried again.
    Refused(String),
}

/// The endpoint as a try needs it.
#[derive(sqlx::FromRow)]
struct Endpoint {
    url: String,
    secret: String,
    enabled: bool,
}

/// Tries once to deliver message `message` (its body as stored) to endpoint `webhook`.
pub async fn send(
    pool: &PgPool,
    sending: &WebhookSending,
    message: Uuid,
    webhook: Option<Uuid>,
    body: Option<&str>,
) -> Result<Outcome, sqlx::Error> {
    let Some(webhook) = webhook else {
        return Ok(Outcome::Refused("the message names no webhook".to_owned()));
    };
    let Some(body) = body else {
        return Ok(Outcome::Refused(
            "the message's body is no longer kept".to_owned(),
        ));
    };
    let endpoint: Option<Endpoint> =
        sqlx::query_as("SELECT url, secret, enabled FROM webhooks WHERE webhook_id = $1")
            .bind(webhook)
            .fetch_optional(pool)
            .await?;
    let Some(endpoint) = endpoint else {
        return Ok(Outcome::Refused("the webhook no longer exists".to_owned()));
    };
    if !endpoint.enabled {
        return Ok(Outcome::Refused("the webhook is disabled".to_owned()));
    }
    let id = message.to_string();
    let timestamp = chrono::Utc::now().timestamp();
    let secret = Secret::from_stored(endpoint.secret);
    let Some(signature) = secret.sign(&id, timestamp, body.as_bytes()) else {
        return Ok(Outcome::Refused(
            "the webhook's secret cannot be read".to_owned(),
        ));
    };
    let answer = sending
        .client
        .post(&endpoint.url)
        .header("webhook-id", &id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_owned())
        .send()
        .await;
    let status = match answer {
        Ok(response) => response.status(),
        Err(error) => return failed(pool, sending, webhook, describe(&error)).await,
    };
    if status.is_success() {
        sqlx::query(
            "UPDATE webhooks SET last_success_at = now(), failing_since = NULL
             WHERE webhook_id = $1",
        )
        .bind(webhook)
        .execute(pool)
        .await?;
        return Ok(Outcome::Sent);
    }
    if status == reqwest::StatusCode::GONE {
        let mut conn = pool.acquire().await?;
        disable_in(&mut conn, webhook, "the receiver answered 410 Gone").await?;
        return Ok(Outcome::Refused(
            "the receiver answered 410 Gone: the webhook is disabled".to_owned(),
        ));
    }
    failed(
        pool,
        sending,
        webhook,
        format!("the receiver answered {status}"),
    )
    .await
}

/// Records a failure; past the limit, disables the endpoint.
async fn failed(
    pool: &PgPool,
    sending: &WebhookSending,
    webhook: Uuid,
    detail: String,
) -> Result<Outcome, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let too_long: Option<bool> = sqlx::query_scalar(
        "UPDATE webhooks SET failing_since = COALESCE(failing_since, now())
         WHERE webhook_id = $1
         RETURNING failing_since <= now() - make_interval(secs => $2)",
    )
    .bind(webhook)
    .bind(sending.disable_after.as_secs_f64())
    .fetch_optional(&mut *tx)
    .await?;
    if too_long != Some(true) {
        tx.commit().await?;
        return Ok(Outcome::Failed(detail));
    }
    let reason = format!(
        "it failed for longer than {} without a success (last: {detail})",
        span(sending.disable_after)
    );
    disable_in(&mut tx, webhook, &reason).await?;
    tx.commit().await?;
    tracing::warn!(%webhook, %reason, "a webhook was disabled");
    Ok(Outcome::Refused(format!(
        "{detail}; the webhook is disabled: {reason}"
    )))
}

/// A length of time in words.
fn span(length: Duration) -> String {
    let seconds = length.as_secs();
    match seconds {
        s if s >= 86400 && s % 86400 == 0 => format!("{} days", s / 86400),
        s if s >= 3600 && s % 3600 == 0 => format!("{} hours", s / 3600),
        s if s >= 1 => format!("{s} s"),
        _ => format!("{} ms", length.as_millis()),
    }
}

/// A failure to reach the receiver, with its causes.
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return format!("no answer within {} s", TIMEOUT.as_secs());
    }
    let mut words = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        words.push_str(": ");
        words.push_str(&cause.to_string());
        source = cause.source();
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_is_said_in_its_largest_whole_unit() {
        assert_eq!(span(DISABLE_AFTER), "3 days");
        assert_eq!(span(Duration::from_secs(7200)), "2 hours");
        assert_eq!(span(Duration::from_secs(90)), "90 s");
        assert_eq!(span(Duration::from_millis(300)), "300 ms");
    }
}
