//! The outbox as the secretariat sees it: every message's delivery, the dead letters, and
//! sending a dead one again. Never a message's words or address: they are the
//! recipient's, sealed under their key.

use super::ReadErrors;
use crate::auth::Principal;
use crate::http::error::{ApiError, ApiResult, EdgeRule, Problem};
use crate::http::extract::{ApiPath, ApiQuery};
use crate::http::freshness::ReadAfter;
use crate::http::paging::{self, page_of, Paged};
use crate::state::AppState;
use axum::extract::{OriginalUri, State};
use axum::Json;
use charter_domain::Role;
use charter_notifications::notifier;
use charter_notifications::outbox::deliveries::{
    self, AttemptRow, DeliveryRow, Filter, ResendError,
};
use charter_notifications::NoticeKind;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, IntoResponses, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_deliveries))
        .routes(routes!(get_delivery))
        .routes(routes!(resend))
}

/// A message's delivery status.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its first or next try.
    Pending,
    Sent,
    /// Given up: tried too often, or refused for good. The secretariat may send it again.
    Dead,
    /// Not sent: the recipient's personal data was erased.
    Dropped,
    /// Waiting for its reader's daily digest.
    Held,
    /// Sent inside a daily digest (`digest_id`).
    Digested,
}

impl DeliveryStatus {
    fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Dead => "dead",
            DeliveryStatus::Dropped => "dropped",
            DeliveryStatus::Held => "held",
            DeliveryStatus::Digested => "digested",
        }
    }
}

/// Which deliveries to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// Only messages in this status (`dead` lists the dead letters).
    pub status: Option<DeliveryStatus>,
    /// Only messages of this kind (`vote_opened`, `revision_requested`, ...).
    pub kind: Option<String>,
    /// Only messages to this person.
    pub recipient: Option<Uuid>,
    /// Only messages about this application.
    pub application_id: Option<Uuid>,
    /// Where the page starts: the `next` of the previous page (with the same filters).
    /// Leave it out for the first page.
    pub cursor: Option<String>,
    /// Only messages older than this one (the last `message_id` of a page: the older way
    /// to page).
    #[deprecated]
    pub before: Option<Uuid>,
    /// At most this many (1 to 500, default 100).
    #[param(minimum = 1, maximum = 500, default = 100)]
    pub limit: Option<i64>,
    /// Wait until the notifier has decided the messages of the event at this position.
    pub min_position: Option<i64>,
}

/// One message and every try at delivering it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryDetail {
    #[serde(flatten)]
    pub delivery: DeliveryRow,
    /// Every try, in order (`attempts` is their count).
    pub tries: Vec<AttemptRow>,
}

/// The deliveries, newest first: what was sent to whom and when, what waits, and what
/// failed for good (`status=dead`).
#[utoipa::path(get, path = "/api/v1/notifications/deliveries", tag = "notifications",
    params(DeliveryQuery),
    responses((status = 200, body = DeliveryPage), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn list_deliveries(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<DeliveryQuery>,
) -> ApiResult<Paged<DeliveryPage>> {
    const LIST: &str = "deliveries";
    principal.require(&[Role::Secretariat], "read the deliveries")?;
    #[allow(deprecated)]
    let before = query.before;
    paging::one_start(&query.cursor, "before", before.is_some())?;
    let before = paging::after_id(LIST, query.cursor.as_deref())?.or(before);
    let limit = super::limit(query.limit, 100, 500)?;
    if let Some(kind) = &query.kind {
        if NoticeKind::parse(kind).is_none() {
            let known: Vec<&str> = NoticeKind::ALL.iter().map(|kind| kind.as_str()).collect();
            return Err(ApiError::BadRequest {
                detail: format!(
                    "no kind of message {kind:?}; the kinds: {}",
                    known.join(", ")
                ),
                field: Some("kind".to_owned()),
            });
        }
    }
    let pool = read
        .wait(&state, query.min_position, &[notifier::NAME])
        .await?;
    let filter = Filter {
        status: query.status.map(|status| status.as_str().to_owned()),
        kind: query.kind,
        recipient: query.recipient,
        application: query.application_id,
        before,
        limit: limit + 1,
    };
    let rows = deliveries::list(&pool, &filter).await?;
    let (items, next) = paging::split(rows, limit, LIST, |row| vec![row.message_id.to_string()]);
    Ok(Paged::new(DeliveryPage { items, next }, &uri))
}

page_of!(
    DeliveryPage,
    DeliveryRow,
    "A page of the deliveries, and where the next one starts."
);

/// One message's delivery, with every try at it.
#[utoipa::path(get, path = "/api/v1/notifications/deliveries/{id}", tag = "notifications",
    params(("id" = Uuid, Path, description = "The message")),
    responses((status = 200, body = DeliveryDetail), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(message = %id))]
async fn get_delivery(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<DeliveryDetail>> {
    principal.require(&[Role::Secretariat], "read the deliveries")?;
    let pool = read.wait(&state, None, &[notifier::NAME]).await?;
    match deliveries::one(&pool, id).await? {
        Some((delivery, tries)) => Ok(Json(DeliveryDetail { delivery, tries })),
        None => Err(ApiError::NotFound(format!("there is no message {id}"))),
    }
}

/// The refusals of sending a message again.
#[allow(dead_code)]
#[derive(Debug, IntoResponses)]
pub enum ResendErrors {
    /// Malformed message id.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// Missing, unknown, expired or revoked token.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// Only the secretariat sends messages again.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// There is no such message.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// The message is not dead (pending, sent or dropped), or its words are no longer kept;
    /// nothing changed. Also an `Idempotency-Key` still in flight.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// A body larger than the server takes.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    /// An `Idempotency-Key` used before with another request.
    #[response(status = 422, content_type = "application/problem+json")]
    Unprocessable(Problem),
    /// The database is not available.
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(Problem),
}

/// Sends a dead message again: it is pending from now, with a full set of tries, and
/// keeps its Message-ID (a receiver that got it after all sees the same message).
#[utoipa::path(operation_id = "resend_delivery", post, path = "/api/v1/notifications/deliveries/{id}/resend",
    tag = "notifications",
    params(("id" = Uuid, Path, description = "The message")),
    responses((status = 200, description = "Pending again", body = DeliveryRow), ResendErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(message = %id))]
async fn resend(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<DeliveryRow>> {
    principal.require(&[Role::Secretariat], "send messages again")?;
    match deliveries::resend(&state.pool, id).await {
        Ok(row) => {
            // The outbox is not in the event store: this line records who did it.
            tracing::info!(by = %principal.person, message = %id, "message sent again");
            Ok(Json(row))
        }
        Err(ResendError::NotFound(id)) => {
            Err(ApiError::NotFound(format!("there is no message {id}")))
        }
        Err(ResendError::Database(error)) => Err(error.into()),
        Err(error @ (ResendError::NotDead(_) | ResendError::Purged)) => Err(ApiError::edge(
            EdgeRule::MessageNotDead,
            error.to_string(),
            None,
        )),
    }
}
