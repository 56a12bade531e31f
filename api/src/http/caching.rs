//! What a cache may keep. Nearly every answer is about people and applications, for the
//! one who asked: no shared cache (a proxy's) may keep it, nor, mostly, the browser (its
//! history after signing out). An answer that says otherwise itself keeps its word: the
//! pages' style sheet and script, named by their content's hash, are kept for a year. The
//! OpenAPI document and its page hold nothing personal but change with each release: a
//! cache may keep them if it asks again before each use.
//!
//! An API read that carries an `ETag` (an application, a vote, a person, a document's
//! bytes) is `private, no-cache`: the client's own cache may keep it, and must ask again
//! before each use with `If-None-Match`, which a 304 answers while it is current; a shared
//! cache keeps nothing. The pages stay `no-store`, tagged or not.

use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, ETAG};
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

/// What an answer to `method` on `path` that names no caching of its own is sent with;
/// `tagged` when it carries an `ETag`.
pub fn policy(method: &Method, path: &str, tagged: bool) -> &'static str {
    let read = *method == Method::GET || *method == Method::HEAD;
    if path == "/api/openapi.json" || path == "/docs" || path.starts_with("/docs/") {
        "no-cache"
    } else if read && tagged && path.starts_with("/api/") {
        "private, no-cache"
    } else {
        "no-store"
    }
}

/// The middleware: `Cache-Control` on every answer that has none.
pub async fn cache_control(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let tagged = response.headers().contains_key(ETAG);
    let policy = policy(&method, &path, tagged);
    response
        .headers_mut()
        .entry(CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(policy));
    response
}

#[cfg(test)]
mod tests {
    use super::policy;
    use axum::http::Method;

    #[test]
    fn only_the_document_and_its_page_may_be_kept_and_nothing_else_unless_it_says_so() {
        assert_eq!(policy(&Method::GET, "/api/openapi.json", false), "no-cache");
        assert_eq!(policy(&Method::GET, "/docs/", false), "no-cache");
        for path in [
            "/api/v1/people",
            "/",
            "/documents/x/1",
            "/healthz",
            "/docsx",
        ] {
            assert_eq!(policy(&Method::GET, path, false), "no-store", "{path}");
        }
    }

    #[test]
    fn a_tagged_api_read_is_revalidated_by_the_clients_cache_and_kept_by_no_shared_one() {
        for path in [
            "/api/v1/applications/x",
            "/api/v1/votes/x",
            "/api/v1/people/x",
            "/api/v1/applications/x/documents/preliminary_report/1",
        ] {
            assert_eq!(policy(&Method::GET, path, true), "private, no-cache");
            assert_eq!(policy(&Method::HEAD, path, true), "private, no-cache");
        }
        // A command's answer carries the version it left, and is kept by no cache.
        assert_eq!(policy(&Method::POST, "/api/v1/people", true), "no-store");
        assert_eq!(
            policy(&Method::DELETE, "/api/v1/people/x/secretariat", true),
            "no-store"
        );
        // The pages stay unkept, tagged or not.
        for path in ["/", "/documents/x/1", "/applications/x"] {
            assert_eq!(policy(&Method::GET, path, true), "no-store", "{path}");
        }
    }
}
