//! Tamper evidence: recomputing the event store's hash chains on demand.

use super::{ReadErrors, GENERAL_READ_MODELS};
use crate::auth::Principal;
use crate::http::error::ApiResult;
use crate::http::extract::ApiQuery;
use crate::http::freshness::ReadAfter;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use charter_domain::Role;
use charter_projections::queries::audit;
use charter_store::integrity::{self, Verification};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(verify))
}

/// Which part of the record to verify.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VerifyQuery {
    /// Only this application's record: its own stream and its votes' (as its audit log
    /// lists them), at the cost of what they hold. The whole store when absent.
    pub application_id: Option<Uuid>,
    /// Wait until the read models reach this position (which name an application's votes).
    pub min_position: Option<i64>,
}

/// Recomputes the hash chain of every aggregate in the event store and checks each
/// aggregate's recorded last event: whether the record is intact, and if not, the first
/// broken link (an altered event, a missing one, or a head that points past the end). For
/// the committee and the secretariat. Reads the whole store: it takes a while on a large one.
#[utoipa::path(operation_id = "verify_audit_log", get, path = "/api/v1/audit/verify", tag = "committee",
    params(VerifyQuery),
    responses((status = 200, body = Verification), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn verify(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    ApiQuery(query): ApiQuery<VerifyQuery>,
) -> ApiResult<Json<Verification>> {
    principal.require(
        &[Role::Committee, Role::Secretariat],
        "verify the audit record",
    )?;
    principal.require_seat(&state).await?;
    let verification = match query.application_id {
        None => integrity::verify(&state.pool).await?,
        Some(id) => {
            let pool = read
                .wait(&state, query.min_position, GENERAL_READ_MODELS)
                .await?;
            let streams = audit::application_streams(&pool, id).await?;
            integrity::verify_streams(&pool, &streams).await?
        }
    };
    if !verification.intact {
        tracing::error!(first_broken = ?verification.first_broken, "the event store's hash chains are broken");
    }
    Ok(Json(verification))
}
