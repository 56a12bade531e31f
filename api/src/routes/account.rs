//! A person's own API tokens: made on their account page (or by a client already holding
//! one of their tokens), listed, revoked. A token made this way acts in the maker's role,
//! for the maker's application if a founder: never more than the maker may do.

use super::ReadErrors;
use crate::auth::{self, IssueToken, Principal, TokenView};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::paging::Paged;
use crate::routes::tokens::{answer_revocation, RevokeErrors, TokenPage, TokensQuery};
use crate::state::AppState;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use axum::Json;
use charter_domain::text::{self, InputError, InputProblem};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_own_tokens, make_token))
        .routes(routes!(revoke_own_token))
}

/// How long a token made on the account page works, unless its maker says otherwise.
const DEFAULT_DAYS: u32 = 90;
/// The longest a token made this way may work.
const LONGEST_DAYS: u32 = 365;

/// The longest name a token may have, in characters.
const LONGEST_LABEL: usize = 100;

/// A token to make for oneself.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MakeToken {
    /// What it is for, to tell it apart: 1 to 100 characters.
    #[schema(min_length = 1, max_length = 100)]
    pub label: String,
    /// Days it works, 1 to 365; 90 when absent.
    #[schema(minimum = 1, maximum = 365)]
    pub expires_in_days: Option<u32>,
}

/// A token just made: `token` is the only copy of its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct MadeToken {
    pub token: String,
    #[serde(flatten)]
    pub view: TokenView,
}

/// The caller's own tokens, oldest first: revoked and expired ones included unless
/// `working=true`; never a secret.
#[utoipa::path(get, path = "/api/v1/account/tokens", tag = "tokens",
    params(TokensQuery),
    responses((status = 200, body = TokenPage), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn list_own_tokens(
    State(state): State<AppState>,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<TokensQuery>,
) -> ApiResult<Paged<TokenPage>> {
    query.page(&state, principal.person, &uri).await
}

/// Makes a token for the caller, in the caller's role (and, for a founder, for their
/// application), working for `expires_in_days`. The answer is the only time its secret is
/// shown.
#[utoipa::path(operation_id = "issue_own_token", post, path = "/api/v1/account/tokens", tag = "tokens",
    request_body = MakeToken,
    responses((status = 201, description = "Made", body = MadeToken), super::CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn make_token(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<MakeToken>,
) -> ApiResult<(StatusCode, Json<MadeToken>)> {
    let label = text::line("label", &body.label, LONGEST_LABEL)
        .map_err(|error| ApiError::refused(&error))?;
    let days = body.expires_in_days.unwrap_or(DEFAULT_DAYS);
    if !(1..=LONGEST_DAYS).contains(&days) {
        let out_of_range = InputProblem::OutOfRange {
            min: 1,
            max: i64::from(LONGEST_DAYS),
        };
        return Err(ApiError::refused(&InputError::new(
            "expires_in_days",
            out_of_range,
        )));
    }
    let issued = auth::issue(
        &state.pool,
        IssueToken {
            role: principal.role,
            name: principal.name.clone(),
            person: Some(principal.person),
            application: principal.application,
            expires_at: Some(state.clock.now() + Duration::days(i64::from(days))),
            label: Some(label),
        },
    )
    .await
    .map_err(|error| match error {
        auth::TokenError::Database(error) => ApiError::from(error),
        other => ApiError::InvalidBody {
            detail: other.to_string(),
            field: None,
        },
    })?;
    let view = auth::find(&state.pool, issued.token_id)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("a token just made is missing")))?;
    tracing::info!(person = %principal.person, token = %issued.token_id, "personal token made");
    Ok((
        StatusCode::CREATED,
        Json(MadeToken {
            token: issued.token,
            view,
        }),
    ))
}

/// Revokes one of the caller's own tokens. Another person's token is not found.
#[utoipa::path(operation_id = "revoke_own_token", post, path = "/api/v1/account/tokens/{id}/revoke", tag = "tokens",
    params(("id" = Uuid, Path, description = "The token")),
    responses((status = 200, description = "Revoked", body = TokenView), RevokeErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(token = %id))]
async fn revoke_own_token(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<TokenView>> {
    let own = auth::find(&state.pool, id)
        .await?
        .is_some_and(|token| token.person_id == principal.person.0);
    if !own {
        return Err(ApiError::NotFound(format!("you hold no token {id}")));
    }
    let revoked = auth::revoke(&state.pool, id).await;
    if revoked.is_ok() {
        tracing::info!(person = %principal.person, "own token revoked");
    }
    answer_revocation(&state, revoked)
}
