//! What is kept of a request under its key: an HMAC under the server's secret, which leaves a
//! ballot's body out.

use crate::state::ServerSecret;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method};
use hmac::Mac;

/// Whether `uri` casts a ballot (`/api/v1/votes/{id}/ballots`).
fn casts_a_ballot(uri: &axum::http::Uri) -> bool {
    let path = uri.path();
    path.starts_with("/api/v1/votes/") && path.ends_with("/ballots")
}

pub(super) fn fingerprint(
    secret: &ServerSecret,
    method: &Method,
    uri: &axum::http::Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Vec<u8> {
    let mut mac = secret.mac("idempotency");
    mac.update(method.as_str().as_bytes());
    mac.update(&[0]);
    mac.update(uri.path_and_query().map_or("", |p| p.as_str()).as_bytes());
    mac.update(&[0]);
    mac.update(
        headers
            .get(axum::http::header::CONTENT_TYPE)
            .map_or(&b""[..], HeaderValue::as_bytes),
    );
    mac.update(&[0]);
    if !casts_a_ballot(uri) {
        mac.update(body);
    }
    mac.finalize().into_bytes().to_vec()
}
