//! The expert panelists' pages: the queue, an application on their panel, filing a review
//! through check your answers, the refusals of the form, and declaring a conflict.

use super::support::{pages_app, Visit};
use crate::api::steps::{assign, submit};
use charter_domain::Role;
use charter_tests::{SmtpServer, TestApp};
use reqwest::StatusCode;

/// An application with a submitted preliminary report and Ada, who can sign in, on its
/// panel; the application's id.
async fn application_with_ada(app: &TestApp) -> String {
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let ada = app
        .issue_with_email(Role::Panelist, "Ada Panel", Some("ada@hubs.test"))
        .await;
    let (applicant, opened) = app.open_application("Aveiro").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    submit(app, &applicant, "preliminary_report", "the report").await;
    assign(app, &secretariat, &id, &ada).await;
    id
}

async fn reviews_filed(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM events WHERE event_type = 'PanelReviewFiled'")
        .fetch_one(&app.pool)
        .await
        .expect("a count")
}

const ANSWERS: [(&str, &str); 6] = [
    ("score-team", "4"),
    ("score-community", "5"),
    ("score-feasibility", "3"),
    ("score-impact", "4"),
    ("recommendation", "advance"),
    ("comments", "A clear report with a credible team."),
];

#[tokio::test]
async fn a_panelist_files_a_review_through_check_your_answers_and_sees_it_reviewed() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let id = application_with_ada(&app).await;
    let mut visit = Visit::new(&app);
    assert_eq!(visit.sign_in(&smtp, "ada@hubs.test").await, StatusCode::OK);
    assert!(visit.shows("Impact Hub Aveiro"), "{}", visit.html);
    assert!(
        visit
            .html
            .contains(&format!("href=\"/applications/{id}/review\"")),
        "{}",
        visit.html
    );

    assert_eq!(
        visit.open(&format!("/applications/{id}/review")).await,
        StatusCode::OK
    );
    assert!(visit.shows("preliminary_report.pdf"), "{}", visit.html);
    assert!(visit.shows("Review this version"), "{}", visit.html);
    let form = format!("/applications/{id}/review/preliminary_report/1");
    assert_eq!(visit.open(&form).await, StatusCode::OK);
    assert!(visit.shows("Feasibility"), "{}", visit.html);

    assert_eq!(
        visit.submit(&format!("{form}/check"), &ANSWERS).await,
        StatusCode::OK
    );
    assert!(
        visit.shows("Check your review before filing it"),
        "{}",
        visit.html
    );
    assert!(
        visit.shows("A clear report with a credible team."),
        "{}",
        visit.html
    );
    assert!(visit.shows("Change"));
    assert_eq!(reviews_filed(&app).await, 0, "checking writes nothing");

    assert_eq!(
        visit.submit(&format!("{form}/file"), &ANSWERS).await,
        StatusCode::OK
    );
    assert_eq!(visit.path, format!("/applications/{id}/review"));
    assert!(visit.shows("Your review has been filed."), "{}", visit.html);
    assert!(visit.shows("Review 1"), "{}", visit.html);
    assert!(visit.shows("Revise your review"), "{}", visit.html);
    assert_eq!(reviews_filed(&app).await, 1);

    visit.open("/").await;
    assert!(
        visit.shows("Reviewed Hub Document Recommendation Impact Hub Aveiro"),
        "{}",
        visit.html
    );

    // A second review of the same version is refused on the form; nothing is written.
    assert_eq!(
        visit.submit(&format!("{form}/file"), &ANSWERS).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert!(
        visit
            .error_summary()
            .is_some_and(|summary| summary.contains("already reviewed this version")),
        "{}",
        visit.html
    );
    assert_eq!(reviews_filed(&app).await, 1);
    app.stop().await;
}

