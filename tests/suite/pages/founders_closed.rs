//! A closed application (withdrawn, rejected) takes no new document: the pages offer no
//! upload, as the API's own reading of the application says, and an upload sent anyway
//! is refused with the API's reason.

use super::founders::{founder, REPORT};
use super::support::{pages_app, Visit};
use charter_domain::Role;
use charter_tests::{Caller, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Whether the API says the application takes documents and can be withdrawn, in its
/// summary and in the founders' status.
async fn openings(app: &TestApp, founder: &Caller) -> (Value, Value) {
    let id = TestApp::id_of(founder);
    let mut read = Vec::new();
    for path in [
        format!("/api/v1/applications/{id}"),
        format!("/api/v1/applications/{id}/status"),
    ] {
        let body: Value = app.get(&path, founder).await.json().await.expect("JSON");
        assert_eq!(
            body["accepts_documents"], body["withdrawable"],
            "{path}: {body}"
        );
        read.push(body["accepts_documents"].clone());
    }
    (read[0].clone(), read[1].clone())
}

/// The founder's pages offer no upload and no withdrawal, and say why.
async fn offers_nothing(visit: &mut Visit) {
    visit.open("/").await;
    assert!(!visit.shows("Submit a new version"), "{}", visit.html);
    assert!(!visit.html.contains("href=\"/withdraw\""), "{}", visit.html);
    assert_eq!(visit.open("/documents").await, StatusCode::OK);
    assert!(visit.shows("Your application is closed"), "{}", visit.html);
    assert!(
        !visit.html.contains("action=\"/documents\""),
        "{}",
        visit.html
    );
}

#[tokio::test]
async fn a_withdrawn_application_is_offered_no_upload_and_one_sent_anyway_is_refused() {
    let smtp = charter_tests::SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let caller = founder(&app, "Ana Sousa", "ana@braga.example", "Braga").await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ana@braga.example").await;
    assert_eq!(openings(&app, &caller).await, (json!(true), json!(true)));
    assert!(visit.shows("Submit a new version"), "{}", visit.html);
    visit.open("/documents").await;
    assert!(
        visit.html.contains("action=\"/documents\""),
        "{}",
        visit.html
    );
    let key = visit.form_key();

    visit.submit("/withdraw", &[]).await;
    assert!(
        visit.shows("Your application has been withdrawn."),
        "{}",
        visit.html
    );
    assert_eq!(openings(&app, &caller).await, (json!(false), json!(false)));
    offers_nothing(&mut visit).await;

    // A form from before the withdrawal: the API refuses it, and the page says why.
    let before = app.application_event_count().await;
    let status = visit
        .upload(
            "/documents",
            &[("csrf", &key), ("kind", "preliminary_report")],
            Some(("late.pdf", "application/pdf", REPORT)),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", visit.html);
    let summary = visit.error_summary().expect("an error summary");
    assert!(
        summary.contains("The application has been withdrawn, so it takes no further changes."),
        "{summary}"
    );
    assert_eq!(app.application_event_count().await, before);
}

#[tokio::test]
async fn a_rejected_application_is_offered_no_upload_even_while_it_may_be_appealed() {
    let smtp = charter_tests::SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let caller = founder(&app, "Ana Sousa", "ana@braga.example", "Braga").await;
    let id = TestApp::id_of(&caller);
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ana@braga.example").await;
    let rejected = app
        .post(
            &format!("/api/v1/applications/{id}/rejection"),
            &secretariat,
            &json!({"reason": "The founders have no legal entity yet."}),
        )
        .await;
    assert_eq!(rejected.status(), 200, "reject");
    visit.settle().await;
    assert_eq!(openings(&app, &caller).await, (json!(false), json!(false)));

    // The appeal is what is left to do.
    visit.open("/").await;
    assert!(visit.html.contains("href=\"/appeal\""), "{}", visit.html);
    offers_nothing(&mut visit).await;
}
