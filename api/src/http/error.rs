//! The one error type at the HTTP edge, rendered as `application/problem+json` (RFC 9457).

use crate::commands::CommandError;
use crate::http::request_id;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use charter_domain::refusal::Values;
use charter_domain::{Refusable, Refusal};

pub use super::edge_rules::EdgeRule;
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Every way a request can fail. Each variant says its status code.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the body is not JSON, or a path or query parameter is malformed.
    #[error("{detail}")]
    BadRequest {
        detail: String,
        field: Option<String>,
    },
    /// 422: well-formed JSON of the wrong shape (unknown field, wrong type, missing field).
    #[error("{detail}")]
    InvalidBody {
        detail: String,
        field: Option<String>,
    },
    /// 401: no token, or one that is unknown, expired or revoked.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// 403: the token's role or scope does not allow the request.
    #[error("{0}")]
    Forbidden(String),
    /// 404: the thing named does not exist.
    #[error("{0}")]
    NotFound(String),
    /// 405: the path exists but not with this method.
    #[error("this method is not allowed on this path")]
    MethodNotAllowed,
    /// 409: concurrent writes kept conflicting after retries.
    #[error("{0}")]
    ConcurrentWrite(String),
    /// 408: the body did not arrive within the body timeout.
    #[error("the request body did not arrive within {} s", limit.as_secs_f64())]
    BodyTimedOut { limit: std::time::Duration },
    /// 413: the body is larger than the route allows.
    #[error("the request body is larger than the limit of {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// 415: the body's media type is not the one the route takes.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 403, 404, 409 or 422: the domain refused the command; the rule decides the status.
    #[error("{detail}")]
    Refused {
        refusal: Refusal,
        code: &'static str,
        detail: String,
        field: Option<String>,
        missing: Option<serde_json::Value>,
        /// The values the rule names, for a client's own words about it.
        values: Values,
    },
    /// 412: `If-Match` named a version the aggregate is no longer at.
    #[error("{0}")]
    PreconditionFailed(String),
    /// 503: a dependency is not available or the read models are behind; retry later.
    #[error("{0}")]
    Unavailable(String),
    /// 500: anything unexpected. Logged with its cause; the client sees only the request id.
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// The report of a domain refusal.
    pub fn refused(error: &dyn Refusable) -> Self {
        if error.refusal() == Refusal::Internal {
            return ApiError::Internal(anyhow::anyhow!("the domain could not decide: {error}"));
        }
        ApiError::Refused {
            refusal: error.refusal(),
            code: error.code(),
            detail: error.to_string(),
            field: error.field(),
            missing: error.missing(),
            values: error.values(),
        }
    }

    /// A refusal by one of the edge's own rules, those no aggregate decides.
    pub fn edge(rule: EdgeRule, detail: String, field: Option<&str>) -> Self {
        ApiError::Refused {
            refusal: rule.refusal(),
            code: rule.code(),
            detail,
            field: field.map(str::to_owned),
            missing: None,
            values: Values::new(),
        }
    }
}

impl<E: Refusable> From<CommandError<E>> for ApiError {
    fn from(error: CommandError<E>) -> Self {
        match error {
            CommandError::Refused(refusal) => ApiError::refused(&refusal),
            CommandError::Contended { .. } => ApiError::ConcurrentWrite(error.to_string()),
            CommandError::Stale { .. } => ApiError::PreconditionFailed(error.to_string()),
            CommandError::Occupied(detail) => {
                ApiError::edge(EdgeRule::VoteAlreadyOpen, detail, None)
            }
            CommandError::Database(error) => error.into(),
            CommandError::Store(_) => ApiError::Internal(anyhow::anyhow!("{error}")),
            CommandError::Unavailable(cause) => {
                tracing::error!(%cause, "event store unavailable");
                ApiError::Unavailable(DATABASE_AWAY.to_owned())
            }
        }
    }
}

/// The detail of every answer given while the database is away.
pub const DATABASE_AWAY: &str = "the database is not available; retry shortly";

/// How many seconds a client is asked to wait before it retries, in `Retry-After`.
pub const RETRY_AFTER_SECONDS: &str = "1";

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        if charter_store::db::is_unreachable(&error) {
            tracing::error!(%error, "database unavailable");
            ApiError::Unavailable(DATABASE_AWAY.to_owned())
        } else {
            ApiError::Internal(error.into())
        }
    }
}

impl ApiError {
    /// The error as it is reported: an unexpected failure that the database's being away
    /// caused, however deep in its causes (a read model's error around a lost connection),
    /// is a 503 to retry, never a 500.
    pub fn classified(self) -> Self {
        match self {
            ApiError::Internal(error)
                if charter_store::db::caused_by_unreachable(error.as_ref()) =>
            {
                tracing::error!(error = ?error, "database unavailable");
                ApiError::Unavailable(DATABASE_AWAY.to_owned())
            }
            other => other,
        }
    }
}

/// A problem details body.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URN naming the rule or failure, stable for clients to branch on.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The request's id, also in the `x-request-id` response header and the logs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The JSON path or parameter at fault, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What a gate still needs, when an advance was refused for that.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub missing: Option<serde_json::Value>,
    /// The values the rule names (a stage, a document kind and version, a deadline), for a
    /// client to word the refusal in its reader's language.
    #[serde(skip_serializing_if = "Values::is_empty")]
    #[schema(value_type = Option<Object>)]
    pub values: Values,
}

