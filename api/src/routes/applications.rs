//! Opening applications and reading them: the summary and the list. Their timeline and
//! audit log are in `history.rs`, the founders' status in `applicant_status.rs`.

use super::{accepted, CommandErrors, Consistency, ReadErrors, GENERAL_READ_MODELS};
use crate::auth::{Caller, Principal};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::freshness::ReadAfter;
use crate::http::paging::{self, page_of, Paged};
use crate::state::AppState;
use axum::extract::{OriginalUri, State};
use axum::response::Response;
use charter_domain::application::{ApplicationCommand, Founder, Stage};
use charter_domain::permissions::CommandKind;
use charter_domain::roster::ROSTER_ID;
use charter_domain::{ApplicationId, PersonId, Role};
use charter_projections::read_models::application_summary::{
    self, ApplicationListItem, ApplicationSummary, ListFilter, ListOrder,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open_application, list_applications))
        .routes(routes!(get_application))
}

/// A founding team's application.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"city": "Lisbon", "country": "PT", "hub_name": "Impact Hub Lisbon",
    "founders": [{"name": "Ana Sousa", "email": "ana@example.org"}]}))]
pub struct OpenApplication {
    #[schema(min_length = 1, max_length = 150)]
    pub city: String,
    /// ISO 3166-1 alpha-2, such as `PT`.
    #[schema(min_length = 2, max_length = 2)]
    pub country: String,
    #[schema(min_length = 1, max_length = 150)]
    pub hub_name: String,
    #[schema(min_items = 1, max_items = 12)]
    pub founders: Vec<FounderInput>,
}

/// A member of the founding team.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FounderInput {
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[schema(min_length = 3, max_length = 254)]
    pub email: String,
}

/// Opens an application. An applicant opens the application their token is scoped to;
/// the secretariat opens one on a team's behalf under a new id.
#[utoipa::path(post, path = "/api/v1/applications", tag = "applications",
    request_body = OpenApplication,
    responses((status = 201, description = "Opened", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn open_application(
    State(state): State<AppState>,
    principal: Caller,
    ApiJson(body): ApiJson<OpenApplication>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::OpenApplication)?;
    let id = match principal.role {
        Role::Applicant => principal.application.ok_or_else(|| {
            ApiError::Forbidden("this applicant token is not scoped to an application".to_owned())
        })?,
        _ => ApplicationId::new(),
    };
    // Each founder's personal data is kept under a person id of their own, so that it can
    // be erased on request. The founder who opens the application with their own address
    // is the person on the roster: one erasure then covers both.
    // The roster itself, not its read model, which may not show a person enrolled a moment
    // ago.
    let (roster, _) = state.roster.load(ROSTER_ID).await?;
    let opener_email = roster
        .person(principal.person)
        .and_then(|person| person.email.clone());
    let is_opener = |email: &str| {
        opener_email
            .as_deref()
            .is_some_and(|own| own.eq_ignore_ascii_case(email.trim()))
    };
    let mut opener_named = false;
    let command = ApplicationCommand::Open {
        application_id: id,
        city: body.city,
        country: body.country,
        hub_name: body.hub_name,
        founders: body
            .founders
            .into_iter()
            .map(|f| {
                let own = !opener_named && is_opener(&f.email);
                opener_named |= own;
                Founder {
                    person_id: if own {
                        principal.person
                    } else {
                        PersonId::new()
                    },
                    name: f.name,
                    email: f.email,
                }
            })
            .collect(),
    };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, true))
}

/// Which applications to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only applications in this stage.
    pub stage: Option<Stage>,
    /// At most this many (1 to 500, default 100).
    #[param(minimum = 1, maximum = 500, default = 100)]
    pub limit: Option<i64>,
    /// Where the page starts: the `next` of the previous page (with the same `stage` and
    /// `order`). Leave it out for the first page.
    pub cursor: Option<String>,
    /// Skip this many (the older way to page; `cursor` does not skip or repeat an
    /// application when others are opened meanwhile).
    #[param(minimum = 0)]
    #[deprecated]
    pub offset: Option<i64>,
    /// The order: `opened` (oldest application first, the default), `longest_in_stage`
    /// or `newest_in_stage`.
    pub order: Option<ListOrder>,
    /// Wait until the read models reach this position.
    pub min_position: Option<i64>,
}

