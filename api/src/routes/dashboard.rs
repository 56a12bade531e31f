//! The committee's pipeline dashboard.

use super::{ReadErrors, GENERAL_READ_MODELS};
use crate::auth::Principal;
use crate::http::error::ApiResult;
use crate::http::extract::ApiQuery;
use crate::http::freshness::ReadAfter;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use charter_domain::Role;
use charter_projections::queries::dashboard::{self, Dashboard};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_dashboard))
}

/// Which window of the history the dashboard's completed figures cover.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// The completed figures count the stays that ended since this time (RFC 3339);
    /// five years before now when absent.
    pub since: Option<DateTime<Utc>>,
    /// Wait until the read models reach this position.
    pub min_position: Option<i64>,
}

/// How far back the completed figures reach unless the reader says otherwise.
const WINDOW_DAYS: i64 = 5 * 365;

/// Applications per stage; time in stage (median and 90th percentile, from event times)
/// for those there now and for stays that ended in the window (`since`, by default the
/// last five years); how stays ended (passed, rejected,
/// withdrawn, reopened by appeal); applications past the policy's maximum time in their
/// stage; open votes and how many have voted (who has not, for an open ballot only).
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "committee",
    params(DashboardQuery),
    responses((status = 200, body = Dashboard), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn get_dashboard(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    ApiQuery(query): ApiQuery<DashboardQuery>,
) -> ApiResult<Json<Dashboard>> {
    principal.require(&[Role::Committee, Role::Secretariat], "read the dashboard")?;
    let pool = read
        .wait(&state, query.min_position, GENERAL_READ_MODELS)
        .await?;
    principal.require_seat(&state).await?;
    let now = state.clock.now();
    let since = query
        .since
        .unwrap_or_else(|| now - Duration::days(WINDOW_DAYS));
    let max_days = &state.policy.max_days_in_stage;
    Ok(Json(
        dashboard::dashboard(&pool, now, since, max_days).await?,
    ))
}
