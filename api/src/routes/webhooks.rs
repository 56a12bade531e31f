//! Webhooks over HTTP, for the secretariat: registering an endpoint (its secret shown
//! once), reading them (never the secret), disabling and enabling one, rotating its secret,
//! and the messages sent to it.
//!
//! Endpoints are rows, not aggregates: a change writes no event and has no version, so
//! `If-Match` does not apply; `Idempotency-Key` does (a repeat by the same person within
//! its 48 hours gets the first answer again, secret included: it is kept with the key in
//! the same database the secret itself is kept in).

use super::ReadErrors;
use crate::auth::Principal;
use crate::http::error::{ApiError, ApiResult, EdgeRule, Problem};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::freshness::ReadAfter;
use crate::http::paging::{self, page_of, Paged};
use crate::state::AppState;
use axum::extract::{OriginalUri, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use charter_domain::Role;
use charter_notifications::outbox::deliveries::{AttemptRow, DeliveryRow};
use charter_notifications::webhooks::registry::{self, ChangeError, Webhook};
use charter_notifications::webhooks::{subscriber, Secret};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, IntoResponses, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register, list))
        .routes(routes!(get_one))
        .routes(routes!(disable))
        .routes(routes!(enable))
        .routes(routes!(rotate_secret))
        .routes(routes!(deliveries))
}

/// An endpoint to register.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterWebhook {
    /// Where the messages are POSTed: an `https://` (or `http://`) URL, without credentials.
    #[schema(min_length = 1, max_length = 2000)]
    pub url: String,
    /// The kinds of event it is sent, at least one: `application.stage_advanced`,
    /// `vote.closed`, `roster.person_registered`, ...
    #[schema(min_items = 1, max_length = 64)]
    pub event_types: Vec<String>,
}

/// An endpoint with its signing secret: the only time the secret is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookWithSecret {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// `whsec_` and the base64 of 32 random bytes: the key of the HMAC-SHA256 signatures
    /// (Standard Webhooks). Keep it: it is never shown again.
    pub secret: String,
}

/// The refusals of a change to an endpoint.
#[allow(dead_code)]
#[derive(Debug, IntoResponses)]
pub enum WebhookErrors {
    /// Malformed JSON or webhook id.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// Missing, unknown, expired or revoked token.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// Only the secretariat manages webhooks.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// There is no such webhook.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// Already disabled (or enabled); nothing changed. Also an `Idempotency-Key` still in
    /// flight.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// A body larger than the server takes.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    /// The body is not JSON.
    #[response(status = 415, content_type = "application/problem+json")]
    UnsupportedMediaType(Problem),
    /// Not an http(s) URL, no kind of event or an unknown one, a body of the wrong shape,
    /// or an `Idempotency-Key` used before with another request.
    #[response(status = 422, content_type = "application/problem+json")]
    Unprocessable(Problem),
    /// The database is not available.
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(Problem),
}

/// An answer carrying a secret: never kept by a cache on the way.
fn with_secret(status: StatusCode, webhook: Webhook, secret: &Secret) -> Response {
    let location = format!("/api/v1/webhooks/{}", webhook.webhook_id);
    let body = WebhookWithSecret {
        webhook,
        secret: secret.expose().to_owned(),
    };
    (
        status,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Json(body),
    )
        .into_response()
}

