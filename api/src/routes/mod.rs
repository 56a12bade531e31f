//! The HTTP API under `/api/v1`: one router per resource, merged, plus health and docs.

mod account;
mod applicant_status;
mod applications;
mod calendar;
mod checkpoints;
mod dashboard;
mod decisions;
pub(crate) mod documents;
mod erasure;
mod exports;
mod health;
mod history;
mod hubs;
mod integrity;
mod interviews;
pub mod metrics;
pub(crate) mod notifications;
mod panel;
mod people;
mod preferences;
mod roster_answer;
pub(crate) mod tokens;
mod votes;
mod webhooks;

use crate::commands::Accepted;
use crate::http::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use charter_domain::application::ApplicationEvent;
use charter_domain::ApplicationId;
use charter_projections::read_models::{
    application_summary, application_timeline, roster, vote_register,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, IntoResponses, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

/// Every route of the API, with its OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(applications::router())
        .merge(history::router())
        .merge(applicant_status::router())
        .merge(documents::router())
        .merge(panel::router())
        .merge(interviews::router())
        .merge(decisions::router())
        .merge(votes::router())
        .merge(dashboard::router())
        .merge(integrity::router())
        .merge(checkpoints::router())
        .merge(exports::router())
        .merge(people::router())
        .merge(hubs::router())
        .merge(erasure::router())
        .merge(tokens::router())
        .merge(account::router())
        .merge(notifications::router())
        .merge(preferences::router())
        .merge(calendar::router())
        .merge(webhooks::router())
        .merge(health::router())
}

/// Every read model but the founders' status (see `applicant_status::STATUS_READ_MODELS`):
/// what reads of applications, documents, people, votes, the dashboard and the exports
/// draw on. Such a read waits until each has applied its consistency token.
pub const GENERAL_READ_MODELS: &[&str] = &[
    application_summary::NAME,
    application_timeline::NAME,
    roster::NAME,
    vote_register::NAME,
    charter_projections::read_models::hubs::NAME,
];

/// The answer to an accepted command.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommandAccepted {
    pub application_id: Uuid,
    /// The application's version after the command: the sequence of its last event.
    pub version: i64,
    /// The global position of the last event written. Pass it as `min_position` to a read
    /// to see the command's effect.
    pub position: i64,
    /// The same as `Consistency-Token`: send it back in that header on a read (from any
    /// client) to see the command's effect. Opaque; the writer's own reads wait for it anyway.
    #[schema(pattern = "^[0-9]{1,19}$")]
    pub consistency_token: String,
    /// The events the command recorded.
    pub events: Vec<RecordedEvent>,
}

/// One event a command recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedEvent {
    pub sequence: i64,
    #[serde(rename = "type")]
    pub event_type: String,
    /// The event's fields.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// The events a command recorded, as the API shows them.
pub(crate) fn recorded<E: cqrs_es::DomainEvent>(events: Vec<(i64, E)>) -> Vec<RecordedEvent> {
    events
        .into_iter()
        .map(|(sequence, event)| {
            let event_type = event.event_type();
            // Externally tagged: {"Variant": {fields}}; keep the fields.
            let data = match serde_json::to_value(&event) {
                Ok(serde_json::Value::Object(mut tagged)) => {
                    tagged.remove(&event_type).unwrap_or_default()
                }
                _ => serde_json::Value::Null,
            };
            RecordedEvent {
                sequence,
                event_type,
                data,
            }
        })
        .collect()
}

impl CommandAccepted {
    fn new(id: ApplicationId, accepted: Accepted<ApplicationEvent>) -> Self {
        Self {
            application_id: id.0,
            version: accepted.version,
            position: accepted.position,
            consistency_token: accepted.position.to_string(),
            events: recorded(accepted.events),
        }
    }
}

/// A command's response: 201 with the application as `Location` when it created
/// something, 200 otherwise.
pub(crate) fn accepted(
    id: ApplicationId,
    outcome: Accepted<ApplicationEvent>,
    created: bool,
) -> Response {
    if created {
        created_at(id, outcome, format!("/api/v1/applications/{id}"))
    } else {
        let etag = crate::http::preconditions::etag(outcome.version);
        (
            StatusCode::OK,
            [(header::ETAG, etag)],
            Json(CommandAccepted::new(id, outcome)),
        )
            .into_response()
    }
}

/// A command's response: 201 with `location` naming what it created.
pub(crate) fn created_at(
    id: ApplicationId,
    outcome: Accepted<ApplicationEvent>,
    location: String,
) -> Response {
    let etag = crate::http::preconditions::etag(outcome.version);
    (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        [(header::ETAG, etag)],
        Json(CommandAccepted::new(id, outcome)),
    )
        .into_response()
}

/// Read-your-writes: a read waits (bounded) until the read models reach this position. The
/// older alias of the `Consistency-Token` header (see `crate::http::freshness`); a writer's
/// own reads wait for its latest write without either.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Consistency {
    /// A `position` from a command's response; the read waits until it is applied.
    /// 0 (or absent) does not wait.
    pub min_position: Option<i64>,
}

/// The refusals any command route can give.
#[allow(dead_code)]
#[derive(Debug, IntoResponses)]
pub enum CommandErrors {
    /// Malformed JSON, path or query.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// Missing, unknown, expired or revoked token.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The role, scope or panel seat does not allow it.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// The application (or review, interview) does not exist.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// Illegal transition, duplicate, or concurrent writes that kept conflicting.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// The body is too large.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    /// The body is not JSON.
    #[response(status = 415, content_type = "application/problem+json")]
    UnsupportedMediaType(Problem),
    /// Wrong shape or types, a rule on the input, or a gate requirement not met.
    #[response(status = 422, content_type = "application/problem+json")]
    Unprocessable(Problem),
    /// The database is not available.
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(Problem),
}

/// The refusals any read route can give.
#[allow(dead_code)]
#[derive(Debug, IntoResponses)]
pub enum ReadErrors {
    /// Malformed path or query, an unknown `min_position`, or a malformed
    /// `Consistency-Token`.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// Missing, unknown, expired or revoked token.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The caller may not see this.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// It does not exist.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// The read models did not reach the `Consistency-Token` (or `min_position`) in time,
    /// or the database is away.
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(Problem),
}

/// 404 for any path the API does not have.
pub async fn no_such_route() -> ApiError {
    ApiError::NotFound("no such route".to_owned())
}

/// 405 for a path the API has, with a method it does not take.
pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// A list's `limit`: `default` when absent, refused outside 1 to `most`.
pub(crate) fn limit(asked: Option<i64>, default: i64, most: i64) -> ApiResult<i64> {
    let limit = asked.unwrap_or(default);
    if (1..=most).contains(&limit) {
        Ok(limit)
    } else {
        Err(ApiError::BadRequest {
            detail: format!("limit must be from 1 to {most}"),
            field: Some("limit".to_owned()),
        })
    }
}

/// A list's `offset`: 0 when absent, refused when negative.
pub(crate) fn offset(asked: Option<i64>) -> ApiResult<i64> {
    match asked.unwrap_or(0) {
        offset if offset >= 0 => Ok(offset),
        _ => Err(ApiError::BadRequest {
            detail: "offset must not be negative".to_owned(),
            field: Some("offset".to_owned()),
        }),
    }
}
