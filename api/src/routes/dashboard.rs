//! The committee's pipeline dashboard.

use super::{Consistency, ReadErrors, GENERAL_READ_MODELS};
use crate::auth::Principal;
use crate::http::error::ApiResult;
use crate::http::extract::ApiQuery;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use charter_domain::Role;
use charter_projections::queries::dashboard::{self, Dashboard};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_dashboard))
}

/// Applications per stage; time in stage (median and 90th percentile, from event times)
/// for those there now and for stays that ended; how stays ended (passed, rejected,
/// withdrawn, reopened by appeal); applications past the policy's maximum time in their
/// stage; open votes and who has not voted yet.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "committee",
    params(Consistency),
    responses((status = 200, body = Dashboard), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn get_dashboard(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(consistency): ApiQuery<Consistency>,
) -> ApiResult<Json<Dashboard>> {
    principal.require(&[Role::Committee, Role::Secretariat], "read the dashboard")?;
    state
        .wait_for(consistency.min_position, GENERAL_READ_MODELS)
        .await?;
    principal.require_seat(&state).await?;
    let now = state.clock.now();
    Ok(Json(
        dashboard::dashboard(&state.pool, now, &state.policy.max_days_in_stage).await?,
    ))
}
