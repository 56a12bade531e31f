//! Tamper evidence: recomputing the event store's hash chains on demand.

use super::ReadErrors;
use crate::auth::Principal;
use crate::http::error::ApiResult;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use charter_domain::Role;
use charter_store::integrity::{self, Verification};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(verify))
}

/// Recomputes the hash chain of every aggregate in the event store and checks each
/// aggregate's recorded last event: whether the record is intact, and if not, the first
/// broken link (an altered event, a missing one, or a head that points past the end). For
/// the committee and the secretariat. Reads the whole store: it takes a while on a large one.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "committee",
    responses((status = 200, body = Verification), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn verify(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<Verification>> {
    principal.require(
        &[Role::Committee, Role::Secretariat],
        "verify the audit record",
    )?;
    principal.require_seat(&state).await?;
    let verification = integrity::verify(&state.pool).await?;
    if !verification.intact {
        tracing::error!(first_broken = ?verification.first_broken, "the event store's hash chains are broken");
    }
    Ok(Json(verification))
}