impl ApiError {
    /// The status code this error is reported with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::InvalidBody { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::ConcurrentWrite(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::BodyTimedOut { .. } => StatusCode::REQUEST_TIMEOUT,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Refused { refusal, .. } => match refusal {
                Refusal::NotFound => StatusCode::NOT_FOUND,
                Refusal::Forbidden => StatusCode::FORBIDDEN,
                Refusal::Conflict => StatusCode::CONFLICT,
                Refusal::Unprocessable => StatusCode::UNPROCESSABLE_ENTITY,
                Refusal::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            },
            ApiError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The codes of the edge's own failures: every variant's but `Refused`'s, whose code
    /// is its rule's.
    pub const FAILURE_CODES: [&'static str; 13] = [
        "bad-request",
        "invalid-body",
        "unauthorized",
        "forbidden",
        "not-found",
        "method-not-allowed",
        "concurrent-write",
        "payload-too-large",
        "request-timeout",
        "unsupported-media-type",
        "precondition-failed",
        "unavailable",
        "internal-error",
    ];

    fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { .. } => "bad-request",
            ApiError::InvalidBody { .. } => "invalid-body",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not-found",
            ApiError::MethodNotAllowed => "method-not-allowed",
            ApiError::ConcurrentWrite(_) => "concurrent-write",
            ApiError::PayloadTooLarge { .. } => "payload-too-large",
            ApiError::BodyTimedOut { .. } => "request-timeout",
            ApiError::UnsupportedMediaType(_) => "unsupported-media-type",
            ApiError::Refused { code, .. } => code,
            ApiError::PreconditionFailed(_) => "precondition-failed",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Internal(_) => "internal-error",
        }
    }

    fn problem(&self) -> Problem {
        let status = self.status();
        let detail = match self {
            ApiError::Internal(_) => {
                "an unexpected error occurred; quote the request id when reporting it".to_owned()
            }
            other => other.to_string(),
        };
        let field = match self {
            ApiError::BadRequest { field, .. } | ApiError::InvalidBody { field, .. } => {
                field.clone()
            }
            ApiError::Refused { field, .. } => field.clone(),
            _ => None,
        };
        let (missing, values) = match self {
            ApiError::Refused {
                missing, values, ..
            } => (missing.clone(), values.clone()),
            _ => (None, Values::new()),
        };
        Problem {
            kind: format!("urn:charter:problem:{}", self.code()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            request_id: request_id::current(),
            field,
            missing,
            values,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let this = self.classified();
        let status = this.status();
        match &this {
            ApiError::Internal(error) => tracing::error!(error = ?error, "request failed"),
            ApiError::Unavailable(detail) => tracing::warn!(%detail, "request not served"),
            other => tracing::info!(status = status.as_u16(), error = %other, "request refused"),
        }
        let mut response = (status, axum::Json(this.problem())).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        match this {
            ApiError::Unauthorized(_) => {
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"charter\""),
                );
            }
            ApiError::Unavailable(_) => {
                response.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from_static(RETRY_AFTER_SECONDS),
                );
            }
            _ => {}
        }
        response
    }
}

/// The result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_of_the_edge_has_a_listed_code() {
        let failures = [
            ApiError::BadRequest {
                detail: String::new(),
                field: None,
            },
            ApiError::InvalidBody {
                detail: String::new(),
                field: None,
            },
            ApiError::Unauthorized(""),
            ApiError::Forbidden(String::new()),
            ApiError::NotFound(String::new()),
            ApiError::MethodNotAllowed,
            ApiError::ConcurrentWrite(String::new()),
            ApiError::PayloadTooLarge { limit: 1 },
            ApiError::BodyTimedOut {
                limit: std::time::Duration::from_secs(1),
            },
            ApiError::UnsupportedMediaType(String::new()),
            ApiError::PreconditionFailed(String::new()),
            ApiError::Unavailable(String::new()),
            ApiError::Internal(anyhow::anyhow!("")),
        ];
        let mut codes = Vec::new();
        for failure in &failures {
            // Exhaustive on purpose: a new variant does not compile here until it is
            // added to `failures` above, and its code to `FAILURE_CODES`.
            match failure {
                ApiError::Refused { .. } => unreachable!("a rule's code is its own"),
                ApiError::BadRequest { .. }
                | ApiError::InvalidBody { .. }
                | ApiError::Unauthorized(_)
                | ApiError::Forbidden(_)
                | ApiError::NotFound(_)
                | ApiError::MethodNotAllowed
                | ApiError::ConcurrentWrite(_)
                | ApiError::PayloadTooLarge { .. }
                | ApiError::BodyTimedOut { .. }
                | ApiError::UnsupportedMediaType(_)
                | ApiError::PreconditionFailed(_)
                | ApiError::Unavailable(_)
                | ApiError::Internal(_) => codes.push(failure.code()),
            }
        }
        assert_eq!(codes, ApiError::FAILURE_CODES);
    }

    #[test]
    fn a_refusal_carries_its_rules_values_in_the_problem() {
        let refused = ApiError::refused(
            &charter_domain::application::ApplicationError::ApplicationClosed {
                stage: charter_domain::application::Stage::Rejected,
            },
        );
        let problem = serde_json::to_value(refused.problem()).expect("JSON");
        assert_eq!(problem["type"], "urn:charter:problem:application-closed");
        assert_eq!(problem["values"], serde_json::json!({"stage": "rejected"}));
        let failure =
            serde_json::to_value(ApiError::NotFound(String::new()).problem()).expect("JSON");
        assert!(failure.get("values").is_none(), "{failure}");
    }
}
