//! The member hubs of the network over HTTP: registering a hub older than Charter, its
//! delegates, its standing (the reads are in `reads.rs`). A hub is kept in the roster, so
//! its commands run on the roster like the people's; their version is the hub's own.

mod reads;

use super::{recorded, roster_answer, CommandErrors, RecordedEvent};
use crate::auth::Caller;
use crate::http::error::ApiResult;
use crate::http::extract::{ApiJson, ApiPath};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use charter_domain::ids::HubId;
use charter_domain::roster::{HubCommand, RosterCommand};
use charter_domain::PersonId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register_hub, reads::list_hubs))
        .routes(routes!(reads::get_hub))
        .routes(routes!(reads::hub_votes))
        .routes(routes!(appoint_delegate))
        .routes(routes!(end_delegation))
        .routes(routes!(suspend_hub))
        .routes(routes!(reinstate_hub))
        .routes(routes!(record_departure))
}

/// The answer to an accepted command about a hub.
#[derive(Debug, Serialize, ToSchema)]
pub struct HubAccepted {
    pub hub_id: Uuid,
    /// The hub's own version after the command (the sequence of the roster's last event
    /// about it), as its read's `ETag` gives it: send it in `If-Match` on its next command.
    pub version: i64,
    /// Pass as `min_position` to a read to see the command's effect.
    pub position: i64,
    /// The same as `Consistency-Token`: send it back in that header on a read (from any
    /// client) to see the command's effect. Opaque; the writer's own reads wait for it anyway.
    #[schema(pattern = "^[0-9]{1,19}$")]
    pub consistency_token: String,
    pub events: Vec<RecordedEvent>,
}

/// Runs `command` about `hub` on the roster, answering `status` with the hub as
/// `Location` and its own version as `ETag`.
async fn change(
    state: &AppState,
    principal: &Caller,
    hub: HubId,
    command: HubCommand,
    status: StatusCode,
) -> ApiResult<Response> {
    let command = RosterCommand::Hub(command);
    let location = format!("/api/v1/hubs/{hub}");
    roster_answer::run(state, principal, command, status, location, |accepted| {
        HubAccepted {
            hub_id: hub.0,
            version: accepted.version,
            position: accepted.position,
            consistency_token: accepted.position.to_string(),
            events: recorded(accepted.events),
        }
    })
    .await
}

/// A hub that was a member before Charter kept the record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterHub {
    #[schema(min_length = 1, max_length = 150)]
    pub name: String,
    #[schema(min_length = 1, max_length = 150)]
    pub city: String,
    /// ISO 3166-1 alpha-2.
    #[schema(min_length = 2, max_length = 2)]
    pub country: String,
    /// The first day the hub was a member: today or earlier.
    pub joined: NaiveDate,
}

/// Registers a member hub older than Charter, with the day it joined (a hub admitted
/// through an application is registered by Charter when the application becomes an
/// initiative). Its name must not be that of another current member hub (409).
#[utoipa::path(post, path = "/api/v1/hubs", tag = "hubs",
    request_body = RegisterHub,
    responses((status = 201, description = "Registered", body = HubAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn register_hub(
    State(state): State<AppState>,
    principal: Caller,
    ApiJson(body): ApiJson<RegisterHub>,
) -> ApiResult<Response> {
    let hub = HubId::new();
    let command = HubCommand::AdmitHub {
        hub_id: hub,
        name: body.name,
        city: body.city,
        country: body.country,
        joined: body.joined,
        application_id: None,
    };
    change(&state, &principal, hub, command, StatusCode::CREATED).await
}

/// A person to represent the hub.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppointDelegate {
    /// A person on the roster, who represents no other hub.
    pub person_id: Uuid,
    /// The first day they represent the hub; today when absent.
    pub since: Option<NaiveDate>,
}

/// The person represents the hub from `since`: they may cast or change its ballot in
/// network votes. A person represents one hub at a time (409 otherwise).
#[utoipa::path(post, path = "/api/v1/hubs/{id}/delegates", tag = "hubs",
    params(("id" = Uuid, Path, description = "The hub")),
    request_body = AppointDelegate,
    responses((status = 201, description = "Appointed", body = HubAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(hub = %id))]
async fn appoint_delegate(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<AppointDelegate>,
) -> ApiResult<Response> {
    let hub = HubId(id);
    let command = HubCommand::AppointDelegate {
        hub_id: hub,
        person_id: PersonId(body.person_id),
        since: body.since.unwrap_or_else(|| state.clock.now().date_naive()),
    };
    change(&state, &principal, hub, command, StatusCode::CREATED).await
}

/// The day a delegation ends.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndDelegation {
    /// The first day the person no longer represents the hub; today when absent. A
    /// delegation lasts at least a day.
    pub on: Option<NaiveDate>,
}

