//! The roster over HTTP: people, committee seats, the expert panel pool, the secretariat
//! (erasing a person is in `erasure.rs`).

use super::{
    recorded, roster_answer, CommandErrors, Consistency, ReadErrors, RecordedEvent,
    GENERAL_READ_MODELS,
};
use crate::auth::{Caller, Principal};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::freshness::ReadAfter;
use crate::http::paging::{self, page_of, Paged};
use crate::state::AppState;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use axum::response::Response;
use charter_domain::roster::RosterCommand;
use charter_domain::{PersonId, Role};
use charter_projections::read_models::roster::{self, PeopleFilter, PeopleGroup, PersonView};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register, list_people))
        .routes(routes!(get_person))
        .routes(routes!(take_seat))
        .routes(routes!(leave_seat))
        .routes(routes!(join_pool))
        .routes(routes!(leave_pool))
        .routes(routes!(join_secretariat, leave_secretariat))
}

/// The answer to an accepted roster command.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonAccepted {
    pub person_id: Uuid,
    /// The person's own version after the command (the sequence of the roster's last event
    /// about them), as their read's `ETag` gives it: send it in `If-Match` on their next
    /// command.
    pub version: i64,
    /// Pass as `min_position` to a read to see the command's effect.
    pub position: i64,
    /// The same as `Consistency-Token`: send it back in that header on a read (from any
    /// client) to see the command's effect. Opaque; the writer's own reads wait for it anyway.
    #[schema(pattern = "^[0-9]{1,19}$")]
    pub consistency_token: String,
    pub events: Vec<RecordedEvent>,
}

async fn change(
    state: &AppState,
    principal: &Caller,
    person: PersonId,
    command: RosterCommand,
    status: StatusCode,
) -> ApiResult<Response> {
    let location = format!("/api/v1/people/{person}");
    roster_answer::run(state, principal, command, status, location, |accepted| {
        PersonAccepted {
            person_id: person.0,
            version: accepted.version,
            position: accepted.position,
            consistency_token: accepted.position.to_string(),
            events: recorded(accepted.events),
        }
    })
    .await
}

/// A person to put on the roster.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Register {
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[schema(max_length = 254)]
    pub email: Option<String>,
}

