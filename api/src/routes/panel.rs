//! The expert panel: assignments, conflicts of interest, reviews and their revisions, and
//! the reviews as each reader may read them.

use super::{accepted, CommandErrors};
use crate::auth::{Caller, Principal};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::freshness::ReadAfter;
use crate::http::paging::{self, page_of, Paged};
use crate::state::AppState;
use axum::extract::{OriginalUri, State};
use axum::response::Response;
use charter_domain::application::{
    ApplicationCommand, Assessment, DocumentKind, Recommendation, Scores,
};
use charter_domain::permissions::CommandKind;
use charter_domain::roster::ROSTER_ID;
use charter_domain::{ApplicationId, PersonId, Role};
use charter_projections::queries::review_queue::{self, ReviewQueue};
use charter_projections::read_models::application_summary::{self, PanelReviewView};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(assign_panelist))
        .routes(routes!(declare_conflict))
        .routes(routes!(file_review, list_reviews))
        .routes(routes!(revise_review))
        .routes(routes!(release_feedback))
        .routes(routes!(review_queue))
}

/// The calling panelist's review queue: the document versions of their applications
/// awaiting their review (with due dates from the policy's review days, and which are
/// overdue), those they have reviewed, and their declared conflicts. Only versions that
/// still matter are listed: the latest version of each kind that a gate still ahead of
/// the application asks reviews of. Nothing is listed of an application that is approved
/// (only signatures remain), an initiative, rejected or withdrawn, nor of one the
/// panelist declared a conflict on.
#[utoipa::path(operation_id = "get_review_queue", get, path = "/api/v1/reviews/queue", tag = "panel",
    params(super::Consistency),
    responses((status = 200, body = ReviewQueue), super::ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn review_queue(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    ApiQuery(consistency): ApiQuery<super::Consistency>,
) -> ApiResult<axum::Json<ReviewQueue>> {
    principal.require(&[Role::Panelist], "read a review queue")?;
    let pool = read
        .wait(&state, consistency.min_position, super::GENERAL_READ_MODELS)
        .await?;
    let queue =
        review_queue::queue(&pool, principal.person.0, state.clock.now(), &state.policy).await?;
    Ok(axum::Json(queue))
}

/// The panelist to assign.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignPanelist {
    /// A person in the expert panel pool.
    pub panelist_id: Uuid,
}

/// Assigns an expert panelist to the application.
#[utoipa::path(post, path = "/api/v1/applications/{id}/panelists", tag = "panel",
    params(("id" = Uuid, Path, description = "The application")),
    request_body = AssignPanelist,
    responses((status = 201, description = "Assigned", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn assign_panelist(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<AssignPanelist>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::AssignPanelist)?;
    // The person must be in the expert panel pool; their name comes from the roster.
    let (roster, _) = state.roster.load(ROSTER_ID).await?;
    let panelist = PersonId(body.panelist_id);
    let name = roster
        .person(panelist)
        .filter(|_| roster.in_panel_pool(panelist))
        .map(|person| person.name.clone())
        .ok_or_else(|| ApiError::InvalidBody {
            detail: format!(
                "person {} is not in the expert panel pool",
                body.panelist_id
            ),
            field: Some("panelist_id".to_owned()),
        })?;
    let id = ApplicationId(id);
    let command = ApplicationCommand::AssignPanelist {
        panelist_id: PersonId(body.panelist_id),
        name,
    };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, true))
}

/// A conflict of interest.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclareConflict {
    #[schema(min_length = 1, max_length = 4000)]
    pub reason: String,
}

/// The calling panelist declares a conflict of interest and is recused from then on.
#[utoipa::path(post, path = "/api/v1/applications/{id}/conflicts", tag = "panel",
    params(("id" = Uuid, Path, description = "The application")),
    request_body = DeclareConflict,
    responses((status = 201, description = "Declared", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn declare_conflict(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<DeclareConflict>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::DeclareConflict)?;
    let id = ApplicationId(id);
    let command = ApplicationCommand::DeclareConflict {
        reason: body.reason,
    };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, true))
}

