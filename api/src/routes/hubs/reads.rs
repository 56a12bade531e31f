//! Reading the member hubs: the list, one hub with its delegations, and its voting record
//! in network votes. The committee (seated), the secretariat and the delegates of member
//! hubs read them.

use super::super::{Consistency, ReadErrors};
use crate::auth::Principal;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiPath, ApiQuery};
use crate::http::freshness::ReadAfter;
use crate::http::paging::{self, page_of, Paged};
use crate::state::AppState;
use axum::extract::{OriginalUri, State};
use axum::response::Response;
use charter_domain::Role;
use charter_projections::read_models::hubs::{
    self, HubDetail, HubFilter, HubStanding, HubView, HubVoteEntry,
};
use charter_projections::read_models::{application_summary, roster, vote_register};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// Who reads the hubs.
const READERS: &[Role] = &[Role::Secretariat, Role::Committee, Role::Delegate];

/// What the hubs and their delegates' names are read from.
const HUB_READ_MODELS: &[&str] = &[hubs::NAME, roster::NAME];

/// What a hub's voting record is read from.
const RECORD_READ_MODELS: &[&str] = &[hubs::NAME, vote_register::NAME, application_summary::NAME];

/// Refuses a reader who may not read the hubs, once the read models have been waited for:
/// a committee member without a seat today, a delegate representing no member hub. The
/// hub a delegate represents, if the reader is one.
async fn reader(state: &AppState, principal: &Principal) -> ApiResult<Option<Uuid>> {
    principal.require_seat(state).await?;
    Ok(principal.require_delegation(state).await?.map(|hub| hub.0))
}

/// Which hubs to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HubsQuery {
    /// Only the hubs of this standing: `member`, `suspended` or `left`.
    pub standing: Option<HubStanding>,
    /// At most this many (1 to 500, default 100).
    #[param(minimum = 1, maximum = 500, default = 100)]
    pub limit: Option<i64>,
    /// Where the page starts: the `next` of the previous page (with the same filters).
    /// Leave it out for the first page.
    pub cursor: Option<String>,
    /// Wait until the read models reach this position.
    pub min_position: Option<i64>,
}

page_of!(
    HubsPage,
    HubView,
    "A page of the member hubs, by name, and where the next one starts."
);

/// The member hubs of the network, by name, each with its standing and who represents it
/// today, a page at a time; or only those of one standing.
#[utoipa::path(get, path = "/api/v1/hubs", tag = "hubs",
    params(HubsQuery),
    responses((status = 200, body = HubsPage), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
pub(super) async fn list_hubs(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<HubsQuery>,
) -> ApiResult<Paged<HubsPage>> {
    // The key is the last hub's name in lower case and its id: a hub's name is the
    // network's, not personal data.
    const LIST: &str = "hubs";
    principal.require(READERS, "read the member hubs")?;
    let limit = super::super::limit(query.limit, 100, 500)?;
    let after = match query.cursor.as_deref() {
        Some(cursor) => {
            let key = paging::key(LIST, cursor, 2)?;
            Some((key[0].clone(), paging::part::<Uuid>(&key[1])?))
        }
        None => None,
    };
    let pool = read
        .wait(&state, query.min_position, HUB_READ_MODELS)
        .await?;
    reader(&state, &principal).await?;
    let filter = HubFilter {
        standing: query.standing,
        after,
        limit: limit + 1,
    };
    let today = state.clock.now().date_naive();
    let listed = hubs::list(&pool, &filter, today).await?;
    let (items, next) = paging::split(listed, limit, LIST, |hub| {
        vec![hub.name.to_lowercase(), hub.hub_id.to_string()]
    });
    Ok(Paged::new(HubsPage { items, next }, &uri))
}

/// One member hub, with who represents it today and every delegation, past and present.
///
/// The `ETag` is the hub's own version: the sequence of the roster's last event about it.
/// It moves only when the hub changes (its standing, its delegations), not when anyone
/// else on the roster does; name it in `If-Match` on the hub's commands, whose answers
/// give the same version. The hub's voting record is `GET /api/v1/hubs/{id}/votes`.
#[utoipa::path(get, path = "/api/v1/hubs/{id}", tag = "hubs",
    params(("id" = Uuid, Path, description = "The hub"), Consistency,
           ("If-None-Match" = Option<String>, Header,
            description = "The `ETag` of an earlier read: 304 while it is still current")),
    responses((status = 200, body = HubDetail,
                headers(("ETag" = String, description = "The hub's own version, for `If-None-Match` and `If-Match`"))),
              (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`",
                headers(("ETag" = String, description = "The current `ETag`"))),
              ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(hub = %id))]
pub(super) async fn get_hub(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    headers: axum::http::HeaderMap,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(consistency): ApiQuery<Consistency>,
) -> ApiResult<Response> {
    use crate::http::preconditions::{etag, tagged_json};
    principal.require(READERS, "read the member hubs")?;
    let pool = read
        .wait(&state, consistency.min_position, HUB_READ_MODELS)
        .await?;
    reader(&state, &principal).await?;
    let today = state.clock.now().date_naive();
    let (hub, version) = hubs::find(&pool, id, today)
        .await?
        .ok_or_else(|| not_found(id))?;
    let body = serde_json::to_vec(&hub).map_err(|error| ApiError::Internal(error.into()))?;
    Ok(tagged_json(&headers, etag(version), body))
}

fn not_found(id: Uuid) -> ApiError {
    ApiError::NotFound(format!("hub {id} is not a member of the network"))
}

/// Which page of a hub's voting record.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HubVotesQuery {
    /// At most this many (1 to 500, default 100).
    #[param(minimum = 1, maximum = 500, default = 100)]
    pub limit: Option<i64>,
    /// Where the page starts: the `next` of the previous page. Leave it out for the first
    /// page.
    pub cursor: Option<String>,
    /// Wait until the read models reach this position.
    pub min_position: Option<i64>,
}

page_of!(
    HubVotesPage,
    HubVoteEntry,
    "A page of a hub's voting record, the latest vote first, and where the next one starts."
);

/// A hub's voting record, the latest vote first: every network vote it was in the
/// electorate of, whether it voted or recused, and its latest choice where the ballot was
/// open. What it did in a secret vote still open is withheld (`participation_withheld`)
/// from anyone but its own delegates.
#[utoipa::path(get, path = "/api/v1/hubs/{id}/votes", tag = "hubs",
    params(("id" = Uuid, Path, description = "The hub"), HubVotesQuery),
    responses((status = 200, body = HubVotesPage), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(hub = %id))]
pub(super) async fn hub_votes(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<HubVotesQuery>,
) -> ApiResult<Paged<HubVotesPage>> {
    const LIST: &str = "hub_votes";
    principal.require(READERS, "read the member hubs")?;
    let limit = super::super::limit(query.limit, 100, 500)?;
    let after = paging::after_time(LIST, query.cursor.as_deref())?;
    let pool = read
        .wait(&state, query.min_position, RECORD_READ_MODELS)
        .await?;
    let reader_hub = reader(&state, &principal).await?;
    if !hubs::exists(&pool, id).await? {
        return Err(not_found(id));
    }
    let record = hubs::voting_record(&pool, id, reader_hub, after, limit + 1).await?;
    let (items, next) = paging::split(record, limit, LIST, |entry| {
        paging::time_and_id(&entry.opened_at, &entry.vote_id)
    });
    Ok(Paged::new(HubVotesPage { items, next }, &uri))
}
