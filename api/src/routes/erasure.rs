//! Erasing a person's personal data on request, over HTTP (the work is in
//! [`crate::commands::erasure`]).

use super::CommandErrors;
use crate::auth::Caller;
use crate::commands::erasure::{self, Erasure};
use crate::http::error::ApiResult;
use crate::http::extract::{ApiJson, ApiPath};
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use charter_domain::permissions::CommandKind;
use charter_domain::PersonId;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(erase_person))
}

/// Erasing takes no fields.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Erase {}

/// Erases the personal data of a person on the roster, a founder (the `person_id` of an
/// application's founder) or an interview's attendee (their `subject_id`): their name,
/// e-mail address and the notes about them become unreadable everywhere, in the event
/// store, the read models and the exports, while the audit's hash chains still verify.
/// Their tokens are revoked. Cannot be undone. An `If-Match` names the subject's own
/// version (their read's `ETag`), checked before anything is erased.
#[utoipa::path(post, path = "/api/v1/people/{id}/erasure", tag = "people",
    params(("id" = Uuid, Path, description = "The person, founder or attendee")),
    request_body = Erase,
    responses((status = 200, description = "Erased", body = Erasure,
        headers(("ETag" = String, description = "The subject's own version after the erasure, quoted"))),
        CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(person = %id))]
async fn erase_person(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(_body): ApiJson<Erase>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::RecordErasure)?;
    let erasure = erasure::erase(
        &state.pool,
        &state.roster,
        &state.policy,
        principal.context(),
        state.clock.now(),
        PersonId(id),
    )
    .await;
    // Whether or not the erasure went all the way, what it did is forgotten here now:
    // the person's tokens (refused from their next request), and the cached states and
    // keys that may hold their opened values (other instances forget them when they hear
    // of the destroyed key).
    state.tokens.invalidate();
    state.applications.forget_cached();
    state.roster.forget_cached();
    state.votes.forget_cached();
    let erasure = erasure?;
    let etag = crate::http::preconditions::etag(erasure.version);
    Ok(([(header::ETAG, etag)], Json(erasure)).into_response())
}
