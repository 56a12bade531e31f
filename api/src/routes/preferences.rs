//! Which messages a person receives: their own choices, read and changed with their token,
//! and the unsubscribe link in every message, which works without signing in and changes
//! that one person's choice for that one kind.

use super::ReadErrors;
use crate::auth::Principal;
use crate::http::error::{ApiError, ApiResult, EdgeRule, Problem};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use charter_notifications::preferences::{self, Delivery, Preference, PreferenceError};
use charter_notifications::NoticeKind;
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::{IntoParams, IntoResponses, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_preferences, set_preferences))
        .routes(routes!(unsubscribe_page, unsubscribe))
}

/// How the caller receives each kind of message: `immediate` (the default), `daily_digest`
/// or `off`. Kinds about a deadline, an interview, a vote in their electorate, or the
/// secretariat's warnings cannot be switched off, only batched (`can_switch_off`).
#[utoipa::path(operation_id = "get_own_preferences", get, path = "/api/v1/notifications/preferences", tag = "notifications",
    responses((status = 200, body = Vec<Preference>), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn my_preferences(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<Vec<Preference>>> {
    Ok(Json(
        preferences::list(&state.pool, principal.person.0).await?,
    ))
}

/// Changes to the caller's choices.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferenceChanges {
    /// By kind of message, how it is to be received.
    #[schema(example = json!({"vote_closed": "daily_digest", "stage_reached": "off"}))]
    pub choices: BTreeMap<String, Delivery>,
}

/// Changes how the caller receives the kinds named (all or none); returns every choice.
#[utoipa::path(operation_id = "set_own_preferences", put, path = "/api/v1/notifications/preferences", tag = "notifications",
    request_body = PreferenceChanges,
    responses((status = 200, body = Vec<Preference>), super::CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn set_preferences(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(changes): ApiJson<PreferenceChanges>,
) -> ApiResult<Json<Vec<Preference>>> {
    let choices: Vec<(String, Delivery)> = changes.choices.into_iter().collect();
    preferences::set(&state.pool, principal.person.0, &choices)
        .await
        .map_err(refusal)?;
    Ok(Json(
        preferences::list(&state.pool, principal.person.0).await?,
    ))
}

/// The refusals of an unsubscribe link besides a link that is not one.
#[allow(dead_code)]
#[derive(Debug, IntoResponses)]
pub enum UnsubscribeErrors {
    /// No `kind`, or a malformed query.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// An `Idempotency-Key` still in flight.
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

/// The kind an unsubscribe link is for.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UnsubscribeQuery {
    /// The kind of message to stop (or, for one that cannot be stopped, to batch daily).
    pub kind: String,
}

/// An unsubscribe link opened in a browser: it leads to the page that says, in the
/// reader's language, what following it will change, with a button that does it
/// (`/unsubscribe/{key}?kind=…`). Nothing changes until the button is pressed (a mail
/// scanner that opens links changes nothing).
#[utoipa::path(operation_id = "get_unsubscribe_page", get, path = "/api/v1/notifications/unsubscribe/{key}", tag = "notifications",
    params(("key" = String, Path, description = "The key in the person's links"), UnsubscribeQuery),
    responses((status = 303, description = "To the page that asks to confirm",
            headers(("location" = String, description = "The page"))),
        (status = 404, description = "No such link", content_type = "text/html", body = String),
        UnsubscribeErrors))]
#[tracing::instrument(skip_all)]
async fn unsubscribe_page(
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<UnsubscribeQuery>,
) -> Response {
    // Keys are hex: anything else is no key, and must not reach the Location header.
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_hexdigit()) {
        return not_found();
    }
    let query = serde_urlencoded::to_string([("kind", query.kind.as_str())]).unwrap_or_default();
    Redirect::to(&format!("/unsubscribe/{key}?{query}")).into_response()
}

/// Follows an unsubscribe link (the page's button, or a mail client's one-click request,
/// RFC 8058): that person's choice for that kind changes, nothing else.
#[utoipa::path(operation_id = "unsubscribe_from_messages", post, path = "/api/v1/notifications/unsubscribe/{key}", tag = "notifications",
    params(("key" = String, Path, description = "The key in the person's links"), UnsubscribeQuery),
    responses((status = 200, description = "Done", content_type = "text/html", body = String),
        (status = 404, description = "No such link", content_type = "text/html", body = String),
        UnsubscribeErrors))]
#[tracing::instrument(skip_all)]
async fn unsubscribe(
    State(state): State<AppState>,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<UnsubscribeQuery>,
) -> Response {
    match preferences::unsubscribe(&state.pool, &key, &query.kind).await {
        Ok(delivery) => {
            let kind = NoticeKind::parse(&query.kind)
                .map(words)
                .unwrap_or_default();
            let done = match delivery {
                Delivery::DailyDigest => "will come once a day, in a daily digest",
                _ => "will no longer be sent to you",
            };
            page(
                StatusCode::OK,
                &format!("<p>Done: messages of the kind <strong>{kind}</strong> {done}.</p>"),
            )
        }
        Err(PreferenceError::Database(error)) => ApiError::from(error).into_response(),
        Err(_) => not_found(),
    }
}

fn words(kind: NoticeKind) -> String {
    kind.as_str().replace('_', " ")
}

fn not_found() -> Response {
    page(
        StatusCode::NOT_FOUND,
        "<p>This link is not valid. Copy the whole link from the message, or sign in to \
         choose which messages you receive.</p>",
    )
}

fn page(status: StatusCode, body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>Charter: your messages</title></head>\n<body>\n<h1>Your messages</h1>\n{body}\n\
         </body></html>\n"
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

/// A refused change of choices, as the API answers it.
fn refusal(error: PreferenceError) -> ApiError {
    match error {
        // The field names the choice refused (`choices.<kind>`), so a form can point at it.
        PreferenceError::UnknownKind(ref kind) => ApiError::BadRequest {
            field: Some(format!("choices.{kind}")),
            detail: error.to_string(),
        },
        PreferenceError::UnknownKey => ApiError::BadRequest {
            detail: error.to_string(),
            field: Some("choices".to_owned()),
        },
        PreferenceError::Required(kind) => ApiError::edge(
            EdgeRule::CannotSwitchOff,
            error.to_string(),
            Some(&format!("choices.{kind}")),
        ),
        PreferenceError::Database(error) => error.into(),
    }
}
