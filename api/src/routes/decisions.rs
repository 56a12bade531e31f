//! Decisions on the application as a whole: eligibility, advancing, rejection, withdrawal
//! and the signatures that make it an initiative.

use super::{accepted, CommandErrors};
use crate::auth::Caller;
use crate::http::error::ApiResult;
use crate::http::extract::{ApiJson, ApiPath};
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use charter_domain::application::{ApplicationCommand, Stage};
use charter_domain::permissions::CommandKind;
use charter_domain::{ApplicationId, VoteId};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(grant_eligibility))
        .routes(routes!(advance))
        .routes(routes!(reject))
        .routes(routes!(withdraw))
        .routes(routes!(sign))
        .routes(routes!(appeal))
}

/// The founders' grounds for appealing a rejection.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Appeal {
    #[schema(min_length = 1, max_length = 4000)]
    pub grounds: String,
}

/// The founders appeal their application's rejection, once. The secretariat then opens an
/// appeal vote; if it passes, the application reopens at the stage it was rejected in.
#[utoipa::path(operation_id = "appeal_rejection", post, path = "/api/v1/applications/{id}/appeals", tag = "decisions",
    params(("id" = Uuid, Path, description = "The application")),
    request_body = Appeal,
    responses((status = 201, description = "Lodged", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn appeal(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<Appeal>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::LodgeAppeal)?;
    let id = ApplicationId(id);
    principal.require_scope(id)?;
    let command = ApplicationCommand::LodgeAppeal {
        grounds: body.grounds,
    };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, true))
}

/// The secretariat's note on the basics checked.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantEligibility {
    #[schema(max_length = 4000)]
    pub note: Option<String>,
}

/// Grants application eligibility after the basics are checked.
#[utoipa::path(post, path = "/api/v1/applications/{id}/eligibility", tag = "decisions",
    params(("id" = Uuid, Path, description = "The application")),
    request_body = GrantEligibility,
    responses((status = 200, description = "Eligible", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn grant_eligibility(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<GrantEligibility>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::GrantEligibility)?;
    let id = ApplicationId(id);
    let command = ApplicationCommand::GrantEligibility { note: body.note };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, false))
}

/// The stage to advance into.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Advance {
    /// The next stage. Naming it makes a repeated request fail rather than advance twice.
    pub to: Stage,
    /// The passed committee vote on this advance, when the gate needs one. Usually not
    /// needed: a passed vote advances the application by itself.
    pub vote_id: Option<Uuid>,
}

/// Advances the application through the gate into the next stage. Refused with the list
/// of what is missing when the gate is not met.
#[utoipa::path(operation_id = "advance_application", post, path = "/api/v1/applications/{id}/advance", tag = "decisions",
    params(("id" = Uuid, Path, description = "The application")),
    request_body = Advance,
    responses((status = 200, description = "Advanced", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn advance(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<Advance>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::AdvanceStage)?;
    let id = ApplicationId(id);
    let vote = match body.vote_id {
        Some(vote) => Some(state.vote_decision(VoteId(vote), "vote_id").await?),
        None => None,
    };
    let command = ApplicationCommand::AdvanceStage { to: body.to, vote };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, false))
}

/// The grounds of a rejection.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reject {
    #[schema(min_length = 1, max_length = 4000)]
    pub reason: String,
    /// The committee vote that decided it; required after the eligibility gate.
    pub vote_id: Option<Uuid>,
}

/// Rejects the application, with a reason.
#[utoipa::path(operation_id = "reject_application", post, path = "/api/v1/applications/{id}/rejection", tag = "decisions",
    params(("id" = Uuid, Path, description = "The application")),
    request_body = Reject,
    responses((status = 200, description = "Rejected", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn reject(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<Reject>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::Reject)?;
    let id = ApplicationId(id);
    let vote = match body.vote_id {
        Some(vote) => Some(state.vote_decision(VoteId(vote), "vote_id").await?),
        None => None,
    };
    let command = ApplicationCommand::Reject {
        reason: body.reason,
        vote,
    };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, false))
}

/// Why the founders withdraw.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Withdraw {
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
}

/// The founders withdraw their application.
#[utoipa::path(operation_id = "withdraw_application", post, path = "/api/v1/applications/{id}/withdrawal", tag = "decisions",
    params(("id" = Uuid, Path, description = "The application")),
    request_body = Withdraw,
    responses((status = 200, description = "Withdrawn", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn withdraw(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<Withdraw>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::Withdraw)?;
    let id = ApplicationId(id);
    principal.require_scope(id)?;
    let command = ApplicationCommand::Withdraw {
        reason: body.reason,
    };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, false))
}

/// A signature carries no fields: the signing side follows from the caller's role.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Sign {}

/// Signs the membership agreement: an applicant for the founders, the secretariat for the
/// association. The second signature makes the application an initiative.
#[utoipa::path(operation_id = "record_signature", post, path = "/api/v1/applications/{id}/signatures", tag = "decisions",
    params(("id" = Uuid, Path, description = "The application")),
    request_body = Sign,
    responses((status = 201, description = "Signed", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn sign(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(_body): ApiJson<Sign>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::Sign)?;
    let id = ApplicationId(id);
    principal.require_scope(id)?;
    let outcome = state
        .execute(principal.context(), id, ApplicationCommand::Sign)
        .await?;
    Ok(accepted(id, outcome, true))
}
