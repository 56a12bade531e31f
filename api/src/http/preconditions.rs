//! `If-Match`: a command sent with the version of the aggregate it acts on (as the `ETag`
//! of a read or the `version` of a command's answer gave it) is refused with 412, writing
//! nothing, when the aggregate has moved on since. The version is checked against the
//! state the command is decided on, in the same turn as the append.

use crate::commands::ExpectedVersion;
use crate::http::error::ApiError;
use axum::extract::Request;
use axum::http::header::IF_MATCH;
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// An entity tag for `version`, as `ETag` headers carry it.
pub fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

/// Parses `"7"` (or a bare `7`); `*` matches any version.
fn parse(value: &HeaderValue) -> Result<Option<i64>, ()> {
    let text = value.to_str().map_err(|_| ())?.trim();
    if text == "*" {
        return Ok(None);
    }
    let unquoted = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    match unquoted.parse::<i64>() {
        Ok(version) if version >= 0 => Ok(Some(version)),
        _ => Err(()),
    }
}

/// The middleware: leaves a POST's `If-Match` version in the request's extensions, where
/// the command it runs finds it (see [`crate::auth::Caller`]).
pub async fn scope(mut request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let expected = match request.headers().get(IF_MATCH).map(parse) {
        None => None,
        Some(Ok(expected)) => expected,
        Some(Err(())) => {
            return ApiError::BadRequest {
                detail: "If-Match must be the aggregate's version as an entity tag, such as \"7\""
                    .to_owned(),
                field: Some("If-Match".to_owned()),
            }
            .into_response()
        }
    };
    request
        .extensions_mut()
        .insert(ExpectedVersion::new(expected));
    next.run(request).await
}
