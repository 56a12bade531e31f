//! What every refused request must answer: a problem body (RFC 9457) of the right status
//! and type.

use reqwest::header::CONTENT_TYPE;
use reqwest::Response;
use serde_json::Value;

/// Asserts that `response` is a problem of `status` whose type is
/// `urn:charter:problem:{kind}`, with a title and a detail; returns its body.
pub async fn assert_problem(response: Response, status: u16, kind: &str) -> Value {
    assert_problem_about(response, status, kind, "the answer").await
}

/// Like [`assert_problem`], naming `what` was asked in every failure message (for tests
/// that try many requests in a loop).
pub async fn assert_problem_about(
    response: Response,
    status: u16,
    kind: &str,
    what: &str,
) -> Value {
    assert_eq!(response.status(), status, "{what}");
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "application/problem+json",
        "{what}"
    );
    let body: Value = response.json().await.expect("a problem body");
    let kind = format!("urn:charter:problem:{kind}");
    assert_eq!(body["type"], kind, "{what}: {body}");
    assert_eq!(body["status"], status, "{what}: {body}");
    assert!(body["title"].is_string(), "{what}: {body}");
    assert!(body["detail"].is_string(), "{what}: {body}");
    body
}
