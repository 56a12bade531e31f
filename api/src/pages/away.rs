//! Pages answered without a session: when the database is away (sessions are kept in
//! it, so a page whose session cannot be read or kept cannot be told who it is for), and
//! when a request was given up. In the language the browser asks for, with no one signed
//! in; a 503 with `Retry-After`, never a bare 500.

use super::render::{error_page, Chrome};
use super::texts::{self, Texts};
use axum::extract::Request;
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// The page of `status` with a heading and a body by their text ids, for a browser that
/// sent `accept_language`, at `path`.
pub fn plain_page(
    accept_language: Option<&HeaderValue>,
    path: &str,
    status: StatusCode,
    heading: &str,
    body: &str,
) -> Response {
    let language = accept_language
        .and_then(|value| value.to_str().ok())
        .and_then(texts::from_accept_language)
        .unwrap_or(texts::DEFAULT_LANGUAGE);
    let chrome = Chrome::plain(Texts::new(language, None), heading, path.to_owned());
    error_page(chrome, status, heading, body)
}

/// The middleware, between the security headers and the sessions: a bare failure from
/// beneath (the session layer answers an empty 500 when it cannot keep a session, the
/// visitor an empty 503 when it cannot read one; both mean the database is away, the
/// only place sessions live) becomes the page of the database away.
pub async fn bare_failures(request: Request, next: Next) -> Response {
    let language = request.headers().get(ACCEPT_LANGUAGE).cloned();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let bare = !response.headers().contains_key(CONTENT_TYPE);
    let failed = matches!(
        response.status(),
        StatusCode::INTERNAL_SERVER_ERROR | StatusCode::SERVICE_UNAVAILABLE
    );
    if bare && failed {
        tracing::warn!(status = %response.status(), "a page's session is out of reach");
        return plain_page(
            language.as_ref(),
            &path,
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable-heading",
            "unavailable-body",
        );
    }
    response
}
