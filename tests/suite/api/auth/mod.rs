//! Who may call what: 401 without a token Charter honours, 403 when the role, the
//! applicant's scope, the panel seat or the committee seat does not allow it, and nothing
//! written either way.

mod committee_seat;
mod forbidden;
mod matrix;
mod panel_seat;
mod unauthorized;

use charter_tests::{assert_problem_about, Caller, TestApp};
use matrix::{Body, Route};
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use reqwest::Response;

/// How a request presents itself.
enum Credentials<'a> {
    None,
    Token(&'a Caller),
    Header(HeaderValue),
}

async fn call(app: &TestApp, route: &Route, credentials: Credentials<'_>) -> Response {
    let caller = match &credentials {
        Credentials::Token(caller) => Some(*caller),
        _ => None,
    };
    let mut request = app.request(route.method.clone(), &route.path, caller);
    if let Credentials::Header(value) = credentials {
        request = request.header(AUTHORIZATION, value);
    }
    request = match &route.body {
        Body::None => request,
        Body::Json(body) => request.json(body),
        Body::File(media_type, bytes) => request.header(CONTENT_TYPE, *media_type).body(*bytes),
    };
    request.send().await.expect("send")
}

async fn assert_unauthorized(response: Response, what: &str) {
    let challenge = response
        .headers()
        .get(WWW_AUTHENTICATE)
        .map(|value| value.to_str().expect("ASCII").to_owned());
    assert_problem_about(response, 401, "unauthorized", what).await;
    assert!(
        challenge.is_some_and(|c| c.starts_with("Bearer")),
        "{what}: a Bearer challenge in www-authenticate"
    );
}
