//! The history's anchors, for whoever audits it from outside the database: the latest
//! signed checkpoint of the Merkle tree over all events, the public key that checks it,
//! and inclusion and consistency proofs (RFC 9162) that need nothing else to be checked.

use super::ReadErrors;
use crate::auth::Principal;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::ApiQuery;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use charter_domain::Role;
use charter_store::history::proofs::{
    self, ConsistencyProof, InclusionProof, LeafRef, ProofRefusal,
};
use charter_store::history::{signing, Checkpoint};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(latest_checkpoint))
        .routes(routes!(public_key))
        .routes(routes!(inclusion_proof))
        .routes(routes!(consistency_proof))
}

/// Whoever may audit the record: a seated committee member or the secretariat.
async fn auditor(state: &AppState, principal: &Principal, what: &str) -> ApiResult<()> {
    principal.require(&[Role::Committee, Role::Secretariat], what)?;
    principal.require_seat(state).await
}

/// The latest checkpoint the server signed: the size and root of the Merkle tree over
/// all events, and when. Keep it: a later check (`charter audit verify --checkpoint`)
/// shows whether the store still contains it. 404 until the first is signed.
#[utoipa::path(operation_id = "get_latest_checkpoint", get, path = "/api/v1/audit/checkpoints/latest", tag = "committee",
    responses((status = 200, body = Checkpoint), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn latest_checkpoint(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<Checkpoint>> {
    auditor(&state, &principal, "read the history's checkpoints").await?;
    signing::latest(&state.pool)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound("no checkpoint has been signed yet".to_owned()))
}

/// The key that checkpoints are signed with.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckpointPublicKey {
    /// Always `Ed25519`.
    pub algorithm: &'static str,
    /// The first 16 hexadecimal digits of the SHA-256 of the key: each checkpoint names it.
    pub key_id: String,
    /// The 32-byte public key, hexadecimal.
    pub public_key: String,
}

/// The public key that checks the checkpoints' signatures. Keep a copy from a time you
/// trust: whoever runs the server could sign with another key from then on, but not
/// under this one.
#[utoipa::path(operation_id = "get_public_key", get, path = "/api/v1/audit/public-key", tag = "committee",
    responses((status = 200, body = CheckpointPublicKey), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn public_key(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<CheckpointPublicKey>> {
    auditor(&state, &principal, "read the checkpoints' public key").await?;
    let key = state
        .checkpoint_key()
        .await
        .map_err(|error| ApiError::Internal(error.into()))?
        .public();
    Ok(Json(CheckpointPublicKey {
        algorithm: "Ed25519",
        key_id: key.key_id(),
        public_key: key.to_hex(),
    }))
}

/// Which event, in which tree.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InclusionQuery {
    /// The event's leaf in the tree (give this or `global_position`).
    pub leaf_index: Option<u64>,
    /// The event's global position (give this or `leaf_index`).
    pub global_position: Option<i64>,
    /// The tree: its size, as a checkpoint gives it. The latest checkpoint's when absent.
    pub tree_size: Option<u64>,
}

/// Proof that an event is in the tree of a checkpoint: its leaf (every field, to recompute
/// its hash), and the inclusion path from it to the checkpoint's root (RFC 9162 §2.1.3).
#[utoipa::path(operation_id = "get_inclusion_proof", get, path = "/api/v1/audit/proofs/inclusion", tag = "committee",
    params(InclusionQuery),
    responses((status = 200, body = InclusionProof), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn inclusion_proof(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<InclusionQuery>,
) -> ApiResult<Json<InclusionProof>> {
    auditor(&state, &principal, "read proofs of the history").await?;
    let leaf = match (query.leaf_index, query.global_position) {
        (Some(index), None) => LeafRef::Index(index),
        (None, Some(position)) => LeafRef::Position(position),
        _ => {
            return Err(ApiError::BadRequest {
                detail: "give exactly one of leaf_index and global_position".to_owned(),
                field: Some("leaf_index".to_owned()),
            })
        }
    };
    let tree_size = match query.tree_size {
        Some(size) => size,
        None => latest_size(&state).await?,
    };
    let proof = proofs::inclusion(&state.pool, leaf, tree_size)
        .await
        .map_err(refused)?;
    withhold_open_secret_vote(&state, &proof).await?;
    Ok(Json(proof))
}

/// Refuses the proof of an event of a secret vote still open: its event names the member
/// who took part, which no one is shown before the close (see the vote register's
/// secrecy). Once the vote closes, its proofs are given like any other.
async fn withhold_open_secret_vote(state: &AppState, proof: &InclusionProof) -> ApiResult<()> {
    let names_a_member = ["BallotCast", "MemberRecused"].contains(&proof.event.event_type.as_str());
    if proof.event.aggregate_type != "CommitteeVote" || !names_a_member {
        return Ok(());
    }
    // Read from the store, not the register, which may not have seen the vote yet: a vote
    // is withheld from its opening, secret by its rule, until its closing is written.
    let open_secret: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM events
                        WHERE aggregate_type = 'CommitteeVote' AND aggregate_id = $1
                          AND event_type = 'VoteOpened'
                          AND payload -> 'VoteOpened' -> 'rule' ->> 'ballot' = 'secret')
            AND NOT EXISTS (SELECT 1 FROM events
                            WHERE aggregate_type = 'CommitteeVote' AND aggregate_id = $1
                              AND event_type = 'VoteClosed')",
    )
    .bind(&proof.event.aggregate_id)
    .fetch_one(&state.pool)
    .await?;
    if open_secret {
        return Err(ApiError::Forbidden(
            "this event belongs to a secret vote still open, which shows no one who took part; \
             its proof is given once the vote closes"
                .to_owned(),
        ));
    }
    Ok(())
}

/// Two trees.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    /// The earlier tree's size.
    pub first: u64,
    /// The later tree's size; the latest checkpoint's when absent.
    pub second: Option<u64>,
}

/// Proof that the earlier tree is a prefix of the later one: nothing in it was changed,
/// removed or reordered since (RFC 9162 §2.1.4).
#[utoipa::path(operation_id = "get_consistency_proof", get, path = "/api/v1/audit/proofs/consistency", tag = "committee",
    params(ConsistencyQuery),
    responses((status = 200, body = ConsistencyProof), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn consistency_proof(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<ConsistencyQuery>,
) -> ApiResult<Json<ConsistencyProof>> {
    auditor(&state, &principal, "read proofs of the history").await?;
    let second = match query.second {
        Some(size) => size,
        None => latest_size(&state).await?,
    };
    Ok(Json(
        proofs::consistency(&state.pool, query.first, second)
            .await
            .map_err(refused)?,
    ))
}

async fn latest_size(state: &AppState) -> ApiResult<u64> {
    signing::latest(&state.pool)
        .await?
        .map(|checkpoint| checkpoint.tree_size)
        .ok_or_else(|| {
            ApiError::NotFound("no checkpoint has been signed yet: give tree_size".to_owned())
        })
}

fn refused(refusal: ProofRefusal) -> ApiError {
    match refusal {
        ProofRefusal::BeyondLog { .. } | ProofRefusal::NotLogged => {
            ApiError::NotFound(refusal.to_string())
        }
        ProofRefusal::Invalid(error) => ApiError::BadRequest {
            detail: error.to_string(),
            field: None,
        },
        ProofRefusal::Failed(charter_store::history::HistoryError::Database(error)) => error.into(),
        ProofRefusal::Failed(error) => ApiError::Internal(error.into()),
    }
}
