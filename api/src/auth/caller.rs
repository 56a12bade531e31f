//! The caller of a route that gives commands: the [`Principal`] their token names, and
//! the parts of their request that every command they give records.

use super::principal::Principal;
use crate::commands::{CommandContext, ExpectedVersion, IdempotencyKey};
use crate::http::error::ApiError;
use crate::http::request_id;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// Who calls, and the context of the commands they give on this request.
#[derive(Debug, Clone)]
pub struct Caller {
    principal: Principal,
    context: CommandContext,
}

impl Caller {
    /// The context of a command given on this request.
    pub fn context(&self) -> &CommandContext {
        &self.context
    }
}

impl std::ops::Deref for Caller {
    type Target = Principal;

    fn deref(&self) -> &Principal {
        &self.principal
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let principal = Principal::from_request_parts(parts, state).await?;
        // Set by the request-id middleware on every request it passes on.
        let request_id = parts
            .headers
            .get(&request_id::HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let claim = parts.extensions.get::<IdempotencyKey>();
        let context = CommandContext {
            actor: principal.actor(),
            request_id,
            idempotency_key: claim.map(|claim| claim.key.clone()),
            claim_instance: claim.map(|claim| claim.instance),
            // Task-local rather than the header: the pages call the API in process, within
            // the page request's task, without its headers.
            trace_id: crate::http::trace_context::current(),
            expected_version: parts
                .extensions
                .get::<ExpectedVersion>()
                .cloned()
                .unwrap_or_default(),
        };
        Ok(Self { principal, context })
    }
}
