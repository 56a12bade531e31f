//! Conditional requests on the versioned resources (issue 27): every read of one carries an
//! `ETag` and answers 304 to an `If-None-Match` that names it, and is kept by the client's
//! own cache only (`private, no-cache`); `If-Match` on a command holds it to the version
//! its read gave, compared strongly.

mod documents;
mod people;
mod votes;

use charter_tests::{Caller, TestApp};
use reqwest::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use reqwest::Method;

/// A read as a client's cache sees it.
pub(super) struct Read {
    pub status: u16,
    pub etag: String,
    pub cache_control: String,
    pub body: String,
}

/// GETs `path` as `caller` once the read models reach `position`, with `If-None-Match`
/// when given.
pub(super) async fn read(
    app: &TestApp,
    caller: &Caller,
    path: &str,
    position: i64,
    if_none_match: Option<&str>,
) -> Read {
    let separator = if path.contains('?') { '&' } else { '?' };
    let path = format!("{path}{separator}min_position={position}");
    let mut request = app.request(Method::GET, &path, Some(caller));
    if let Some(tag) = if_none_match {
        request = request.header(IF_NONE_MATCH, tag);
    }
    let response = request.send().await.expect("send");
    let header = |name| {
        response
            .headers()
            .get(name)
            .map(|value: &reqwest::header::HeaderValue| value.to_str().expect("ASCII").to_owned())
            .unwrap_or_default()
    };
    let (etag, cache_control) = (header(ETAG), header(CACHE_CONTROL));
    Read {
        status: response.status().as_u16(),
        etag,
        cache_control,
        body: response.text().await.expect("a body"),
    }
}

/// The `position` of a command's answer.
pub(super) fn position(answer: &serde_json::Value) -> i64 {
    answer["position"].as_i64().expect("a position")
}

/// The `version` of a command's answer as an entity tag.
pub(super) fn tag_of(answer: &serde_json::Value) -> String {
    format!("\"{}\"", answer["version"].as_i64().expect("a version"))
}
