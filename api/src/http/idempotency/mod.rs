//! `Idempotency-Key`: a POST that carries one is carried out once; sending it again with
//! the same body returns the first response and writes nothing, with another body it is
//! refused (422).
//!
//! A key belongs to the person whose token sent it. Before the handler runs, the key is
//! claimed (a row without a response); a success completes the row with the response, a
//! refusal or failure releases the claim, since it wrote nothing (unless events carry the
//! key after all: see [`release`]). The key also goes into
//! the metadata of every event the request writes, atomically with them, so a claim left
//! behind by a crash is resolved exactly: if events carry the key the command took effect
//! (its response is lost, and the client is told so), if none do it did not, and the key
//! is free for the retry. Keys are kept for at least 24 hours (the scheduler drops them
//! after [`RETENTION_HOURS`]).
//!
//! The request is kept only as a fingerprint, an HMAC under a secret of the key directory,
//! so a fingerprint read from the database cannot be matched against guessed bodies. A
//! ballot's fingerprint leaves its body out: a replay of a ballot's key gets the first
//! answer whatever the body carries, so no one can learn which choice a key was used with
//! by trying each (a secret ballot's answer holds only its sealed form). The answer is
//! kept sealed under the keys of the people it names ([`answers`]).

mod answers;
mod claims;
mod fingerprint;

use claims::{claim, KeyClaim};
use fingerprint::fingerprint;

pub use claims::release;

use crate::auth::Principal;
use crate::commands::IdempotencyKey;
use crate::http::error::{ApiError, EdgeRule};
use crate::http::extract::read_body;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;
use uuid::Uuid;

/// The request header.
pub static HEADER: HeaderName = HeaderName::from_static("idempotency-key");
/// Set on a response that repeats the first one.
pub static REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");
/// How long completed keys are kept.
pub const RETENTION_HOURS: i64 = 48;
/// The response headers a replay repeats.
const KEPT_HEADERS: [&str; 4] = ["content-type", "location", "etag", "consistency-token"];

