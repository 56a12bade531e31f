//! How a command on the roster is run and answered, for a person or a hub alike: the
//! changed resource as `Location`, its own version (not the roster's) as `ETag`.

use crate::auth::Caller;
use crate::commands::Accepted;
use crate::http::error::ApiResult;
use crate::state::AppState;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use charter_domain::roster::{RosterCommand, RosterEvent, ROSTER_ID};
use serde::Serialize;

/// Runs `command` for `principal` and answers `status`, locating the changed resource at
/// `location`; `body` makes the answer's body of what was accepted.
pub(crate) async fn run<B: Serialize>(
    state: &AppState,
    principal: &Caller,
    command: RosterCommand,
    status: StatusCode,
    location: String,
    body: impl FnOnce(Accepted<RosterEvent>) -> B,
) -> ApiResult<Response> {
    principal.may_give(command.kind())?;
    let accepted = state
        .run(&state.roster, principal.context(), ROSTER_ID, command, None)
        .await?;
    let etag = crate::http::preconditions::etag(accepted.version);
    Ok((
        status,
        [(header::LOCATION, location)],
        [(header::ETAG, etag)],
        Json(body(accepted)),
    )
        .into_response())
}
