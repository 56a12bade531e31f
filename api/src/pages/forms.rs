//! A form posted to a page: its fields, once its form key is found to be the session's.
//! A form without the key, or with another session's, is refused and changes nothing.

use super::render::Chrome;
use super::visitor::Visitor;
use super::PageState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

/// The largest form the pages take (an upload is read by its own extractor).
const LIMIT: usize = 256 * 1024;

/// The name of the field that carries the form key.
pub const CSRF_FIELD: &str = "csrf";

/// A form posted by the session that was given it: the visitor and the fields.
#[derive(Debug)]
pub struct Posted<T> {
    pub visitor: Visitor,
    pub form: T,
}

impl<T: DeserializeOwned> FromRequest<PageState> for Posted<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &PageState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let visitor = Visitor::from_request_parts(&mut parts, state).await?;
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        if bytes.len() > LIMIT {
            return Err(StatusCode::PAYLOAD_TOO_LARGE.into_response());
        }
        let fields: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        let key = fields
            .iter()
            .find(|(name, _)| name == CSRF_FIELD)
            .map(|(_, value)| value.as_str());
        check_key(&visitor, key).await?;
        let form = serde_urlencoded::from_bytes(&bytes).map_err(|error| {
            tracing::info!(%error, "a form of the wrong shape");
            StatusCode::BAD_REQUEST.into_response()
        })?;
        Ok(Posted { visitor, form })
    }
}

/// Refuses a form whose key is not the session's (sent from another site, or from a page
/// of a session that has since ended).
pub async fn check_key(visitor: &Visitor, key: Option<&str>) -> Result<(), Response> {
    let expected = visitor.visit.csrf.as_bytes();
    let matches = key.is_some_and(|key| {
        key.len() == expected.len()
            && key
                .as_bytes()
                .iter()
                .zip(expected)
                .fold(0u8, |diff, (a, b)| diff | (a ^ b))
                == 0
    });
    if matches {
        return Ok(());
    }
    tracing::warn!("a form without this session's key was refused");
    let mut visitor = visitor.clone();
    let chrome: Chrome = visitor.chrome("expired-form-heading").await;
    Err(super::render::error_page(
        chrome,
        StatusCode::FORBIDDEN,
        "expired-form-heading",
        "expired-form-body",
    ))
}

/// A field's text, trimmed; `None` when it is empty.
pub fn filled(value: &Option<String>) -> Option<&str> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
}
