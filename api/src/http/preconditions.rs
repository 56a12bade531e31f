//! `If-Match`: a command sent with the version of the aggregate it acts on (as the `ETag`
//! of a read or the `version` of a command's answer gave it) is refused with 412, writing
//! nothing, when the aggregate has moved on since. The version is checked against the
//! state the command is decided on, in the same turn as the append.
//!
//! `If-None-Match`: a read sent with the `ETag` it was given answers 304 while the
//! representation has not changed. A founder's read is tagged by a hash of what they are
//! shown ([`view_etag`]), not by the version, which also counts the panel's work hidden
//! from them: that tag is for `If-None-Match` only.

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

/// An entity tag for a representation that is not an aggregate's version: a hash of the
/// exact bytes sent, so that it changes exactly when they do.
pub fn view_etag(body: &[u8]) -> HeaderValue {
    use sha2::{Digest, Sha256};
    let digest = hex::encode(Sha256::digest(body));
    HeaderValue::from_str(&format!("\"view-{}\"", &digest[..32]))
        .unwrap_or(HeaderValue::from_static("\"view\""))
}

/// Whether `If-None-Match` in `headers` names `etag` (or is `*`): the client holds the
/// current representation. Entity tags compare weakly, as RFC 9110 says for this header.
pub fn none_match(headers: &axum::http::HeaderMap, etag: &HeaderValue) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    let Ok(current) = etag.to_str().map(opaque) else {
        return false;
    };
    headers
        .get_all(axum::http::header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|tag| tag.trim() == "*" || opaque(tag) == current)
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
                detail: "If-Match must be the aggregate's version as an entity tag, such as \"7\" \
                         (the version of a command's answer; a founder's read is tagged for \
                         If-None-Match only)"
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
