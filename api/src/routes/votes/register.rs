//! The vote register as the API reads it: votes listed and whole, and a member's voting
//! record. The committee and the secretariat read all of it; a hub's delegate, the network
//! votes their hub is in the electorate of.

use super::super::{Consistency, ReadErrors, GENERAL_READ_MODELS};
use super::{COMMITTEE_AND_SECRETARIAT, REGISTER_READERS};
use crate::auth::Principal;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiPath, ApiQuery};
use crate::http::freshness::ReadAfter;
use crate::http::paging::{self, page_of, Paged};
use crate::state::AppState;
use axum::extract::{OriginalUri, State};
use axum::response::Response;
use charter_domain::policy::Electorate;
use charter_domain::Role;
use charter_projections::read_models::vote_register::{
    self, VoteDetail, VoteFilter, VoteSummary, VotingRecordEntry,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// Which votes to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VoteQuery {
    /// Only the votes about this application.
    pub application_id: Option<Uuid>,
    /// Only open (`true`) or closed (`false`) votes.
    pub open: Option<bool>,
    /// Only the votes of this electorate.
    pub electorate: Option<Electorate>,
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

/// The vote register, newest first. A hub's delegate sees the network votes their hub is
/// in the electorate of.
#[utoipa::path(get, path = "/api/v1/votes", tag = "votes",
    params(VoteQuery),
    responses((status = 200, body = VotePage), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
pub(super) async fn list_votes(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<VoteQuery>,
) -> ApiResult<Paged<VotePage>> {
    const LIST: &str = "votes";
    principal.require(REGISTER_READERS, "read the vote register")?;
    #[allow(deprecated)]
    let offset = query.offset;
    paging::one_start(&query.cursor, "offset", offset.is_some())?;
    let limit = super::super::limit(query.limit, 100, 500)?;
    let offset = super::super::offset(offset)?;
    let after = paging::after_time(LIST, query.cursor.as_deref())?;
    let pool = read
        .wait(&state, query.min_position, GENERAL_READ_MODELS)
        .await?;
    principal.require_seat(&state).await?;
    let hub = reader_hub(&state, &principal).await?;
    let filter = VoteFilter {
        application: query.application_id,
        open: query.open,
        electorate: query.electorate.map(Electorate::as_str),
        hub,
    };
    let votes = vote_register::list(&pool, filter, after, limit + 1, offset).await?;
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
pub(super) async fn get_vote(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    headers: axum::http::HeaderMap,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(consistency): ApiQuery<Consistency>,
) -> ApiResult<Response> {
    use crate::http::preconditions::{etag, tagged_json, view_etag};
    principal.require(REGISTER_READERS, "read the vote register")?;
    let pool = read
        .wait(&state, consistency.min_position, GENERAL_READ_MODELS)
        .await?;
    principal.require_seat(&state).await?;
    let hub = reader_hub(&state, &principal).await?;
    let (detail, version) = vote_register::find(&pool, id, principal.person.0, hub)
        .await?
        .filter(|(detail, _)| {
            // A delegate reads only the network votes their hub is in.
            principal.role != Role::Delegate || detail.hubs.iter().any(|h| Some(h.hub_id) == hub)
        })
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
pub(super) async fn voting_record(
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
    let limit = super::super::limit(query.limit, 500, 500)?;
    let offset = super::super::offset(offset)?;
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

/// The hub a delegate reads the register for: the one they represent today (403 if none).
/// `None` for any other reader, who reads it all.
async fn reader_hub(state: &AppState, principal: &Principal) -> ApiResult<Option<Uuid>> {
    Ok(principal.require_delegation(state).await?.map(|hub| hub.0))
}