/// Registers an endpoint for the kinds of event named. From the events recorded after
/// this request, each of those kinds is POSTed to it, signed with the secret in the
/// answer (shown this once).
#[utoipa::path(operation_id = "register_webhook", post, path = "/api/v1/webhooks", tag = "webhooks",
    request_body = RegisterWebhook,
    responses((status = 201, description = "Registered; the secret is shown this once",
        body = WebhookWithSecret), WebhookErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn register(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<RegisterWebhook>,
) -> ApiResult<Response> {
    principal.require(&[Role::Secretariat], "register webhooks")?;
    let (url, event_types) = registry::validate(&body.url, &body.event_types).map_err(|error| {
        ApiError::InvalidBody {
            field: Some(error.field().to_owned()),
            detail: error.to_string(),
        }
    })?;
    let (webhook, secret) =
        registry::register(&state.pool, &url, &event_types, principal.person.0).await?;
    // Endpoints are not in the event store: this line records who did it (never the secret).
    tracing::info!(by = %principal.person, webhook = %webhook.webhook_id, %url,
        "webhook registered");
    Ok(with_secret(StatusCode::CREATED, webhook, &secret))
}

/// Which page of the endpoints to show.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WebhookQuery {
    /// Where the page starts: the `next` of the previous page. Leave it out for the first.
    pub cursor: Option<String>,
    /// At most this many (1 to 500, default 100).
    #[param(minimum = 1, maximum = 500, default = 100)]
    pub limit: Option<i64>,
    /// Taken as every read takes it; the endpoints are read where they are written, so
    /// this list never lags.
    pub min_position: Option<i64>,
}

page_of!(
    WebhookPage,
    Webhook,
    "A page of the webhook endpoints, and where the next one starts."
);
page_of!(
    WebhookDeliveryPage,
    WebhookDelivery,
    "A page of the messages to an endpoint, and where the next one starts."
);

/// Every endpoint, oldest first, enabled or not; never a secret.
#[utoipa::path(operation_id = "list_webhooks", get, path = "/api/v1/webhooks", tag = "webhooks",
    params(WebhookQuery),
    responses((status = 200, body = WebhookPage), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<WebhookQuery>,
) -> ApiResult<Paged<WebhookPage>> {
    const LIST: &str = "webhooks";
    principal.require(&[Role::Secretariat], "read webhooks")?;
    let limit = super::limit(query.limit, 100, 500)?;
    let after = paging::after_id(LIST, query.cursor.as_deref())?;
    // Taken and not waited for: the endpoints are read where they are written.
    let _ = query.min_position;
    let webhooks = registry::list(&state.pool, after, limit + 1).await?;
    let (items, next) = paging::split(webhooks, limit, LIST, |webhook| {
        vec![webhook.webhook_id.to_string()]
    });
    Ok(Paged::new(WebhookPage { items, next }, &uri))
}

/// One endpoint; never its secret.
#[utoipa::path(operation_id = "get_webhook", get, path = "/api/v1/webhooks/{id}", tag = "webhooks",
    params(("id" = Uuid, Path, description = "The webhook")),
    responses((status = 200, body = Webhook), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(webhook = %id))]
async fn get_one(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Webhook>> {
    principal.require(&[Role::Secretariat], "read webhooks")?;
    registry::one(&state.pool, id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("there is no webhook {id}")))
}

/// The refusal of a change, for the answer.
fn refused(error: ChangeError) -> ApiError {
    match error {
        ChangeError::NotFound(id) => ApiError::NotFound(format!("there is no webhook {id}")),
        ChangeError::Database(error) => error.into(),
        error @ ChangeError::AlreadyDisabled => {
            ApiError::edge(EdgeRule::WebhookAlreadyDisabled, error.to_string(), None)
        }
        error @ ChangeError::AlreadyEnabled => {
            ApiError::edge(EdgeRule::WebhookAlreadyEnabled, error.to_string(), None)
        }
    }
}

/// Disables an endpoint: nothing more is sent to it, and the messages waiting for it are
/// dead (they can be sent again from the deliveries once it is enabled).
#[utoipa::path(operation_id = "disable_webhook", post, path = "/api/v1/webhooks/{id}/disable", tag = "webhooks",
    params(("id" = Uuid, Path, description = "The webhook")),
    responses((status = 200, description = "Disabled", body = Webhook), WebhookErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(webhook = %id))]
async fn disable(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Webhook>> {
    principal.require(&[Role::Secretariat], "disable webhooks")?;
    let reason = "disabled by the secretariat";
    let webhook = registry::disable(&state.pool, id, reason)
        .await
        .map_err(refused)?;
    tracing::info!(by = %principal.person, webhook = %id, "webhook disabled");
    Ok(Json(webhook))
}

/// Enables a disabled endpoint: it is sent the events recorded from now on, with its
/// record of failures cleared.
#[utoipa::path(operation_id = "enable_webhook", post, path = "/api/v1/webhooks/{id}/enable", tag = "webhooks",
    params(("id" = Uuid, Path, description = "The webhook")),
    responses((status = 200, description = "Enabled", body = Webhook), WebhookErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(webhook = %id))]
