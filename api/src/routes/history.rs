//! An application's history: its timeline of milestones (as each reader may see them) and
//! the full audit log of its events and its votes', a page at a time.

use super::{ReadErrors, GENERAL_READ_MODELS};
use crate::auth::Principal;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiPath, ApiQuery};
use crate::http::freshness::ReadAfter;
use crate::http::paging::{self, page_of, Paged};
use crate::state::AppState;
use axum::extract::{OriginalUri, State};
use charter_domain::{ApplicationId, Role};
use charter_projections::queries::audit::{self, AuditEntry};
use charter_projections::read_models::application_summary;
use charter_projections::read_models::application_timeline::{self, TimelineEntry};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_timeline))
        .routes(routes!(get_audit_log))
}

/// Which milestones to show.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TimelineQuery {
    /// Where the page starts: the `next` of the previous page. Leave it out for the first.
    pub cursor: Option<String>,
    /// Only milestones after this sequence number (the older way to page).
    #[deprecated]
    pub after: Option<i64>,
    /// At most this many (1 to 1000, default 500).
    #[param(minimum = 1, maximum = 1000, default = 500)]
    pub limit: Option<i64>,
    /// Wait until the read models reach this position.
    pub min_position: Option<i64>,
}

page_of!(
    TimelinePage,
    TimelineEntry,
    "A page of an application's milestones, and where the next one starts."
);

/// Every milestone of an application, oldest first, with its time and actor. Founders do
/// not see the panel's internal work (assignments, conflicts, reviews).
#[utoipa::path(operation_id = "get_application_timeline", get, path = "/api/v1/applications/{id}/timeline", tag = "applications",
    params(("id" = Uuid, Path, description = "The application"), TimelineQuery),
    responses((status = 200, body = TimelinePage), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn get_timeline(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<TimelineQuery>,
) -> ApiResult<Paged<TimelinePage>> {
    const LIST: &str = "timeline";
    #[allow(deprecated)]
    let after = query.after;
    paging::one_start(&query.cursor, "after", after.is_some())?;
    let after = paging::after_number(LIST, query.cursor.as_deref())?.or(after);
    let after = after.unwrap_or(0);
    let limit = super::limit(query.limit, 500, 1000)?;
    let pool = read
        .wait(&state, query.min_position, GENERAL_READ_MODELS)
        .await?;
    principal.may_read(&state, ApplicationId(id)).await?;
    let entries =
        application_timeline::entries(&pool, id, principal.audience(), after, limit + 1).await?;
    if entries.is_empty() && application_summary::find(&pool, id).await?.is_none() {
        return Err(ApiError::NotFound(format!(
            "application {id} does not exist"
        )));
    }
    let (items, next) = paging::split(entries, limit, LIST, |entry| {
        vec![entry.sequence.to_string()]
    });
    let page = TimelinePage { items, next };
    Ok(Paged::new(page, &uri))
}

/// Which part of the audit log to show.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Where the page starts: the `next` of the previous page. Leave it out for the first.
    pub cursor: Option<String>,
    /// Only events after this global position (the older way to page).
    #[deprecated]
    pub after: Option<i64>,
    /// At most this many (1 to 1000, default 200).
    #[param(minimum = 1, maximum = 1000, default = 200)]
    pub limit: Option<i64>,
    /// Wait until the read models reach this position (the log itself never lags; the
    /// reader's committee seat is checked on the roster read model).
    pub min_position: Option<i64>,
}

page_of!(
    AuditLogPage,
    AuditEntry,
    "A page of the audit log, and where the next one starts."
);

/// The full event history of an application and of the committee votes about it, paged
/// by global position, with actor, role, request id and time: for the committee and the
/// secretariat. Secret ballots stay sealed.
#[utoipa::path(operation_id = "get_application_audit_log", get, path = "/api/v1/applications/{id}/audit", tag = "applications",
    params(("id" = Uuid, Path, description = "The application"), AuditQuery),
    responses((status = 200, body = AuditLogPage), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn get_audit_log(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<Paged<AuditLogPage>> {
    const LIST: &str = "audit";
    principal.require(&[Role::Committee, Role::Secretariat], "read the audit log")?;
    #[allow(deprecated)]
    let after = query.after;
    paging::one_start(&query.cursor, "after", after.is_some())?;
    let after = paging::after_number(LIST, query.cursor.as_deref())?.or(after);
    let after = after.unwrap_or(0);
    let limit = super::limit(query.limit, 200, 1000)?;
    let pool = read
        .wait(&state, query.min_position, GENERAL_READ_MODELS)
        .await?;
    principal.require_seat(&state).await?;
    let page = audit::application_log(&pool, id, after, limit).await?;
    if page.entries.is_empty() && after == 0 {
        return Err(ApiError::NotFound(format!(
            "application {id} does not exist"
        )));
    }
    let next = page
        .next_after
        .map(|position| paging::cursor(LIST, &[position.to_string()]));
    let page = AuditLogPage {
        items: page.entries,
        next,
    };
    Ok(Paged::new(page, &uri))
}
