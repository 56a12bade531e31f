//! Bearer tokens over HTTP, for the secretariat: a person's tokens, and revoking one.
//!
//! Tokens are rows, not aggregates: revoking one writes no event and has no version, so
//! `If-Match` does not apply (the document does not offer it); `Idempotency-Key` does.

use super::ReadErrors;
use crate::auth::{self, Principal, RevokeError, TokenView};
use crate::http::error::{ApiError, ApiResult, EdgeRule, Problem};
use crate::http::extract::{ApiPath, ApiQuery};
use crate::http::paging::{self, page_of, Paged};
use crate::state::AppState;
use axum::extract::{OriginalUri, State};
use axum::Json;
use charter_domain::{PersonId, Role};
use serde::Deserialize;
use utoipa::{IntoParams, IntoResponses};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tokens))
        .routes(routes!(revoke_token))
}

/// The refusals of a revocation.
#[allow(dead_code)]
#[derive(Debug, IntoResponses)]
pub(crate) enum RevokeErrors {
    /// Malformed token id.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// Missing, unknown, expired or revoked token.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// Only the secretariat revokes tokens.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// There is no such token.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// The token was already revoked; nothing changed. Also an `Idempotency-Key` still in
    /// flight.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// A body larger than the server takes (the route reads none, but an
    /// `Idempotency-Key` has the body read to fingerprint the request).
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    /// An `Idempotency-Key` used before with another request.
    #[response(status = 422, content_type = "application/problem+json")]
    Unprocessable(Problem),
    /// The database is not available.
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(Problem),
}

/// Which of a person's tokens to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TokensQuery {
    /// Only the tokens that still work (neither revoked nor expired); all when absent.
    pub working: Option<bool>,
    /// Where the page starts: the `next` of the previous page (with the same `working`).
    /// Leave it out for the first page.
    pub cursor: Option<String>,
    /// At most this many (1 to 500, default 100).
    #[param(minimum = 1, maximum = 500, default = 100)]
    pub limit: Option<i64>,
    /// Taken as every read takes it; tokens are read where they are written, so this
    /// list never lags.
    pub min_position: Option<i64>,
}

page_of!(
    TokenPage,
    TokenView,
    "A page of a person's tokens, and where the next one starts."
);

impl TokensQuery {
    /// The page of the tokens of `person` it asks for, oldest first.
    pub async fn page(
        &self,
        state: &AppState,
        person: PersonId,
        uri: &axum::http::Uri,
    ) -> ApiResult<Paged<TokenPage>> {
        const LIST: &str = "tokens";
        // Taken and not waited for: tokens are read where they are written.
        let _ = self.min_position;
        let limit = super::limit(self.limit, 100, 500)?;
        let after = paging::after_time(LIST, self.cursor.as_deref())?;
        let working = self.working.unwrap_or(false);
        let tokens = auth::page_for_person(&state.pool, person, working, after, limit + 1).await?;
        let (items, next) = paging::split(tokens, limit, LIST, |token| {
            paging::time_and_id(&token.created_at, &token.token_id)
        });
        Ok(Paged::new(TokenPage { items, next }, uri))
    }
}

/// Every token the person holds, oldest first: revoked and expired ones included unless
/// `working=true`; never a token's secret. Empty for a person who holds none.
#[utoipa::path(operation_id = "list_person_tokens", get, path = "/api/v1/people/{id}/tokens", tag = "tokens",
    params(("id" = Uuid, Path, description = "The person"), TokensQuery),
    responses((status = 200, body = TokenPage), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(holder = %id))]
async fn list_tokens(
    State(state): State<AppState>,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<TokensQuery>,
) -> ApiResult<Paged<TokenPage>> {
    principal.require(&[Role::Secretariat], "list tokens")?;
    query.page(&state, PersonId(id), &uri).await
}

/// Revokes the token: from its next request it is refused with 401 (by another server
/// instance, once it hears of the change, normally within milliseconds). The person's
/// other tokens keep working. Revoking a token already revoked is refused with 409 and changes
/// nothing.
#[utoipa::path(post, path = "/api/v1/tokens/{id}/revoke", tag = "tokens",
    params(("id" = Uuid, Path, description = "The token")),
    responses((status = 200, description = "Revoked", body = TokenView), RevokeErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(token = %id))]
async fn revoke_token(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<TokenView>> {
    principal.require(&[Role::Secretariat], "revoke tokens")?;
    let revoked = auth::revoke(&state.pool, id).await;
    if let Ok(token) = &revoked {
        // Tokens are not in the event store, so this line is the record of who did it.
        tracing::info!(by = %principal.person, holder = %token.person_id, "token revoked");
    }
    answer_revocation(&state, revoked)
}

/// The answer to a revocation: the token, now refused from its next request here (other
/// instances hear of it by the notification the change sent); 404 or 409 otherwise.
pub(crate) fn answer_revocation(
    state: &AppState,
    revoked: Result<TokenView, RevokeError>,
) -> ApiResult<Json<TokenView>> {
    match revoked {
        Ok(token) => {
            state.tokens.invalidate();
            Ok(Json(token))
        }
        Err(RevokeError::NotFound(id)) => {
            Err(ApiError::NotFound(format!("there is no token {id}")))
        }
        Err(error @ RevokeError::AlreadyRevoked { .. }) => Err(ApiError::edge(
            EdgeRule::TokenAlreadyRevoked,
            error.to_string(),
            None,
        )),
        Err(RevokeError::Database(error)) => Err(error.into()),
    }
}
