//! The founders' pages over HTTP: documents and their upload, the timeline, withdrawing,
//! and what a founder may not open.

use super::support::{pages_app, pages_app_with, Visit};
use charter_domain::Role;
use charter_tests::{Caller, SmtpServer, TestApp};
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use reqwest::StatusCode;
use serde_json::json;

pub(super) const REPORT: &[u8] = b"Preliminary report of Impact Hub Braga: the first 40 members.";

/// A founder with an address to sign in with, who has opened an application.
pub(super) async fn founder(app: &TestApp, name: &str, address: &str, city: &str) -> Caller {
    let founder = app
        .issue_with_email(Role::Applicant, name, Some(address))
        .await;
    let opened = app
        .post(
            "/api/v1/applications",
            &founder,
            &json!({"city": city, "country": "PT", "hub_name": format!("Impact Hub {city}"),
                    "founders": [{"name": name, "email": address}]}),
        )
        .await;
    assert_eq!(opened.status(), 201, "open the application");
    founder
}

/// A founder of Braga, signed in on the pages.
async fn signed_in_founder(app: &TestApp, smtp: &SmtpServer) -> (Caller, Visit) {
    let caller = founder(app, "Ana Sousa", "ana@braga.example", "Braga").await;
    let mut visit = Visit::new(app);
    assert_eq!(
        visit.sign_in(smtp, "ana@braga.example").await,
        StatusCode::OK
    );
    assert!(visit.shows("Impact Hub Braga"), "{}", visit.html);
    (caller, visit)
}

async fn versions(app: &TestApp, caller: &Caller) -> usize {
    let id = TestApp::id_of(caller);
    let listed: serde_json::Value = app
        .get(&format!("/api/v1/applications/{id}/documents"), caller)
        .await
        .json()
        .await
        .expect("JSON");
    listed["items"].as_array().expect("a page").len()
}

#[tokio::test]
async fn a_founder_uploads_a_document_and_sees_it_listed_downloadable_and_on_the_timeline() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (_, mut visit) = signed_in_founder(&app, &smtp).await;

    assert_eq!(visit.open("/documents").await, StatusCode::OK);
    assert!(visit.shows("Preliminary report"), "{}", visit.html);
    assert!(visit.shows("You have not submitted this document yet."));
    let key = visit.form_key();
    let status = visit
        .upload(
            "/documents",
            &[("csrf", &key), ("kind", "preliminary_report")],
            Some(("report one.pdf", "application/pdf", REPORT)),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}", visit.html);
    assert_eq!(visit.path, "/documents");
    assert!(
        visit.shows("Your document has been submitted."),
        "{}",
        visit.html
    );
    assert!(visit.shows("report one.pdf"), "{}", visit.html);
    assert!(visit
        .html
        .contains("href=\"/documents/preliminary_report/1\""));

    let download = visit.download("/documents/preliminary_report/1").await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()[CONTENT_TYPE], "application/pdf");
    let disposition = download.headers()[CONTENT_DISPOSITION]
        .to_str()
        .expect("a disposition")
        .to_owned();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(disposition.contains("report one.pdf"), "{disposition}");
    assert_eq!(download.bytes().await.expect("bytes").as_ref(), REPORT);

    assert_eq!(visit.open("/timeline").await, StatusCode::OK);
    assert!(
        visit.shows("The application for Impact Hub Braga in Braga was opened"),
        "{}",
        visit.html
    );
    assert!(
        visit.shows("Preliminary report version 1 submitted"),
        "{}",
        visit.html
    );
}

