//! Each person's private calendar feed: the URL (shown to them, replaced on request) and
//! the feed itself, which a calendar fetches without signing in; the key in the URL is
//! what keeps it private.

use super::ReadErrors;
use crate::auth::Principal;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::ApiPath;
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use charter_notifications::calendar::person;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_feed))
        .routes(routes!(replace_feed))
        .routes(routes!(feed))
}

/// Where a person's calendar feed is.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarFeed {
    /// The feed's URL, to subscribe to in a calendar (webcal clients take it as it is).
    /// Whoever holds it reads the feed: keep it private, or replace it.
    pub url: String,
}

fn feed_url(state: &AppState, key: &str) -> CalendarFeed {
    CalendarFeed {
        url: format!("{}/api/v1/calendar/{key}", state.writing.base_url),
    }
}

/// The caller's calendar feed URL: their interviews, deadlines and vote closings, updated
/// as they change.
#[utoipa::path(operation_id = "get_own_calendar_feed", get, path = "/api/v1/notifications/calendar", tag = "notifications",
    responses((status = 200, body = CalendarFeed), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn my_feed(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<CalendarFeed>> {
    let mut conn = state.pool.acquire().await?;
    let key = person::feed_key(&mut conn, principal.person.0).await?;
    Ok(Json(feed_url(&state, &key)))
}

/// Replaces the caller's calendar feed URL: the old one stops working at once.
#[utoipa::path(operation_id = "reset_own_calendar_feed", post, path = "/api/v1/notifications/calendar/reset", tag = "notifications",
    responses((status = 200, body = CalendarFeed), super::CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn replace_feed(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<CalendarFeed>> {
    let key = person::replace_key(&state.pool, principal.person.0).await?;
    Ok(Json(feed_url(&state, &key)))
}

/// A person's calendar feed (iCalendar, METHOD:PUBLISH), read by their calendar without
/// signing in.
#[utoipa::path(operation_id = "get_calendar_feed", get, path = "/api/v1/calendar/{key}", tag = "notifications",
    params(("key" = String, Path, description = "The key in the person's feed URL")),
    responses((status = 200, description = "The feed", content_type = "text/calendar", body = String),
        (status = 404, description = "No such feed", content_type = "application/problem+json",
            body = crate::http::error::Problem),
        (status = 503, description = "The database is not available",
            content_type = "application/problem+json", body = crate::http::error::Problem)))]
#[tracing::instrument(skip_all)]
async fn feed(State(state): State<AppState>, ApiPath(key): ApiPath<String>) -> ApiResult<Response> {
    let found = person::feed_of(
        &state.pool,
        &key,
        &state.policy,
        &state.writing.calendar_host,
        &state.writing.base_url,
        state.clock.now(),
    )
    .await?;
    match found {
        Some(ics) => Ok((
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "private, max-age=300"),
            ],
            ics,
        )
            .into_response()),
        None => Err(ApiError::NotFound(
            "there is no such calendar feed".to_owned(),
        )),
    }
}
