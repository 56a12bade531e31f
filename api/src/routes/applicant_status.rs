//! Where an application stands, as its founders see it: `GET /api/v1/applications/{id}/status`.

use super::applications::Openings;
use super::{Consistency, ReadErrors};
use crate::auth::Principal;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiPath, ApiQuery};
use crate::http::freshness::ReadAfter;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use charter_domain::application::Application;
use charter_domain::{ApplicationId, Role};
use charter_projections::read_models::applicant_status::{self, StatusDetails};
use charter_projections::read_models::{application_summary, vote_register};
use charter_store::position::position_of;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_status))
}

/// Where an application stands, as its founders see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicantStatus {
    pub application_id: Uuid,
    pub hub_name: String,
    pub stage: String,
    pub stage_since: DateTime<Utc>,
    /// The next gate (`to`) and each requirement the policy sets for it (`checks`), met
    /// or missing, by the very rule an advance is checked with; absent once the
    /// application has closed. Founders are not told how many reviews are in (that would
    /// tell them what unreleased reviews recommend), only whether the requirement is met.
    /// The vote requirement is met only by the vote an advance carries out; a vote under
    /// way shows in `votes`.
    #[schema(value_type = Option<Object>)]
    pub next_gate: Option<serde_json::Value>,
    /// Why the application was rejected, while it stands rejected: the grounds the
    /// founders may appeal against.
    pub rejection_reason: Option<String>,
    #[serde(flatten)]
    pub details: StatusDetails,
    #[serde(flatten)]
    pub openings: Openings,
}

/// Where an application stands, for its founders: the stage and since when, the checklist
/// of the next gate, open revision requests and their deadlines, interviews, the panel
/// feedback the secretariat has released (never an unreleased review, never a panelist's
/// name) and the outcomes of the committee votes about it (never a ballot). The founders,
/// the secretariat and the committee may read it.
#[utoipa::path(operation_id = "get_application_status", get, path = "/api/v1/applications/{id}/status", tag = "applications",
    params(("id" = Uuid, Path, description = "The application"), Consistency),
    responses((status = 200, body = ApplicantStatus), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn get_status(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(consistency): ApiQuery<Consistency>,
) -> ApiResult<Json<ApplicantStatus>> {
    principal.require(
        &[Role::Applicant, Role::Committee, Role::Secretariat],
        "read an applicant's status",
    )?;
    principal.require_scope(ApplicationId(id))?;
    let pool = read
        .wait(&state, consistency.min_position, STATUS_READ_MODELS)
        .await?;
    principal.require_seat(&state).await?;
    // The checklist comes from the aggregate, the rest from the read models: wait until
    // they have applied every event the aggregate was loaded with, so the two agree.
    let mut attempts = 0;
    let (application, summary) = loop {
        let (application, version) = state.applications.load(&id.to_string()).await?;
        if version == 0 {
            return Err(ApiError::NotFound(format!(
                "application {id} does not exist"
            )));
        }
        let position = position_of(
            &pool,
            <Application as cqrs_es::Aggregate>::TYPE,
            &id.to_string(),
            version,
        )
        .await?;
        state.wait_for(position, STATUS_READ_MODELS).await?;
        let summary = application_summary::find(&pool, id)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("application {id} does not exist")))?;
        attempts += 1;
        // A command that landed in between: load again, so both show the same version.
        if summary.application.version == Some(version) || attempts == 3 {
            break (application, summary);
        }
    };
    let details = applicant_status::details(&pool, id).await?;
    let mut next_gate = application
        .checklist(&state.policy)
        .map(serde_json::to_value)
        .transpose()
        .map_err(|error| ApiError::Internal(error.into()))?;
    if !principal.is_staff() {
        if let Some(checks) = next_gate
            .as_mut()
            .and_then(|gate| gate.get_mut("checks"))
            .and_then(|checks| checks.as_array_mut())
        {
            for check in checks.iter_mut().filter_map(|c| c.as_object_mut()) {
                check.remove("have");
            }
        }
    }
    let rejection_reason = (summary.application.stage == "rejected")
        .then(|| application.rejection_reason().map(str::to_owned))
        .flatten();
    Ok(Json(ApplicantStatus {
        application_id: id,
        openings: Openings::of(&summary.application.stage),
        rejection_reason,
        hub_name: summary.application.hub_name,
        stage: summary.application.stage,
        stage_since: summary.application.stage_since,
        next_gate,
        details,
    }))
}

/// The read models the status is drawn from.
const STATUS_READ_MODELS: &[&str] = &[
    applicant_status::NAME,
    application_summary::NAME,
    vote_register::NAME,
];