#[tokio::test]
async fn a_review_without_a_recommendation_or_with_a_score_out_of_range_is_refused() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let id = application_with_ada(&app).await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ada@hubs.test").await;
    let form = format!("/applications/{id}/review/preliminary_report/1");
    visit.open(&form).await;

    let without: Vec<(&str, &str)> = ANSWERS
        .iter()
        .copied()
        .filter(|(name, _)| *name != "recommendation")
        .collect();
    assert_eq!(
        visit.submit(&format!("{form}/check"), &without).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert!(
        visit
            .error_summary()
            .is_some_and(|summary| summary.contains("Choose a recommendation")),
        "{}",
        visit.html
    );

    // A score the form does not offer, sent anyway: the API refuses it.
    let out_of_range: Vec<(&str, &str)> = ANSWERS
        .iter()
        .map(|&(name, value)| (name, if name == "score-team" { "9" } else { value }))
        .collect();
    assert_eq!(
        visit.submit(&format!("{form}/file"), &out_of_range).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert!(
        visit
            .error_summary()
            .is_some_and(|summary| summary.contains("from 1 to 5 for Team")),
        "{}",
        visit.html
    );
    assert!(
        visit.html.contains("href=\"#score-team\""),
        "{}",
        visit.html
    );
    assert_eq!(reviews_filed(&app).await, 0);
    app.stop().await;
}

#[tokio::test]
async fn a_panelist_revises_a_review_and_sees_the_earlier_version_kept() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let id = application_with_ada(&app).await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ada@hubs.test").await;
    let form = format!("/applications/{id}/review/preliminary_report/1");
    visit.open(&form).await;
    visit.submit(&format!("{form}/file"), &ANSWERS).await;

    let revise = format!("/applications/{id}/reviews/1/revise");
    assert_eq!(visit.open(&revise).await, StatusCode::OK);
    assert!(
        visit.shows("Earlier versions of this review"),
        "{}",
        visit.html
    );
    let revised: Vec<(&str, &str)> = ANSWERS
        .iter()
        .map(|&(name, value)| {
            (
                name,
                if name == "recommendation" {
                    "revise"
                } else {
                    value
                },
            )
        })
        .collect();
    assert_eq!(
        visit.submit(&format!("{revise}/check"), &revised).await,
        StatusCode::OK
    );
    assert!(visit.shows("File the revision"), "{}", visit.html);
    assert_eq!(
        visit.submit(&format!("{revise}/file"), &revised).await,
        StatusCode::OK
    );
    assert!(
        visit.shows("Your revision has been filed."),
        "{}",
        visit.html
    );
    assert!(visit.shows("Filed"), "{}", visit.html);
    assert!(visit.shows("Revision 2"), "{}", visit.html);
    app.stop().await;
}

#[tokio::test]
async fn declaring_a_conflict_recuses_the_panelist_from_the_application() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let id = application_with_ada(&app).await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ada@hubs.test").await;
    let conflict = format!("/applications/{id}/conflict");
    assert_eq!(visit.open(&conflict).await, StatusCode::OK);

    assert_eq!(
        visit
            .submit(&format!("{conflict}/check"), &[("reason", "")])
            .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert!(visit
        .error_summary()
        .is_some_and(|summary| summary.contains("Enter why you have a conflict")));

    let reason = [("reason", "I advised the founders last year.")];
    assert_eq!(
        visit.submit(&format!("{conflict}/check"), &reason).await,
        StatusCode::OK
    );
    assert!(
        visit.shows("recuses you from this application"),
        "{}",
        visit.html
    );
    assert_eq!(
        visit.submit(&format!("{conflict}/declare"), &reason).await,
        StatusCode::OK
    );
    assert_eq!(visit.path, "/");
    assert!(visit.shows("are recused"), "{}", visit.html);

    assert_eq!(
        visit.open(&format!("/applications/{id}/review")).await,
        StatusCode::FORBIDDEN
    );
    assert!(visit.shows("You cannot see this page"), "{}", visit.html);
    app.stop().await;
}

#[tokio::test]
async fn a_panelist_not_on_the_panel_gets_the_forbidden_page() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let id = application_with_ada(&app).await;
    app.issue_with_email(Role::Panelist, "Ben Outside", Some("ben@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ben@hubs.test").await;
    for path in [
        format!("/applications/{id}/review"),
        format!("/applications/{id}/review/preliminary_report/1"),
        format!("/applications/{id}/documents/preliminary_report/1"),
    ] {
        assert_eq!(visit.open(&path).await, StatusCode::FORBIDDEN, "{path}");
        assert!(visit.shows("You cannot see this page"), "{}", visit.html);
    }
    app.stop().await;
}

#[tokio::test]
async fn a_panelist_downloads_a_document_as_submitted() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let id = application_with_ada(&app).await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ada@hubs.test").await;
    let path = format!("/applications/{id}/documents/preliminary_report/1");
    // Never shown as a page of the site, whatever its media type: a sandboxed attachment.
    let download = visit.download(&path).await;
    let policy = download.headers()[reqwest::header::CONTENT_SECURITY_POLICY].clone();
    assert!(
        policy
            .to_str()
            .is_ok_and(|p| p.split(';').any(|d| d.trim() == "sandbox")),
        "{policy:?}"
    );
    assert_eq!(
        download.headers()[reqwest::header::X_CONTENT_TYPE_OPTIONS],
        "nosniff"
    );
    let (status, disposition, body) = visit.fetch(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        disposition.contains("attachment") && disposition.contains("preliminary_report.pdf"),
        "{disposition}"
    );
    assert_eq!(body, b"the report");
    app.stop().await;
}
