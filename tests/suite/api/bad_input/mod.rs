//! Requests Charter cannot or will not act on: each gets its precise status and problem
//! body, and none of them writes an event.

mod body;
mod limits;
mod lookups;
mod routing;
mod rules;
mod shapes;

use crate::api::steps::opening;
use charter_domain::Role;
use charter_tests::{Caller, TestApp};
use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, Response};
use serde_json::{json, Value};
use uuid::Uuid;

const APPLICATIONS: &str = "/api/v1/applications";

/// Sends `body` as it is to `POST /api/v1/applications`, declared as `content_type`.
async fn open_raw(
    app: &TestApp,
    caller: &Caller,
    content_type: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> Response {
    let mut request = app.request(Method::POST, APPLICATIONS, Some(caller));
    if let Some(content_type) = content_type {
        request = request.header(CONTENT_TYPE, content_type);
    }
    request.body(body).send().await.expect("send")
}

/// Sends `body` to `POST /api/v1/applications/{id}/{action}`.
async fn command(app: &TestApp, caller: &Caller, id: Uuid, action: &str, body: Value) -> Response {
    app.post(&format!("{APPLICATIONS}/{id}/{action}"), caller, &body)
        .await
}

/// An open application, its applicant, its id and a secretariat caller.
async fn opened(app: &TestApp) -> (Caller, Uuid, Caller) {
    let (applicant, _) = app.open_application("Lisbon").await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    (applicant.clone(), TestApp::id_of(&applicant), secretariat)
}

/// An application the secretariat has found eligible; its id and the secretariat.
async fn eligible(app: &TestApp) -> (Uuid, Caller) {
    let (_, id, secretariat) = opened(app).await;
    let response = command(app, &secretariat, id, "eligibility", json!({})).await;
    assert_eq!(response.status(), 200, "grant eligibility");
    (id, secretariat)
}
