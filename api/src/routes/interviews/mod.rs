//! Interviews with the founding team: scheduled, perhaps moved, then recorded or cancelled.

mod attendees;

use super::{accepted, CommandErrors};
use crate::auth::Caller;
use crate::http::error::ApiResult;
use crate::http::extract::{ApiJson, ApiPath};
use crate::state::AppState;
use attendees::AttendeeInput;
use axum::extract::State;
use axum::response::Response;
use charter_domain::application::ApplicationCommand;
use charter_domain::permissions::CommandKind;
use charter_domain::ApplicationId;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(schedule_interview))
        .routes(routes!(reschedule_interview))
        .routes(routes!(record_interview))
        .routes(routes!(cancel_interview))
}

/// When and where the interview takes place.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInterview {
    pub scheduled_for: DateTime<Utc>,
    #[schema(min_length = 1, max_length = 150)]
    pub location: String,
}

/// Schedules an interview; the response's event carries its number.
#[utoipa::path(post, path = "/api/v1/applications/{id}/interviews", tag = "interviews",
    params(("id" = Uuid, Path, description = "The application")),
    request_body = ScheduleInterview,
    responses((status = 201, description = "Scheduled", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn schedule_interview(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<ScheduleInterview>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::ScheduleInterview)?;
    let id = ApplicationId(id);
    let command = ApplicationCommand::ScheduleInterview {
        scheduled_for: body.scheduled_for,
        location: body.location,
    };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, true))
}

/// The interview's new time or place (or both); what is not moving is given as it is.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RescheduleInterview {
    pub scheduled_for: DateTime<Utc>,
    #[schema(min_length = 1, max_length = 150)]
    pub location: String,
}

/// Moves a scheduled interview to a new time or place; a move to the time and place it
/// already has is refused (409 `interview-unchanged`).
#[utoipa::path(post, path = "/api/v1/applications/{id}/interviews/{interview}/reschedule", tag = "interviews",
    params(("id" = Uuid, Path, description = "The application"),
           ("interview" = u32, Path, description = "The interview's number")),
    request_body = RescheduleInterview,
    responses((status = 200, description = "Moved", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn reschedule_interview(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath((id, interview)): ApiPath<(Uuid, u32)>,
    ApiJson(body): ApiJson<RescheduleInterview>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::RescheduleInterview)?;
    let id = ApplicationId(id);
    let command = ApplicationCommand::RescheduleInterview {
        interview,
        scheduled_for: body.scheduled_for,
        location: body.location,
    };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, false))
}

/// What happened at the interview.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordInterview {
    #[schema(min_length = 1, max_length = 50000)]
    pub notes: String,
    /// Who attended (1 to 40), each a name or a person by id.
    #[schema(max_items = 40)]
    pub attendees: Vec<AttendeeInput>,
}

/// Records an interview that was held (not before its scheduled time). Each attendee's
/// name is sealed under a key of their own: the recorded event, the timeline and the
/// status show each attendee's `subject_id` (for someone not on the roster, an id given
/// now), which `POST /api/v1/people/{id}/erasure` erases; 422 `invalid-body` for a
/// `person_id` that is neither a founder's nor on the roster, or whose data was erased.
#[utoipa::path(post, path = "/api/v1/applications/{id}/interviews/{interview}/record", tag = "interviews",
    params(("id" = Uuid, Path, description = "The application"),
           ("interview" = u32, Path, description = "The interview's number")),
    request_body = RecordInterview,
    responses((status = 200, description = "Recorded", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn record_interview(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath((id, interview)): ApiPath<(Uuid, u32)>,
    ApiJson(body): ApiJson<RecordInterview>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::RecordInterview)?;
    let id = ApplicationId(id);
    let attendees = attendees::resolve(&state, id, body.attendees).await?;
    let command = ApplicationCommand::RecordInterview {
        interview,
        notes: body.notes,
        attendees,
    };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, false))
}

/// Why the interview is called off.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelInterview {
    #[schema(min_length = 1, max_length = 4000)]
    pub reason: String,
}

/// Cancels a scheduled interview.
#[utoipa::path(post, path = "/api/v1/applications/{id}/interviews/{interview}/cancel", tag = "interviews",
    params(("id" = Uuid, Path, description = "The application"),
           ("interview" = u32, Path, description = "The interview's number")),
    request_body = CancelInterview,
    responses((status = 200, description = "Cancelled", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn cancel_interview(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath((id, interview)): ApiPath<(Uuid, u32)>,
    ApiJson(body): ApiJson<CancelInterview>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::CancelInterview)?;
    let id = ApplicationId(id);
    let command = ApplicationCommand::CancelInterview {
        interview,
        reason: body.reason,
    };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, false))
}
