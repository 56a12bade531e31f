//! Extractors that turn every malformed request into the project's own problem body.

use crate::http::error::ApiError;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// A JSON body: 415 when it is not declared as JSON, 413 when too large, 400 when it is not
/// JSON at all, 422 naming the field when it has the wrong shape, and 422 when it is JSON
/// but not an object (every body the API takes is one: serde would read an array into a
/// struct field by field, so `["A", null]` would pass for `{"name": "A", "email": null}`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T> FromRequest<AppState> for ApiJson<T>
where
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|essence| {
                let essence = essence.trim().to_ascii_lowercase();
                essence == "application/json"
                    || (essence.starts_with("application/") && essence.ends_with("+json"))
            });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType(
                "the body must be JSON, sent with Content-Type: application/json".to_owned(),
            ));
        }
        let bytes = read_body(request.into_body(), state.settings.max_json_bytes).await?;
        decode_object(&bytes).map(ApiJson)
    }
}

/// Reads JSON `bytes` that must hold an object as `T`: a body of another JSON type (an
/// array, a string, a number, a boolean, null) is refused, naming the type, before `T`
/// sees it.
pub fn decode_object<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        // Not an object, or not JSON: read it as any JSON to tell which (the body is
        // refused either way, so the second reading costs a client nothing).
        let value: serde_json::Value = decode(bytes)?;
        let kind = match value {
            serde_json::Value::Null => "null",
            serde_json::Value::Bool(_) => "a boolean",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Array(_) => "an array",
            serde_json::Value::Object(_) => return decode(bytes),
        };
        return Err(ApiError::InvalidBody {
            detail: format!("the body must be a JSON object, not {kind}"),
            field: None,
        });
    }
    decode(bytes)
}

/// Reads JSON `bytes` as `T`, naming the path of the first field at fault; a struct
/// anywhere in `T` is read only from a JSON object.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    // Structs from objects only, at every depth (see `strict`).
    let strict = super::strict::Strict(&mut deserializer);
    let value: T = serde_path_to_error::deserialize(strict).map_err(|error| {
        let path = error.path().to_string();
        let field = (path != ".").then_some(path);
        let inner = error.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => ApiError::InvalidBody {
                detail: match &field {
                    Some(field) => format!("{field}: {inner}"),
                    None => inner.to_string(),
                },
                field,
            },
            _ => not_json(&inner),
        }
    })?;
    deserializer.end().map_err(|error| not_json(&error))?;
    Ok(value)
}

fn not_json(error: &serde_json::Error) -> ApiError {
    ApiError::BadRequest {
        detail: format!("the body is not valid JSON: {error}"),
        field: None,
    }
}

/// Reads a whole body of at most `limit` bytes. Every route reads its body through here
/// (axum's default limit is off), so each enforces its own limit and reports it exactly:
/// 413 over it (at once when the declared length is over it), 408 when the body did not
/// arrive within its time (see [`super::deadlines`]).
pub async fn read_body(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    let declared = http_body::Body::size_hint(&body).lower();
    if declared > u64::try_from(limit).unwrap_or(u64::MAX) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    axum::body::to_bytes(body, limit).await.map_err(|error| {
        if let Some(limit) = super::deadlines::body_timed_out(&error) {
            return ApiError::BodyTimedOut { limit };
        }
        let too_large = std::error::Error::source(&error)
            .is_some_and(|cause| cause.is::<http_body_util::LengthLimitError>())
            || error.to_string().contains("length limit exceeded");
        if too_large {
            ApiError::PayloadTooLarge { limit }
        } else {
            ApiError::BadRequest {
                detail: format!("the request body could not be read: {error}"),
                field: None,
            }
        }
    })
}

/// Path parameters; a malformed one is a 400 naming it.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|rejection: PathRejection| ApiError::BadRequest {
                detail: format!("malformed path: {}", rejection.body_text()),
                field: None,
            })
    }
}

/// Query parameters; unknown or malformed ones are a 400 naming them.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| ApiQuery(value))
            .map_err(|rejection: QueryRejection| ApiError::BadRequest {
                detail: format!("malformed query: {}", rejection.body_text()),
                field: None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Person {
        name: String,
        email: Option<String>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Nothing {}

    fn refusal(body: &str) -> (u16, String) {
        match decode_object::<Person>(body.as_bytes()) {
            Ok(person) => panic!("{body} was read as {person:?}"),
            Err(error) => (error.status().as_u16(), error.to_string()),
        }
    }

    #[test]
    fn a_body_of_another_json_type_than_an_object_is_refused_naming_it() {
        for (body, kind) in [
            (r#"["A", null]"#, "an array"),
            ("[]", "an array"),
            (r#" "A" "#, "a string"),
            ("42", "a number"),
            ("true", "a boolean"),
            ("null", "null"),
        ] {
            assert_eq!(
                refusal(body),
                (422, format!("the body must be a JSON object, not {kind}")),
                "{body}"
            );
        }
        assert!(decode_object::<Nothing>(b"[]").is_err());
        assert!(decode_object::<Nothing>(b" {} ").is_ok());
        assert!(decode_object::<Person>(br#"{"name": "A"}"#).is_ok());
    }

    #[test]
    fn a_body_that_is_not_json_is_still_a_bad_request() {
        for body in ["", "[1,", "nul", "{", "A"] {
            assert_eq!(refusal(body).0, 400, "{body:?}");
        }
    }
}