/// The panel reviews of an application, by number, each with its revisions and what was
/// released of it: read by the rules of the timeline (the same code). The secretariat, the
/// committee and the panelists on the panel (not recused) see every review at its current
/// revision, with the panelist who filed it and every revision. The founders see only the
/// reviews released to them, each at its latest released revision, with only the released
/// revisions, and neither the panelist nor when the panel worked on it (as `/status`
/// shows them). Anyone else is refused.
#[utoipa::path(get, path = "/api/v1/applications/{id}/reviews", tag = "panel",
    params(("id" = Uuid, Path, description = "The application"), ReviewsQuery),
    responses((status = 200, body = ReviewPage), super::ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn list_reviews(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ReviewsQuery>,
) -> ApiResult<Paged<ReviewPage>> {
    const LIST: &str = "reviews";
    let limit = super::limit(query.limit, 100, 500)?;
    let after = paging::after_number(LIST, query.cursor.as_deref())?.unwrap_or(0);
    let after = i32::try_from(after).map_err(|_| paging::refused())?;
    let pool = read
        .wait(&state, query.min_position, super::GENERAL_READ_MODELS)
        .await?;
    principal.may_read(&state, ApplicationId(id)).await?;
    let reviews = application_summary::reviews(&pool, id, principal.audience(), after, limit + 1)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("application {id} does not exist")))?;
    let (items, next) = paging::split(reviews, limit, LIST, |review| {
        vec![review.review.to_string()]
    });
    Ok(Paged::new(ReviewPage { items, next }, &uri))
}

/// Which page of the reviews to show.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReviewsQuery {
    /// Where the page starts: the `next` of the previous page. Leave it out for the first.
    pub cursor: Option<String>,
    /// At most this many (1 to 500, default 100).
    #[param(minimum = 1, maximum = 500, default = 100)]
    pub limit: Option<i64>,
    /// Wait until the read models reach this position.
    pub min_position: Option<i64>,
}

page_of!(
    ReviewPage,
    PanelReviewView,
    "A page of an application's panel reviews, and where the next one starts."
);

/// A review of one document version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileReview {
    pub document_kind: DocumentKind,
    /// The exact version read.
    pub document_version: u32,
    /// A score from 1 to 5 for each criterion of the policy's rubric.
    #[schema(value_type = std::collections::BTreeMap<String, u8>)]
    pub scores: Scores,
    pub recommendation: Recommendation,
    #[schema(min_length = 1, max_length = 20000)]
    pub comments: String,
}

/// The calling panelist files a review of one document version.
#[utoipa::path(post, path = "/api/v1/applications/{id}/reviews", tag = "panel",
    params(("id" = Uuid, Path, description = "The application")),
    request_body = FileReview,
    responses((status = 201, description = "Filed", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn file_review(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<FileReview>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::FileReview)?;
    let id = ApplicationId(id);
    let command = ApplicationCommand::FileReview {
        kind: body.document_kind,
        version: body.document_version,
        assessment: Assessment {
            scores: body.scores,
            recommendation: body.recommendation,
            comments: body.comments,
        },
    };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, true))
}

/// A new assessment replacing the current one; the earlier one is kept.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviseReview {
    #[schema(value_type = std::collections::BTreeMap<String, u8>)]
    pub scores: Scores,
    pub recommendation: Recommendation,
    #[schema(min_length = 1, max_length = 20000)]
    pub comments: String,
}

/// The panelist who filed a review revises it.
#[utoipa::path(post, path = "/api/v1/applications/{id}/reviews/{review}/revisions", tag = "panel",
    params(("id" = Uuid, Path, description = "The application"),
           ("review" = u32, Path, description = "The review's number")),
    request_body = ReviseReview,
    responses((status = 201, description = "Revised", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn revise_review(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath((id, review)): ApiPath<(Uuid, u32)>,
    ApiJson(body): ApiJson<ReviseReview>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::ReviseReview)?;
    let id = ApplicationId(id);
    let command = ApplicationCommand::ReviseReview {
        review,
        assessment: Assessment {
            scores: body.scores,
            recommendation: body.recommendation,
            comments: body.comments,
        },
    };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, true))
}

/// Which revision the secretariat releases, and what it tells the founders with it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseFeedback {
    /// The revision read and released (1 is the review as filed); it must be the latest,
    /// so a revision filed meanwhile is never released unread.
    pub revision: u32,
    /// A word to the founders, shown with the feedback.
    #[schema(max_length = 4000)]
    pub note: Option<String>,
}

/// The secretariat releases the latest revision of a review to the founders, without the
/// panelist's name; it then shows in their status. Reviews never released are never shown
/// to founders. A later revision can be released in turn.
#[utoipa::path(operation_id = "release_review_feedback", post, path = "/api/v1/applications/{id}/reviews/{review}/release", tag = "panel",
    params(("id" = Uuid, Path, description = "The application"),
           ("review" = u32, Path, description = "The review's number")),
    request_body = ReleaseFeedback,
    responses((status = 200, description = "Released", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn release_feedback(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath((id, review)): ApiPath<(Uuid, u32)>,
    ApiJson(body): ApiJson<ReleaseFeedback>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::ReleaseFeedback)?;
    let id = ApplicationId(id);
    let command = ApplicationCommand::ReleaseFeedback {
        review,
        revision: body.revision,
        note: body.note,
    };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, false))
}
