//! The Membership Committee's votes: opening, ballots, recusals, closing, and the register.

use super::{recorded, CommandErrors, Consistency, ReadErrors, RecordedEvent, GENERAL_READ_MODELS};
use crate::auth::{Caller, Principal};
use crate::commands::votes;
use crate::commands::Accepted;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::freshness::ReadAfter;
use crate::http::paging::{self, page_of, Paged};
use crate::state::AppState;
use axum::extract::{OriginalUri, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use charter_domain::permissions::CommandKind;
use charter_domain::vote::{Choice, Motion, VoteCommand, VoteEvent};
use charter_domain::{ApplicationId, Role, VoteId};
use charter_projections::read_models::vote_register::{
    self, VoteDetail, VoteSummary, VotingRecordEntry,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open_vote, list_votes))
        .routes(routes!(get_vote))
        .routes(routes!(cast_ballot))
        .routes(routes!(recuse))
        .routes(routes!(close_vote))
        .routes(routes!(voting_record))
}

const COMMITTEE_AND_SECRETARIAT: &[Role] = &[Role::Committee, Role::Secretariat];

/// The answer to an accepted vote command.
#[derive(Debug, Serialize, ToSchema)]
pub struct VoteAccepted {
    pub vote_id: Uuid,
    pub version: i64,
    /// Pass as `min_position` to a read to see the command's effect.
    pub position: i64,
    /// The same as `Consistency-Token`: send it back in that header on a read (from any
    /// client) to see the command's effect. Opaque; the writer's own reads wait for it anyway.
    #[schema(pattern = "^[0-9]{1,19}$")]
    pub consistency_token: String,
    pub events: Vec<RecordedEvent>,
}

fn answer(vote: VoteId, accepted: Accepted<VoteEvent>, status: StatusCode) -> Response {
    let etag = [(
        header::ETAG,
        crate::http::preconditions::etag(accepted.version),
    )];
    let body = Json(VoteAccepted {
        vote_id: vote.0,
        version: accepted.version,
        position: accepted.position,
        consistency_token: accepted.position.to_string(),
        events: recorded(accepted.events),
    });
    if status == StatusCode::CREATED {
        (
            status,
            [(header::LOCATION, format!("/api/v1/votes/{vote}"))],
            etag,
            body,
        )
            .into_response()
    } else {
        (status, etag, body).into_response()
    }
}

/// A motion put to the committee.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenVote {
    pub application_id: Uuid,
    pub motion: Motion,
    /// When the vote closes by itself; the policy's voting days from now when absent.
    pub closes_at: Option<DateTime<Utc>>,
}

/// Opens a vote on a motion about one application. The electorate is the committee seated
/// today, and the rule (quorum, threshold, open or secret ballot) comes from the policy
/// for that motion; both are fixed in the vote.
#[utoipa::path(post, path = "/api/v1/votes", tag = "votes",
    request_body = OpenVote,
    responses((status = 201, description = "Opened", body = VoteAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn open_vote(
    State(state): State<AppState>,
    principal: Caller,
    ApiJson(body): ApiJson<OpenVote>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::OpenVote)?;
    let (vote, accepted) = votes::open(
        &state,
        principal.context(),
        ApplicationId(body.application_id),
        body.motion,
        body.closes_at,
    )
    .await?;
    Ok(answer(vote, accepted, StatusCode::CREATED))
}

/// Which votes to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VoteQuery {
    /// Only the votes about this application.
    pub application_id: Option<Uuid>,
    /// Only open (`true`) or closed (`false`) votes.
    pub open: Option<bool>,
    /// At most this many (1 to 500, default 100).
    #[param(minimum = 1, maximum = 500, default = 100)]
    pub limit: Option<i64>,
    /// Where the page starts: the `next` of the previous page (with the same filters).
    /// Leave it out for the first page.
    pub cursor: Option<String>,
    /// Skip this many (the older way to page; `cursor` does not skip or repeat a vote when
    /// others are opened meanwhile).
    #[param(minimum = 0)]
    #[deprecated]
    pub offset: Option<i64>,
    /// Wait until the read models reach this position.
    pub min_position: Option<i64>,
}

