//! Steps that several API tests take: submitting, reviewing, interviewing, assigning.

use charter_tests::{Caller, TestApp};
use serde_json::{json, Value};

/// Uploads `content` as the next version of `kind`; the command's response.
pub(crate) async fn submit(app: &TestApp, applicant: &Caller, kind: &str, content: &str) -> Value {
    let id = TestApp::id_of(applicant);
    let response = app
        .request(
            reqwest::Method::POST,
            &format!("/api/v1/applications/{id}/documents?kind={kind}&file_name={kind}.pdf"),
            Some(applicant),
        )
        .header("content-type", "application/pdf")
        .body(content.to_owned())
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 201, "submit {kind}");
    response.json().await.expect("JSON")
}

pub(crate) fn scores() -> Value {
    json!({"team": 4, "community": 5, "feasibility": 4, "impact": 3})
}

/// Files a review recommending `recommendation`; the command's response.
pub(crate) async fn review(
    app: &TestApp,
    panelist: &Caller,
    id: &str,
    kind: &str,
    version: u32,
    recommendation: &str,
) -> Value {
    let response = app
        .post(
            &format!("/api/v1/applications/{id}/reviews"),
            panelist,
            &json!({
                "document_kind": kind,
                "document_version": version,
                "scores": scores(),
                "recommendation": recommendation,
                "comments": format!("Read {kind} version {version} closely."),
            }),
        )
        .await;
    assert_eq!(response.status(), 201, "review {kind} v{version}");
    response.json().await.expect("JSON")
}

pub(crate) async fn ok(response: reqwest::Response, status: u16, what: &str) -> Value {
    let code = response.status().as_u16();
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(code, status, "{what}: {body}");
    body
}

/// Schedules an interview an hour ago and records it as held.
pub(crate) async fn hold_interview(app: &TestApp, secretariat: &Caller, id: &str) -> Value {
    let scheduled = ok(
        app.post(
            &format!("/api/v1/applications/{id}/interviews"),
            secretariat,
            &json!({"scheduled_for": chrono::Utc::now() - chrono::Duration::hours(1), "location": "Video call"}),
        )
        .await,
        201,
        "schedule interview",
    )
    .await;
    let number = scheduled["events"][0]["data"]["interview"]
        .as_u64()
        .expect("number");
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/interviews/{number}/record"),
            secretariat,
            &json!({"notes": "The team knows its city.", "attendees": ["Ana Sousa", "Sam Secretariat"]}),
        )
        .await,
        200,
        "record interview",
    )
    .await
}

pub(crate) async fn assign(
    app: &TestApp,
    secretariat: &Caller,
    id: &str,
    panelist: &Caller,
) -> Value {
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/panelists"),
            secretariat,
            &json!({"panelist_id": panelist.person.0}),
        )
        .await,
        201,
        "assign panelist",
    )
    .await
}

/// Grants eligibility to application `id` as `secretariat`.
pub(crate) async fn grant_eligibility(app: &TestApp, secretariat: &Caller, id: &str) -> Value {
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/eligibility"),
            secretariat,
            &json!({}),
        )
        .await,
        200,
        "eligibility",
    )
    .await
}