#[tokio::test]
async fn an_upload_without_a_file_or_a_kind_is_refused_and_nothing_is_written() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (caller, mut visit) = signed_in_founder(&app, &smtp).await;
    visit.open("/documents").await;
    let before = app.application_event_count().await;

    let key = visit.form_key();
    let status = visit
        .upload(
            "/documents",
            &[("csrf", &key), ("kind", "preliminary_report")],
            Some(("", "application/octet-stream", b"")),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = visit.error_summary().expect("an error summary");
    assert!(summary.contains("Choose the file to submit"), "{summary}");

    let key = visit.form_key();
    let status = visit
        .upload(
            "/documents",
            &[("csrf", &key), ("kind", "")],
            Some(("plan.pdf", "application/pdf", REPORT)),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = visit.error_summary().expect("an error summary");
    assert!(
        summary.contains("Choose which document you are submitting"),
        "{summary}"
    );

    assert_eq!(app.application_event_count().await, before);
    assert_eq!(versions(&app, &caller).await, 0);
}

#[tokio::test]
async fn an_upload_without_the_form_key_is_refused_with_403() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (caller, mut visit) = signed_in_founder(&app, &smtp).await;
    visit.open("/documents").await;

    let status = visit
        .upload(
            "/documents",
            &[("kind", "preliminary_report")],
            Some(("report.pdf", "application/pdf", REPORT)),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(visit.shows("This form has expired"), "{}", visit.html);

    let status = visit
        .upload(
            "/documents",
            &[("csrf", "not-the-key"), ("kind", "preliminary_report")],
            Some(("report.pdf", "application/pdf", REPORT)),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(versions(&app, &caller).await, 0);
}

#[tokio::test]
async fn a_founder_withdraws_after_checking_the_answers_and_the_warning() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (caller, mut visit) = signed_in_founder(&app, &smtp).await;

    assert_eq!(visit.open("/withdraw").await, StatusCode::OK);
    assert!(visit.shows("cannot be undone"), "{}", visit.html);
    let status = visit
        .submit("/withdraw/check", &[("reason", "We found no building.")])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(visit.shows("Check before you withdraw"), "{}", visit.html);
    assert!(visit.shows("We found no building."));
    assert!(visit.shows("cannot be undone"));
    // Checking writes nothing.
    let id = TestApp::id_of(&caller);
    let summary: serde_json::Value = app
        .get(&format!("/api/v1/applications/{id}"), &caller)
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(summary["stage"], "applied");

    let status = visit
        .submit("/withdraw", &[("reason", "We found no building.")])
        .await;
    assert_eq!(status, StatusCode::OK, "{}", visit.html);
    assert_eq!(visit.path, "/");
    assert!(
        visit.shows("Your application has been withdrawn."),
        "{}",
        visit.html
    );
    assert!(visit.shows("Withdrawn"), "{}", visit.html);
    assert!(!visit.html.contains("href=\"/withdraw\""));
}

#[tokio::test]
async fn a_founder_cannot_download_another_applications_document() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let braga = founder(&app, "Ana Sousa", "ana@braga.example", "Braga").await;
    let id = TestApp::id_of(&braga);
    let uploaded = app
        .request(
            reqwest::Method::POST,
            &format!("/api/v1/applications/{id}/documents"),
            Some(&braga),
        )
        .query(&[("kind", "preliminary_report"), ("file_name", "braga.pdf")])
        .header(CONTENT_TYPE, "application/pdf")
        .body(REPORT.to_vec())
        .send()
        .await
        .expect("send");
    assert_eq!(uploaded.status(), 201);
    founder(&app, "Rui Costa", "rui@faro.example", "Faro").await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;

    // The founder of Faro has no address that reaches Braga's documents.
    let mut faro = Visit::new(&app);
    faro.sign_in(&smtp, "rui@faro.example").await;
    let download = faro.download("/documents/preliminary_report/1").await;
    assert_eq!(download.status(), StatusCode::NOT_FOUND);
    assert_ne!(download.bytes().await.expect("bytes").as_ref(), REPORT);

    // Nor has anyone who is not a founder: the founders' pages are not theirs.
    let mut member = Visit::new(&app);
    member.sign_in(&smtp, "ayla@hubs.test").await;
    assert_eq!(
        member.open("/documents/preliminary_report/1").await,
        StatusCode::FORBIDDEN
    );
    assert!(member.shows("You cannot see this page"), "{}", member.html);
    assert_eq!(member.open("/documents").await, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_rejected_founder_appeals_after_checking_the_grounds() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let caller = founder(&app, "Ana Sousa", "ana@braga.example", "Braga").await;
    let id = TestApp::id_of(&caller);
    let rejected = app
        .post(
            &format!("/api/v1/applications/{id}/rejection"),
            &secretariat,
            &json!({"reason": "The founders have no legal entity yet."}),
        )
        .await;
    assert_eq!(rejected.status(), 200, "reject");
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ana@braga.example").await;
    assert!(visit.shows("Rejected"), "{}", visit.html);
    assert!(visit.html.contains("href=\"/appeal\""), "{}", visit.html);
    assert!(!visit.html.contains("href=\"/withdraw\""));

    let status: serde_json::Value = app
        .get(&format!("/api/v1/applications/{id}/status"), &caller)
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        status["rejection_reason"],
        "The founders have no legal entity yet."
    );
    assert_eq!(visit.open("/appeal").await, StatusCode::OK);
    assert!(
        visit.shows("The founders have no legal entity yet."),
        "{}",
        visit.html
    );
    assert!(visit.shows("You can appeal the rejection once."));
    let status = visit.submit("/appeal/check", &[("grounds", "  ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = visit.error_summary().expect("an error summary");
    assert!(
        summary.contains("Enter the grounds of your appeal"),
        "{summary}"
    );

    let grounds = "The entity was registered last week.";
    let status = visit.submit("/appeal/check", &[("grounds", grounds)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(visit.shows("Check your appeal"), "{}", visit.html);
    assert!(visit.shows(grounds));
    let summary: serde_json::Value = app
        .get(&format!("/api/v1/applications/{id}"), &caller)
        .await
        .json()
        .await
        .expect("JSON");
    assert!(summary["appeal"].is_null(), "checking lodges nothing");

    let status = visit.submit("/appeal", &[("grounds", grounds)]).await;
    assert_eq!(status, StatusCode::OK, "{}", visit.html);
    assert_eq!(visit.path, "/appeal");
    assert!(
        visit.shows("Your appeal has been sent to the committee."),
        "{}",
        visit.html
    );
    assert!(visit.shows("Waiting for the committee"), "{}", visit.html);
    assert!(!visit.html.contains("action=\"/appeal/check\""));
}

#[tokio::test]
async fn the_start_page_offers_the_calendar_feed_and_what_the_founders_can_do() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (_, mut visit) = signed_in_founder(&app, &smtp).await;
    assert!(
        visit.shows("Add your interviews to your calendar"),
        "{}",
        visit.html
    );
    assert!(visit.html.contains("/api/v1/calendar/"), "{}", visit.html);
    assert!(visit.html.contains("href=\"/withdraw\""));
    assert!(!visit.html.contains("href=\"/agreement\""));
    assert_eq!(visit.open("/agreement").await, StatusCode::OK);
    assert!(visit.shows("once your application has been approved"));
    assert!(!visit.html.contains("action=\"/agreement\""));
}

#[tokio::test]
async fn a_file_over_the_upload_limit_is_refused_and_nothing_is_written() {
    let smtp = SmtpServer::start().await;
    let app = pages_app_with(&smtp, |settings| settings.max_upload_bytes = 1024).await;
    let (caller, mut visit) = signed_in_founder(&app, &smtp).await;
    visit.open("/documents").await;

    // Just over the limit, and far over it (past what the page reads at all).
    for size in [2 * 1024, 200 * 1024] {
        let key = visit.form_key();
        let status = visit
            .upload(
                "/documents",
                &[("csrf", &key), ("kind", "preliminary_report")],
                Some(("big.pdf", "application/pdf", &vec![b'x'; size])),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{size} bytes");
        let summary = visit.error_summary().expect("an error summary");
        assert!(
            summary.contains("The file must be smaller than 1 MB"),
            "{summary}"
        );
    }
    assert_eq!(versions(&app, &caller).await, 0);
}

#[tokio::test]
async fn an_upload_the_api_refuses_is_shown_in_the_error_summary() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (caller, mut visit) = signed_in_founder(&app, &smtp).await;
    let id = TestApp::id_of(&caller);
    visit.open("/documents").await;
    let key = visit.form_key();
    let withdrawn = app
        .post(
            &format!("/api/v1/applications/{id}/withdrawal"),
            &caller,
            &json!({}),
        )
        .await;
    assert_eq!(withdrawn.status(), 200, "withdraw");
    visit.settle().await;

    let status = visit
        .upload(
            "/documents",
            &[("csrf", &key), ("kind", "preliminary_report")],
            Some(("late.pdf", "application/pdf", REPORT)),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", visit.html);
    let summary = visit.error_summary().expect("an error summary");
    assert!(summary.contains("takes no further changes"), "{summary}");
    assert!(visit.shows("Your application is closed"), "{}", visit.html);
    assert_eq!(versions(&app, &caller).await, 0);
}