/// The vote register, newest first.
#[utoipa::path(get, path = "/api/v1/votes", tag = "votes",
    params(VoteQuery),
    responses((status = 200, body = VotePage), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn list_votes(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<VoteQuery>,
) -> ApiResult<Paged<VotePage>> {
    const LIST: &str = "votes";
    principal.require(COMMITTEE_AND_SECRETARIAT, "read the vote register")?;
    #[allow(deprecated)]
    let offset = query.offset;
    paging::one_start(&query.cursor, "offset", offset.is_some())?;
    let limit = super::limit(query.limit, 100, 500)?;
    let offset = super::offset(offset)?;
    let after = paging::after_time(LIST, query.cursor.as_deref())?;
    let pool = read
        .wait(&state, query.min_position, GENERAL_READ_MODELS)
        .await?;
    principal.require_seat(&state).await?;
    let votes = vote_register::list(
        &pool,
        query.application_id,
        query.open,
        after,
        limit + 1,
        offset,
    )
    .await?;
    let (items, next) = paging::split(votes, limit, LIST, |vote| {
        paging::time_and_id(&vote.opened_at, &vote.vote_id)
    });
    Ok(Paged::new(VotePage { items, next }, &uri))
}

page_of!(
    VotePage,
    VoteSummary,
    "A page of the vote register, and where the next one starts."
);
page_of!(
    VotingRecordPage,
    VotingRecordEntry,
    "A page of a member's voting record, and where the next one starts."
);

/// One vote: its motion, electorate, rule, every ballot and change (who took part, and for
/// an open ballot what they chose), recusals, tally and outcome. While a secret vote is
/// open, who has voted or recused is withheld (`participation_withheld`): `participation`
/// counts them, and only the caller's own row and ballots show; all is shown once it closes.
///
/// The `ETag` is the vote's version (the sequence of its last event), to name in `If-Match`
/// on its ballots, recusals and closing as well; while participation is withheld it is a
/// hash of what the reader is shown instead, for `If-None-Match` only, since the version
/// also moves with each change of a ballot, which is withheld.
#[utoipa::path(get, path = "/api/v1/votes/{id}", tag = "votes",
    params(("id" = Uuid, Path, description = "The vote"), Consistency,
           ("If-None-Match" = Option<String>, Header,
            description = "The `ETag` of an earlier read: 304 while it is still current")),
    responses((status = 200, body = VoteDetail,
                headers(("ETag" = String, description = "The vote's version, or, while participation is withheld, a hash of what the reader is shown (for `If-None-Match` only)"))),
              (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`",
                headers(("ETag" = String, description = "The current `ETag`"))),
              ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(vote = %id))]
async fn get_vote(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    headers: axum::http::HeaderMap,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(consistency): ApiQuery<Consistency>,
) -> ApiResult<Response> {
    use crate::http::preconditions::{etag, tagged_json, view_etag};
    principal.require(COMMITTEE_AND_SECRETARIAT, "read the vote register")?;
    let pool = read
        .wait(&state, consistency.min_position, GENERAL_READ_MODELS)
        .await?;
    principal.require_seat(&state).await?;
    let (detail, version) = vote_register::find(&pool, id, principal.person.0)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("vote {id} does not exist")))?;
    let withheld = detail.participation_withheld;
    let body = serde_json::to_vec(&detail).map_err(|error| ApiError::Internal(error.into()))?;
    let tag = if withheld {
        view_etag(&body)
    } else {
        etag(version)
    };
    Ok(tagged_json(&headers, tag, body))
}

/// A member's ballot.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CastBallot {
    pub choice: Choice,
    /// Sealed with the choice in a secret vote.
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
}

/// Never shows the choice: a secret ballot must not reach a log.
impl std::fmt::Debug for CastBallot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CastBallot { .. }")
    }
}

/// A member of the electorate casts or changes their ballot until the vote closes.
#[utoipa::path(post, path = "/api/v1/votes/{id}/ballots", tag = "votes",
    params(("id" = Uuid, Path, description = "The vote")),
    request_body = CastBallot,
    responses((status = 201, description = "Cast", body = VoteAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(vote = %id))]
async fn cast_ballot(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CastBallot>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::CastBallot)?;
    let vote = VoteId(id);
    let accepted = votes::cast(&state, principal.context(), vote, body.choice, body.reason).await?;
    Ok(answer(vote, accepted, StatusCode::CREATED))
}

/// Why a member recuses.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Recuse {
    #[schema(min_length = 1, max_length = 4000)]
    pub reason: String,
}

/// A member of the electorate declares a conflict of interest and cannot vote after.
#[utoipa::path(operation_id = "recuse_from_vote", post, path = "/api/v1/votes/{id}/recusals", tag = "votes",
    params(("id" = Uuid, Path, description = "The vote")),
    request_body = Recuse,
    responses((status = 201, description = "Recused", body = VoteAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(vote = %id))]
async fn recuse(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<Recuse>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::RecuseFromVote)?;
    let vote = VoteId(id);
    let command = VoteCommand::Recuse {
        reason: body.reason,
    };
    let accepted = state
        .run(
            &state.votes,
            principal.context(),
            &vote.to_string(),
            command,
            None,
        )
        .await?;
    Ok(answer(vote, accepted, StatusCode::CREATED))
}

/// Closing takes no fields.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseVote {}

/// The secretariat closes the vote: the tally and outcome are recorded under its rule, a
/// secret vote's key is destroyed, and a passed motion is carried out on the application.
/// A secret vote is closed before its closing time only once every member of the
/// electorate has voted or recused (409 `secret-vote-awaits-members`); Charter closes it at
/// its time whoever took part.
#[utoipa::path(post, path = "/api/v1/votes/{id}/close", tag = "votes",
    params(("id" = Uuid, Path, description = "The vote")),
    request_body = CloseVote,
    responses((status = 200, description = "Closed", body = VoteAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(vote = %id))]
async fn close_vote(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(_body): ApiJson<CloseVote>,
) -> ApiResult<Response> {
    principal.may_give(CommandKind::CloseVote)?;
    let vote = VoteId(id);
    let accepted = votes::close(&state, principal.context(), vote).await?;
    Ok(answer(vote, accepted, StatusCode::OK))
}

/// Which part of a voting record to read.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RecordQuery {
    /// At most this many (1 to 500, default 500).
    #[param(minimum = 1, maximum = 500, default = 500)]
    pub limit: Option<i64>,
    /// Where the page starts: the `next` of the previous page. Leave it out for the first.
    pub cursor: Option<String>,
    /// Skip this many (the older way to page).
    #[param(minimum = 0)]
    #[deprecated]
    pub offset: Option<i64>,
    /// Wait until the read models reach this position.
    pub min_position: Option<i64>,
}

/// A member's voting record, the latest vote first: every vote they were in the electorate
/// of, whether they took part or recused, and their choice where the ballot was open. What
/// they did in a secret vote still open is withheld (`participation_withheld`) from anyone
/// but themselves.
#[utoipa::path(operation_id = "get_voting_record", get, path = "/api/v1/people/{id}/votes", tag = "votes",
    params(("id" = Uuid, Path, description = "The person"), RecordQuery),
    responses((status = 200, body = VotingRecordPage), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(person = %id))]
async fn voting_record(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<RecordQuery>,
) -> ApiResult<Paged<VotingRecordPage>> {
    const LIST: &str = "voting_record";
    principal.require(COMMITTEE_AND_SECRETARIAT, "read voting records")?;
    #[allow(deprecated)]
    let offset = query.offset;
    paging::one_start(&query.cursor, "offset", offset.is_some())?;
    let limit = super::limit(query.limit, 500, 500)?;
    let offset = super::offset(offset)?;
    let after = paging::after_time(LIST, query.cursor.as_deref())?;
    let pool = read
        .wait(&state, query.min_position, GENERAL_READ_MODELS)
        .await?;
    principal.require_seat(&state).await?;
    let record =
        vote_register::voting_record(&pool, id, principal.person.0, after, limit + 1, offset)
            .await?;
    let (items, next) = paging::split(record, limit, LIST, |entry| {
        paging::time_and_id(&entry.opened_at, &entry.vote_id)
    });
    Ok(Paged::new(VotingRecordPage { items, next }, &uri))
}