/// A key is 1 to 255 visible ASCII characters.
fn acceptable(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// The middleware: a POST with a key is answered once.
pub async fn once(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST || !request.headers().contains_key(&HEADER) {
        return next.run(request).await;
    }
    let key = match request.headers().get(&HEADER).map(HeaderValue::to_str) {
        Some(Ok(key)) if acceptable(key) => key.to_owned(),
        _ => {
            return ApiError::BadRequest {
                detail: "Idempotency-Key must be 1 to 255 visible ASCII characters".to_owned(),
                field: Some("Idempotency-Key".to_owned()),
            }
            .into_response()
        }
    };
    let (mut parts, body) = request.into_parts();
    // Without a valid token the handler refuses the request anyway, writing nothing.
    let Ok(principal) = Principal::from_request_parts(&mut parts, &state).await else {
        return next.run(Request::from_parts(parts, body)).await;
    };
    // The route's own limit, before anything is buffered: a JSON route's body is never
    // read past its JSON limit only because it carries a key.
    let limit = body_limit(&parts, &state);
    let bytes = match read_body(body, limit).await {
        Ok(bytes) => bytes,
        Err(refused) => return refused.into_response(),
    };
    let fingerprint = fingerprint(
        &state.secret,
        &parts.method,
        &parts.uri,
        &parts.headers,
        &bytes,
    );
    let person = principal.person.0;
    match claim(&state.pool, state.instance, person, &key, &fingerprint).await {
        Err(error) => return ApiError::from(error).into_response(),
        Ok(KeyClaim::New) => {}
        Ok(KeyClaim::Answered {
            status,
            headers,
            body,
        }) => return replay(status, &headers, body),
        Ok(KeyClaim::OtherRequest) => {
            return ApiError::edge(
                EdgeRule::IdempotencyKeyReused,
                "this Idempotency-Key was used with a different request; use a new key for a \
                 new request"
                    .to_owned(),
                Some("Idempotency-Key"),
            )
            .into_response()
        }
        Ok(KeyClaim::InFlight) => {
            return ApiError::edge(
                EdgeRule::IdempotencyKeyInFlight,
                "the first request with this Idempotency-Key is still being served; retry in a \
                 moment"
                    .to_owned(),
                Some("Idempotency-Key"),
            )
            .into_response()
        }
        Ok(KeyClaim::TookEffect { position, location }) => {
            let mut lost = ApiError::edge(
                EdgeRule::IdempotencyKeyAnswerLost,
                format!(
                    "the first request with this Idempotency-Key took effect (its last event \
                     is at position {position}) but its answer was lost; read the resource at \
                     {location} with Consistency-Token {position}"
                ),
                Some("Idempotency-Key"),
            )
            .into_response();
            if let Ok(location) = HeaderValue::from_str(&location) {
                lost.headers_mut().insert(LOCATION, location);
            }
            // What the lost answer's token would have been, for the read of that resource.
            lost.headers_mut().insert(
                crate::http::freshness::HEADER.clone(),
                HeaderValue::from(position),
            );
            return lost;
        }
        Ok(KeyClaim::AnswerErased) => {
            return ApiError::edge(
                EdgeRule::IdempotencyKeyAnswerLost,
                "the first request with this Idempotency-Key took effect, but its answer named \
                 someone whose personal data has been erased since; read the resource"
                    .to_owned(),
                Some("Idempotency-Key"),
            )
            .into_response()
        }
    }
    // The commands the request runs record the key (see [`crate::auth::Caller`]).
    parts.extensions.insert(IdempotencyKey {
        key: key.clone(),
        instance: state.instance,
    });
    let request = Request::from_parts(parts, Body::from(bytes));
    let response = next.run(request).await;
    if !response.status().is_success() {
        if let Err(error) = release(&state.pool, person, &key).await {
            tracing::error!(%error, "an idempotency claim could not be released");
        }
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "a response could not be read to keep for its key");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if let Err(error) = complete(
        &state.pool,
        person,
        &key,
        parts.status,
        &parts.headers,
        &bytes,
    )
    .await
    {
        // The command took effect; a retry finds its events and says so.
        tracing::error!(%error, "a response could not be kept for its idempotency key");
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The most a request to the route matched may carry: a document upload's limit for the
/// upload route, the JSON limit for every other (the only bodies they take).
fn body_limit(parts: &axum::http::request::Parts, state: &AppState) -> usize {
    let upload = parts
        .extensions
        .get::<MatchedPath>()
        .is_some_and(|path| path.as_str() == crate::routes::documents::UPLOAD_PATH);
    if upload {
        state.settings.max_upload_bytes
    } else {
        state.settings.max_json_bytes
    }
}

async fn complete(
    pool: &PgPool,
    person: Uuid,
    key: &str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), sqlx::Error> {
    let kept: serde_json::Map<String, serde_json::Value> = KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            let value = headers.get(*name)?.to_str().ok()?;
            Some(((*name).to_owned(), serde_json::Value::from(value)))
        })
        .collect();
    let body = answers::seal(pool, person, body).await?;
    sqlx::query(
        "UPDATE idempotency_keys SET status = $3, headers = $4, body = $5
         WHERE person_id = $1 AND key = $2",
    )
    .bind(person)
    .bind(key)
    .bind(i16::try_from(status.as_u16()).unwrap_or(500))
    .bind(serde_json::Value::Object(kept))
    .bind(body)
    .execute(pool)
    .await?;
    Ok(())
}

fn replay(status: u16, headers: &serde_json::Value, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    if let Some(headers) = headers.as_object() {
        for (name, value) in headers {
            if let (Ok(name), Some(Ok(value))) = (
                HeaderName::try_from(name.as_str()),
                value.as_str().map(HeaderValue::from_str),
            ) {
                response.headers_mut().insert(name, value);
            }
        }
    }
    response
        .headers_mut()
        .insert(REPLAYED.clone(), HeaderValue::from_static("true"));
    response
}

/// Drops keys older than [`RETENTION_HOURS`].
pub async fn forget_old(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM idempotency_keys WHERE claimed_at < now() - make_interval(hours => $1)",
    )
    .bind(i32::try_from(RETENTION_HOURS).unwrap_or(48))
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
