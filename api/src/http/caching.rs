//! What a cache may keep. Nearly every answer is about people and applications, for the
//! one who asked: no cache (a shared proxy's, or the browser's history after signing out)
//! may keep it. An answer that says otherwise itself keeps its word: the pages' style
//! sheet and script, named by their content's hash, are kept for a year. The OpenAPI
//! document and its page hold nothing personal but change with each release: a cache may
//! keep them if it asks again before each use.

use axum::extract::Request;
use axum::http::header::CACHE_CONTROL;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// What an answer that names no caching of its own is sent with.
pub fn policy(path: &str) -> &'static str {
    if path == "/api/openapi.json" || path == "/docs" || path.starts_with("/docs/") {
        "no-cache"
    } else {
        "no-store"
    }
}

/// The middleware: `Cache-Control` on every answer that has none.
pub async fn no_store(request: Request, next: Next) -> Response {
    let policy = policy(request.uri().path());
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .entry(CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(policy));
    response
}

#[cfg(test)]
mod tests {
    use super::policy;

    #[test]
    fn only_the_document_and_its_page_may_be_kept_and_nothing_else_unless_it_says_so() {
        assert_eq!(policy("/api/openapi.json"), "no-cache");
        assert_eq!(policy("/docs/"), "no-cache");
        for path in [
            "/api/v1/people",
            "/",
            "/documents/x/1",
            "/healthz",
            "/docsx",
        ] {
            assert_eq!(policy(path), "no-store", "{path}");
        }
    }
}