/// Registers a person on the roster. Tokens are issued to people on the roster.
#[utoipa::path(operation_id = "register_person", post, path = "/api/v1/people", tag = "people",
    request_body = Register,
    responses((status = 201, description = "Registered", body = PersonAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn register(
    State(state): State<AppState>,
    principal: Caller,
    ApiJson(body): ApiJson<Register>,
) -> ApiResult<Response> {
    let person = PersonId::new();
    let command = RosterCommand::Register {
        person_id: person,
        name: body.name,
        email: body.email,
    };
    change(&state, &principal, person, command, StatusCode::CREATED).await
}

/// Which people to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// Only this group: `panel_pool`, `committee` (a seat today or to come) or
    /// `secretariat`.
    pub group: Option<PeopleGroup>,
    /// Only people whose name starts with this, in any case (1 to 100 characters).
    pub name: Option<String>,
    /// At most this many (1 to 500, default 500).
    #[param(minimum = 1, maximum = 500, default = 500)]
    pub limit: Option<i64>,
    /// Where the page starts: the `next` of the previous page (with the same filters).
    /// Leave it out for the first page.
    pub cursor: Option<String>,
    /// Skip this many (the older way to page).
    #[param(minimum = 0)]
    #[deprecated]
    pub offset: Option<i64>,
    /// Wait until the read models reach this position.
    pub min_position: Option<i64>,
}

page_of!(
    PeoplePage,
    PersonView,
    "A page of the people on the roster, and where the next one starts."
);

/// The people on the roster, by name: everyone, or a group of them, or those whose name
/// starts with `name`, a page at a time.
#[utoipa::path(get, path = "/api/v1/people", tag = "people",
    params(PeopleQuery),
    responses((status = 200, body = PeoplePage), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn list_people(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<PeopleQuery>,
) -> ApiResult<Paged<PeoplePage>> {
    // The key is the last person's id and how many were shown up to them, never their
    // name: a cursor travels in URLs and logs, and a name is personal data.
    const LIST: &str = "people";
    principal.require(&[Role::Secretariat, Role::Committee], "read the roster")?;
    #[allow(deprecated)]
    let offset = query.offset;
    paging::one_start(&query.cursor, "offset", offset.is_some())?;
    let limit = super::limit(query.limit, 500, 500)?;
    let offset = super::offset(offset)?;
    let after = match query.cursor.as_deref() {
        Some(cursor) => {
            let key = paging::key(LIST, cursor, 2)?;
            Some((
                paging::part::<Uuid>(&key[0])?,
                paging::part::<i64>(&key[1])?,
            ))
        }
        None => None,
    };
    let name = query.name.map(|name| name.trim().to_owned());
    if name.as_deref().is_some_and(|name| {
        name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control)
    }) {
        return Err(ApiError::BadRequest {
            detail: "name must be from 1 to 100 characters, none of them a control character"
                .to_owned(),
            field: Some("name".to_owned()),
        });
    }
    let pool = read
        .wait(&state, query.min_position, GENERAL_READ_MODELS)
        .await?;
    principal.require_seat(&state).await?;
    let filter = PeopleFilter {
        group: query.group,
        name,
        limit: limit + 1,
        offset,
        after,
    };
    let (people, start) = roster::list(&pool, &filter).await?;
    // A page with a next one is full: its last person is the `start + limit`th.
    let shown = i64::try_from(start)
        .unwrap_or(i64::MAX)
        .saturating_add(limit);
    let (items, next) = paging::split(people, limit, LIST, |person| {
        vec![person.person_id.to_string(), shown.to_string()]
    });
    Ok(Paged::new(PeoplePage { items, next }, &uri))
}

/// One person on the roster, with their seats and panel pool membership.
///
/// The `ETag` is the person's own version: the sequence of the roster's last event about
/// them. It moves only when they change, not when anyone else on the roster does; name it
/// in `If-Match` on their commands (seat, pool, secretariat, erasure), whose answers give
/// the same version.
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people",
    params(("id" = Uuid, Path, description = "The person"), Consistency,
           ("If-None-Match" = Option<String>, Header,
            description = "The `ETag` of an earlier read: 304 while it is still current")),
    responses((status = 200, body = PersonView,
                headers(("ETag" = String, description = "The person's own version, for `If-None-Match` and `If-Match`"))),
              (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`",
                headers(("ETag" = String, description = "The current `ETag`"))),
              ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(person = %id))]
async fn get_person(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    headers: axum::http::HeaderMap,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(consistency): ApiQuery<Consistency>,
) -> ApiResult<Response> {
    use crate::http::preconditions::{etag, tagged_json};
    let someone_else = principal.person.0 != id;
    if someone_else {
        principal.require(&[Role::Secretariat, Role::Committee], "read the roster")?;
    }
    let pool = read
        .wait(&state, consistency.min_position, GENERAL_READ_MODELS)
        .await?;
    if someone_else {
        principal.require_seat(&state).await?;
    }
    let (person, version) = roster::find_versioned(&pool, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("person {id} is not on the roster")))?;
    let body = serde_json::to_vec(&person).map_err(|error| ApiError::Internal(error.into()))?;
    Ok(tagged_json(&headers, etag(version), body))
}

/// The first day of a committee seat.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TakeSeat {
    pub since: NaiveDate,
}

/// The person takes a committee seat from `since`: they are in the electorate of votes
/// opened from that day.
#[utoipa::path(operation_id = "take_committee_seat", post, path = "/api/v1/people/{id}/committee-seat", tag = "people",
    params(("id" = Uuid, Path, description = "The person")),
    request_body = TakeSeat,
    responses((status = 201, description = "Seated", body = PersonAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(person = %id))]
async fn take_seat(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<TakeSeat>,
) -> ApiResult<Response> {
    let person = PersonId(id);
    let command = RosterCommand::TakeCommitteeSeat {
        person_id: person,
        since: body.since,
    };
    change(&state, &principal, person, command, StatusCode::CREATED).await
}

/// The day a seat ends.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeaveSeat {
    /// The first day the person no longer sits.
    pub on: NaiveDate,
}

/// The person's committee seat ends.
#[utoipa::path(operation_id = "leave_committee_seat", post, path = "/api/v1/people/{id}/committee-seat/end", tag = "people",
    params(("id" = Uuid, Path, description = "The person")),
    request_body = LeaveSeat,
    responses((status = 200, description = "Seat ended", body = PersonAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(person = %id))]
async fn leave_seat(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<LeaveSeat>,
) -> ApiResult<Response> {
    let person = PersonId(id);
    let command = RosterCommand::LeaveCommitteeSeat {
        person_id: person,
        on: body.on,
    };
    change(&state, &principal, person, command, StatusCode::OK).await
}

/// Areas of expertise in the panel pool.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinPool {
    #[schema(max_items = 20, min_length = 1, max_length = 100)]
    pub expertise: Vec<String>,
}

/// The person joins the expert panel pool; only people in it can be assigned to panels.
#[utoipa::path(operation_id = "join_panel_pool", post, path = "/api/v1/people/{id}/panel-pool", tag = "people",
    params(("id" = Uuid, Path, description = "The person")),
    request_body = JoinPool,
    responses((status = 201, description = "Joined", body = PersonAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(person = %id))]
async fn join_pool(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<JoinPool>,
) -> ApiResult<Response> {
    let person = PersonId(id);
    let command = RosterCommand::JoinPanelPool {
        person_id: person,
        expertise: body.expertise,
    };
    change(&state, &principal, person, command, StatusCode::CREATED).await
}

/// Leaving takes no fields.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeavePool {}

/// The person leaves the expert panel pool.
#[utoipa::path(operation_id = "leave_panel_pool", post, path = "/api/v1/people/{id}/panel-pool/leave", tag = "people",
    params(("id" = Uuid, Path, description = "The person")),
    request_body = LeavePool,
    responses((status = 200, description = "Left", body = PersonAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(person = %id))]
async fn leave_pool(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(_body): ApiJson<LeavePool>,
) -> ApiResult<Response> {
    let person = PersonId(id);
    let command = RosterCommand::LeavePanelPool { person_id: person };
    change(&state, &principal, person, command, StatusCode::OK).await
}

/// Joining the secretariat takes no fields.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinSecretariat {}

/// The person joins the secretariat: signed in, they act in the secretariat role.
/// Joining twice is refused with 409.
#[utoipa::path(post, path = "/api/v1/people/{id}/secretariat", tag = "people",
    params(("id" = Uuid, Path, description = "The person")),
    request_body = JoinSecretariat,
    responses((status = 201, description = "Joined", body = PersonAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(person = %id))]
async fn join_secretariat(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(_body): ApiJson<JoinSecretariat>,
) -> ApiResult<Response> {
    let person = PersonId(id);
    let command = RosterCommand::JoinSecretariat { person_id: person };
    change(&state, &principal, person, command, StatusCode::CREATED).await
}

/// The person leaves the secretariat. Refused with 409 for someone who is not a member.
#[utoipa::path(delete, path = "/api/v1/people/{id}/secretariat", tag = "people",
    params(("id" = Uuid, Path, description = "The person")),
    responses((status = 200, description = "Left", body = PersonAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(person = %id))]
async fn leave_secretariat(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let person = PersonId(id);
    let command = RosterCommand::LeaveSecretariat { person_id: person };
    change(&state, &principal, person, command, StatusCode::OK).await
}