/// Lists applications, oldest first unless `order` says otherwise: all of them for the
/// secretariat and for a committee member holding a seat today, the assigned ones for a
/// panelist, their own for an applicant (without the panel's hidden work: no
/// `review_count`, `version` or `updated_at`).
#[utoipa::path(get, path = "/api/v1/applications", tag = "applications",
    params(ListQuery),
    responses((status = 200, body = ApplicationPage), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn list_applications(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Paged<ApplicationPage>> {
    #[allow(deprecated)]
    let (offset, cursor) = (query.offset, query.cursor);
    paging::one_start(&cursor, "offset", offset.is_some())?;
    let limit = super::limit(query.limit, 100, 500)?;
    let offset = super::offset(offset)?;
    let order = query.order.unwrap_or_default();
    let list = format!("applications.{}", order.as_str());
    let after = paging::after_time(&list, cursor.as_deref())?;
    let pool = read
        .wait(&state, query.min_position, GENERAL_READ_MODELS)
        .await?;
    let mut filter = ListFilter {
        stage: query.stage,
        order,
        limit: limit + 1,
        offset,
        after,
        ..ListFilter::default()
    };
    match principal.role {
        Role::Applicant => filter.application = principal.application.map(|id| id.0),
        Role::Panelist => filter.panelist = Some(principal.person.0),
        Role::Committee => principal.require_seat(&state).await?,
        Role::Secretariat | Role::System => {}
        Role::Delegate => {
            return Err(ApiError::Forbidden(
                "a hub's delegate reads the applications put to the network in the vote register"
                    .to_owned(),
            ))
        }
    }
    let audience = principal.audience();
    let listed = application_summary::list(&pool, &filter).await?;
    let (listed, next) = paging::split(listed, limit, &list, |item| {
        let (at, id) = order.key(item);
        paging::time_and_id(&at, &id)
    });
    let page = ApplicationPage {
        items: listed
            .into_iter()
            .map(|item| item.seen_by(audience))
            .collect(),
        next,
    };
    Ok(Paged::new(page, &uri))
}

page_of!(
    ApplicationPage,
    ApplicationListItem,
    "A page of applications, and where the next one starts."
);

/// What the application takes now, by the domain's own rules for its stage: for a client
/// to offer only what would not be refused.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct Openings {
    /// Whether a new version of a document is taken (false once the application is an
    /// initiative, rejected or withdrawn).
    pub accepts_documents: bool,
    /// Whether the founders can withdraw it.
    pub withdrawable: bool,
}

impl Openings {
    /// What an application in `stage` (as the read models name it) takes.
    pub fn of(stage: &str) -> Self {
        let stage = Stage::parse(stage);
        Openings {
            accepts_documents: stage.is_some_and(Stage::accepts_documents),
            withdrawable: stage.is_some_and(Stage::can_be_withdrawn),
        }
    }
}

/// The summary of one application, and what it takes now.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationRead {
    #[serde(flatten)]
    pub summary: ApplicationSummary,
    #[serde(flatten)]
    pub openings: Openings,
}

/// The summary of one application: stage and since when, founders, latest documents,
/// panel, review count, revision requests and the next deadline; and what it takes now (a
/// new document version, a withdrawal).
///
/// Founders are not shown what follows the panel's hidden work: neither the panel, nor
/// `review_count`, `version` or `updated_at`. Their `ETag` is a hash of what they are
/// shown, for `If-None-Match`, so that it does not move when only that work does; the
/// staff's is the version, to name in `If-Match` as well.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "applications",
    params(("id" = Uuid, Path, description = "The application"), Consistency,
           ("If-None-Match" = Option<String>, Header,
            description = "The `ETag` of an earlier read: 304 while it is still current")),
    responses((status = 200, body = ApplicationRead,
                headers(("ETag" = String, description = "The application's version, or a hash of what a founder is shown, for `If-None-Match` and `If-Match`"))),
              (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`",
                headers(("ETag" = String, description = "The current `ETag`"))),
              ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn get_application(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    headers: axum::http::HeaderMap,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(consistency): ApiQuery<Consistency>,
) -> ApiResult<Response> {
    use crate::http::preconditions::{etag, tagged_json, view_etag};
    let pool = read
        .wait(&state, consistency.min_position, GENERAL_READ_MODELS)
        .await?;
    principal.may_read(&state, ApplicationId(id)).await?;
    let summary = application_summary::find(&pool, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("application {id} does not exist")))?
        .seen_by(principal.audience());
    let openings = Openings::of(&summary.application.stage);
    let version = summary.application.version;
    let body = serde_json::to_vec(&ApplicationRead { summary, openings })
        .map_err(|error| ApiError::Internal(error.into()))?;
    let tag = match version {
        Some(version) => etag(version),
        None => view_etag(&body),
    };
    Ok(tagged_json(&headers, tag, body))
}
