//! Votes, the Membership Committee's and the network's: opening, ballots, recusals and
//! closing here; the register, and who may read what of it, in `register.rs`.

mod register;

use super::{recorded, CommandErrors, RecordedEvent};
use crate::auth::Caller;
use crate::commands::votes;
use crate::commands::Accepted;
use crate::http::error::ApiResult;
use crate::http::extract::{ApiJson, ApiPath};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use charter_domain::permissions::CommandKind;
use charter_domain::policy::Electorate;
use charter_domain::vote::{Choice, Motion, VoteEvent};
use charter_domain::{ApplicationId, Role, VoteId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open_vote, register::list_votes))
        .routes(routes!(register::get_vote))
        .routes(routes!(cast_ballot))
        .routes(routes!(recuse))
        .routes(routes!(close_vote))
        .routes(routes!(register::voting_record))
}

const COMMITTEE_AND_SECRETARIAT: &[Role] = &[Role::Committee, Role::Secretariat];
/// Who reads the register: the committee and the secretariat all of it, a hub's delegates
/// the network votes their hub is in the electorate of.
const REGISTER_READERS: &[Role] = &[Role::Committee, Role::Secretariat, Role::Delegate];

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

/// A motion put to the committee or the network.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenVote {
    pub application_id: Uuid,
    pub motion: Motion,
    /// Who votes, where the policy's gate takes votes of both (the `approved` gate: the
    /// committee's first, then the network's). Left out, the gate's first vote that has not
    /// passed yet; for any other motion, the electorate its rule names.
    pub electorate: Option<Electorate>,
    /// When the vote closes by itself; the policy's voting days from now when absent.
    pub closes_at: Option<DateTime<Utc>>,
}

/// Opens a vote on a motion about one application. The rule (who votes, quorum, threshold,
/// open or secret ballot) comes from the policy for that motion. The electorate is the
/// committee seated today, or, for a network vote, the member hubs in good standing today,
/// one hub one vote; both are fixed in the vote. A gate's votes are held in the policy's
/// order (409 `awaits-earlier-vote`).
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
        body.electorate,
        body.closes_at,
    )
    .await?;
    Ok(answer(vote, accepted, StatusCode::CREATED))
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

/// A member of the electorate casts or changes their ballot until the vote closes. In a
/// network vote a delegate casts or changes their hub's one ballot (any of its delegates
/// may; the record names who did), while the hub is in good standing.
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

/// A member of the electorate declares a conflict of interest and cannot vote after. In a
/// network vote a delegate declares their hub's: the hub recuses as a whole.
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
    let accepted = votes::recuse(&state, principal.context(), vote, body.reason).await?;
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