/// The person no longer represents the hub from `on`.
#[utoipa::path(post, path = "/api/v1/hubs/{id}/delegates/{person_id}/end", tag = "hubs",
    params(("id" = Uuid, Path, description = "The hub"),
           ("person_id" = Uuid, Path, description = "The delegate")),
    request_body = EndDelegation,
    responses((status = 200, description = "Ended", body = HubAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(hub = %id, person = %person_id))]
async fn end_delegation(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath((id, person_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(body): ApiJson<EndDelegation>,
) -> ApiResult<Response> {
    let hub = HubId(id);
    let command = HubCommand::EndDelegation {
        hub_id: hub,
        person_id: PersonId(person_id),
        on: body.on.unwrap_or_else(|| state.clock.now().date_naive()),
    };
    change(&state, &principal, hub, command, StatusCode::OK).await
}

/// Why a hub is suspended.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuspendHub {
    #[schema(min_length = 1, max_length = 4000)]
    pub reason: String,
}

/// Suspends the hub: it has no vote in network votes opened until it is reinstated.
#[utoipa::path(post, path = "/api/v1/hubs/{id}/suspension", tag = "hubs",
    params(("id" = Uuid, Path, description = "The hub")),
    request_body = SuspendHub,
    responses((status = 200, description = "Suspended", body = HubAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(hub = %id))]
async fn suspend_hub(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<SuspendHub>,
) -> ApiResult<Response> {
    let hub = HubId(id);
    let command = HubCommand::SuspendHub {
        hub_id: hub,
        reason: body.reason,
    };
    change(&state, &principal, hub, command, StatusCode::OK).await
}

/// Reinstating takes no fields.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReinstateHub {}

/// Reinstates the suspended hub: it is in good standing again. Refused with 409 for a hub
/// that is not suspended.
#[utoipa::path(post, path = "/api/v1/hubs/{id}/reinstatement", tag = "hubs",
    params(("id" = Uuid, Path, description = "The hub")),
    request_body = ReinstateHub,
    responses((status = 200, description = "Reinstated", body = HubAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(hub = %id))]
async fn reinstate_hub(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(_body): ApiJson<ReinstateHub>,
) -> ApiResult<Response> {
    let hub = HubId(id);
    let command = HubCommand::ReinstateHub { hub_id: hub };
    change(&state, &principal, hub, command, StatusCode::OK).await
}

/// Why a hub leaves the network.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordDeparture {
    #[schema(min_length = 1, max_length = 4000)]
    pub reason: String,
}

/// Records that the hub left the network, for good: it takes no further commands, and its
/// name is free for another hub.
#[utoipa::path(post, path = "/api/v1/hubs/{id}/departure", tag = "hubs",
    params(("id" = Uuid, Path, description = "The hub")),
    request_body = RecordDeparture,
    responses((status = 200, description = "Left", body = HubAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(hub = %id))]
async fn record_departure(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<RecordDeparture>,
) -> ApiResult<Response> {
    let hub = HubId(id);
    let command = HubCommand::RecordHubDeparture {
        hub_id: hub,
        reason: body.reason,
    };
    change(&state, &principal, hub, command, StatusCode::OK).await
}