async fn enable(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Webhook>> {
    principal.require(&[Role::Secretariat], "enable webhooks")?;
    let webhook = registry::enable(&state.pool, id).await.map_err(refused)?;
    tracing::info!(by = %principal.person, webhook = %id, "webhook enabled");
    Ok(Json(webhook))
}

/// Replaces an endpoint's secret and shows the new one, this once. The old one stops at
/// once: every try from now on, retries of earlier messages included, is signed with the
/// new one. There is no overlap because a secret is rotated most often when it may have
/// leaked, and a leaked secret must stop signing at once; a receiver that cannot switch
/// at the same moment accepts either of its two secrets while it switches.
#[utoipa::path(operation_id = "rotate_webhook_secret", post, path = "/api/v1/webhooks/{id}/rotate-secret", tag = "webhooks",
    params(("id" = Uuid, Path, description = "The webhook")),
    responses((status = 200, description = "The new secret, shown this once",
        body = WebhookWithSecret), WebhookErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(webhook = %id))]
async fn rotate_secret(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    principal.require(&[Role::Secretariat], "rotate webhook secrets")?;
    let (webhook, secret) = registry::rotate(&state.pool, id).await.map_err(refused)?;
    tracing::info!(by = %principal.person, webhook = %id, "webhook secret rotated");
    Ok(with_secret(StatusCode::OK, webhook, &secret))
}

/// Which of an endpoint's messages to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WebhookDeliveryQuery {
    /// Where the page starts: the `next` of the previous page. Leave it out for the first.
    pub cursor: Option<String>,
    /// Only messages older than this one (the last `message_id` of a page: the older way
    /// to page).
    #[deprecated]
    pub before: Option<Uuid>,
    /// At most this many (1 to 500, default 100).
    #[param(minimum = 1, maximum = 500, default = 100)]
    pub limit: Option<i64>,
    /// Wait until the webhook subscriber has put in the outbox the messages of the event
    /// at this position.
    pub min_position: Option<i64>,
}

/// One message to an endpoint and every try at delivering it.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDelivery {
    /// `message_id` is also the `webhook-id` header of every try; `kind` is the kind of
    /// event.
    #[serde(flatten)]
    pub delivery: DeliveryRow,
    /// Every try, in order (`attempts` is their count).
    pub tries: Vec<AttemptRow>,
}

/// The messages to an endpoint, newest first, each with its tries.
#[utoipa::path(operation_id = "list_webhook_deliveries", get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks",
    params(("id" = Uuid, Path, description = "The webhook"), WebhookDeliveryQuery),
    responses((status = 200, body = WebhookDeliveryPage), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(webhook = %id))]
async fn deliveries(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<WebhookDeliveryQuery>,
) -> ApiResult<Paged<WebhookDeliveryPage>> {
    const LIST: &str = "webhook_deliveries";
    principal.require(&[Role::Secretariat], "read webhook deliveries")?;
    #[allow(deprecated)]
    let before = query.before;
    paging::one_start(&query.cursor, "before", before.is_some())?;
    let before = paging::after_id(LIST, query.cursor.as_deref())?.or(before);
    let limit = super::limit(query.limit, 100, 500)?;
    if registry::one(&state.pool, id).await?.is_none() {
        return Err(ApiError::NotFound(format!("there is no webhook {id}")));
    }
    let pool = read
        .wait(&state, query.min_position, &[subscriber::NAME])
        .await?;
    let rows = registry::deliveries(&pool, id, before, limit + 1).await?;
    let rows = rows
        .into_iter()
        .map(|(delivery, tries)| WebhookDelivery { delivery, tries })
        .collect();
    let (items, next) = paging::split(rows, limit, LIST, |row: &WebhookDelivery| {
        vec![row.delivery.message_id.to_string()]
    });
    Ok(Paged::new(WebhookDeliveryPage { items, next }, &uri))
}
