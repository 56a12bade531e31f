//! The secretariat's pages: the pipeline board, an application's actions, the roster.

use super::support::{pages_app, Visit};
use crate::api::steps::{grant_eligibility, ok, opening};
use charter_domain::Role;
use charter_tests::{Caller, SmtpServer, TestApp};
use reqwest::StatusCode;
use serde_json::json;

async fn events(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&app.pool)
        .await
        .expect("a count")
}

/// Opens an application for `hub` in `city`; its id.
pub(super) async fn application(app: &TestApp, founder: &str, city: &str) -> String {
    let applicant = app.applicant(founder).await;
    let mut body = opening();
    body["city"] = json!(city);
    body["hub_name"] = json!(format!("Impact Hub {city}"));
    ok(
        app.post("/api/v1/applications", &applicant, &body).await,
        201,
        "open",
    )
    .await;
    TestApp::id_of(&applicant).to_string()
}

/// A secretariat member signed in on the pages.
pub(super) async fn secretariat(app: &TestApp, smtp: &SmtpServer) -> (Caller, Visit) {
    let member = app
        .issue_with_email(Role::Secretariat, "Selin Aydın", Some("selin@hubs.test"))
        .await;
    let mut visit = Visit::new(app);
    assert_eq!(visit.sign_in(smtp, "selin@hubs.test").await, StatusCode::OK);
    (member, visit)
}

#[tokio::test]
async fn the_secretariat_filters_the_board_grants_eligibility_and_assigns_a_panelist() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (member, mut visit) = secretariat(&app, &smtp).await;
    let panelist = app.caller(Role::Panelist, "Deniz Kaya").await;
    let lisbon = application(&app, "Ana Sousa", "Lisbon").await;
    let porto = application(&app, "Rui Costa", "Porto").await;
    grant_eligibility(&app, &member, &porto).await;
    visit.settle().await;

    assert_eq!(visit.open("/?stage=applied").await, StatusCode::OK);
    assert!(visit.shows("Impact Hub Lisbon"), "{}", visit.html);
    assert!(!visit.shows("Impact Hub Porto"), "{}", visit.html);
    assert!(visit
        .html
        .contains(&format!("href=\"/applications/{lisbon}\"")));
    visit.open("/").await;
    assert!(visit.shows("Impact Hub Porto"), "{}", visit.html);

    assert_eq!(
        visit.open(&format!("/applications/{lisbon}")).await,
        StatusCode::OK
    );
    assert!(visit.shows("Grant eligibility"), "{}", visit.html);
    let status = visit
        .submit(
            &format!("/applications/{lisbon}/eligibility"),
            &[("eligibility-note", "Team and city checked.")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}", visit.html);
    assert_eq!(visit.path, format!("/applications/{lisbon}"));
    assert!(visit.shows("Eligibility granted."), "{}", visit.html);
    assert!(visit.shows("Stage Eligible"), "{}", visit.html);

    let status = visit
        .submit(
            &format!("/applications/{lisbon}/panelists"),
            &[("panelist", &panelist.person.0.to_string())],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}", visit.html);
    assert!(visit.shows("Panelist assigned."), "{}", visit.html);
    let summary: serde_json::Value = app
        .get(&format!("/api/v1/applications/{lisbon}"), &member)
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(summary["stage"], "eligible");
    assert_eq!(summary["panel"][0]["name"], "Deniz Kaya");
}

#[tokio::test]
async fn advancing_with_the_gate_not_met_names_what_is_missing_and_writes_nothing() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (member, mut visit) = secretariat(&app, &smtp).await;
    let id = application(&app, "Ana Sousa", "Lisbon").await;
    grant_eligibility(&app, &member, &id).await;
    visit.settle().await;
    visit.open(&format!("/applications/{id}")).await;
    assert!(visit.shows("Advance to Pre-candidate"), "{}", visit.html);
    let before = events(&app).await;

    let status = visit
        .submit(
            &format!("/applications/{id}/advance"),
            &[("to", "pre_candidate")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = visit.error_summary().expect("an error summary");
    assert!(summary.contains("does not meet the gate"), "{summary}");
    assert!(
        summary.contains("Submit the Preliminary report"),
        "{summary}"
    );
    assert_eq!(events(&app).await, before);
}

#[tokio::test]
async fn a_form_left_empty_is_refused_by_the_page_before_the_api_is_asked() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (_, mut visit) = secretariat(&app, &smtp).await;
    let id = application(&app, "Ana Sousa", "Lisbon").await;
    visit.settle().await;
    visit.open(&format!("/applications/{id}")).await;
    let before = events(&app).await;

    let status = visit
        .submit(
            &format!("/applications/{id}/interviews"),
            &[("interview-when", "soon"), ("interview-where", "")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = visit.error_summary().expect("an error summary");
    assert!(summary.contains("Enter a real date and time"), "{summary}");
    assert!(summary.contains("Enter where the interview"), "{summary}");
    assert!(visit.html.contains("value=\"soon\""), "the entry is kept");
    assert_eq!(events(&app).await, before);
}

#[tokio::test]
async fn registering_a_person_with_a_bad_address_is_refused_and_a_good_one_is_invited() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (_, mut visit) = secretariat(&app, &smtp).await;
    assert_eq!(visit.open("/people").await, StatusCode::OK);
    assert!(visit.shows("Selin Aydın"), "{}", visit.html);
    let before = events(&app).await;

    let status = visit
        .submit(
            "/people",
            &[("name", "Emre Yılmaz"), ("email", "not an address")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(visit.error_summary().is_some(), "{}", visit.html);
    assert!(visit.html.contains("href=\"#email\""), "{}", visit.html);
    assert_eq!(events(&app).await, before);

    let status = visit
        .submit(
            "/people",
            &[("name", "Emre Yılmaz"), ("email", "emre@hubs.test")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}", visit.html);
    assert!(visit.path.starts_with("/people/"), "{}", visit.path);
    assert!(visit.shows("Person registered"), "{}", visit.html);
    assert!(visit.shows("Emre Yılmaz"), "{}", visit.html);
}

#[tokio::test]
async fn erasure_is_confirmed_on_a_page_that_says_what_it_destroys() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (_, mut visit) = secretariat(&app, &smtp).await;
    let person = app
        .issue_with_email(Role::Panelist, "Ozan Şahin", Some("ozan@hubs.test"))
        .await;
    visit.settle().await;
    let id = person.person.0;
    visit.open(&format!("/people/{id}")).await;
    assert!(visit.shows("Erase this person's personal data"));
    let before = events(&app).await;

    assert_eq!(
        visit.open(&format!("/people/{id}/erasure")).await,
        StatusCode::OK
    );
    assert!(visit.shows("Ozan Şahin"), "{}", visit.html);
    assert!(visit.shows("This cannot be undone."), "{}", visit.html);
    assert!(visit.shows("name and e-mail address"), "{}", visit.html);
    assert_eq!(events(&app).await, before, "the check writes nothing");

    let status = visit.submit(&format!("/people/{id}/erasure"), &[]).await;
    assert_eq!(status, StatusCode::OK, "{}", visit.html);
    assert_eq!(visit.path, "/people");
    assert!(
        visit.shows("personal data has been erased"),
        "{}",
        visit.html
    );
    assert!(!visit.shows("Ozan Şahin"), "{}", visit.html);
}

#[tokio::test]
async fn a_committee_member_reads_the_roster_but_the_api_refuses_their_changes() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;
    assert_eq!(visit.open("/people").await, StatusCode::OK);
    assert!(visit.shows("Ayla Demir"), "{}", visit.html);
    let before = events(&app).await;

    let status = visit
        .submit(
            "/people",
            &[("name", "Emre Yılmaz"), ("email", "emre@hubs.test")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(visit.shows("You cannot see this page"), "{}", visit.html);
    assert_eq!(events(&app).await, before);
    assert_eq!(visit.open("/deliveries").await, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_deliveries_list_the_invitations_and_open_one_with_its_tries() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (_, mut visit) = secretariat(&app, &smtp).await;
    assert_eq!(visit.open("/deliveries").await, StatusCode::OK);
    let marker = "href=\"/deliveries/";
    let start = visit.html.find(marker).expect("a delivery") + marker.len();
    let id = visit.html[start..start + 36].to_owned();
    assert_eq!(
        visit.open(&format!("/deliveries/{id}")).await,
        StatusCode::OK
    );
    assert!(visit.shows("Tries"), "{}", visit.html);

    assert_eq!(
        visit.open("/deliveries?kind=no_such_kind").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert!(visit.error_summary().is_some(), "{}", visit.html);
}

#[tokio::test]
async fn a_rejection_is_checked_before_it_is_written_and_can_be_changed() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (member, mut visit) = secretariat(&app, &smtp).await;
    let id = application(&app, "Ana Sousa", "Lisbon").await;
    visit.settle().await;
    visit.open(&format!("/applications/{id}")).await;
    let before = events(&app).await;

    let reason = "The city already has a hub of the network.";
    let status = visit
        .submit(
            &format!("/applications/{id}/rejection/check"),
            &[("reject-reason", reason), ("reject-vote", "")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(visit.shows("Check the rejection"), "{}", visit.html);
    assert!(visit.shows(reason), "{}", visit.html);
    assert_eq!(events(&app).await, before, "the check writes nothing");

    visit
        .submit(
            &format!("/applications/{id}/rejection/change"),
            &[("reject-reason", reason), ("reject-vote", "")],
        )
        .await;
    assert!(
        visit.html.contains(&format!(">{reason}</textarea>")),
        "the reason is kept to change: {}",
        visit.html
    );
    assert_eq!(events(&app).await, before);

    let status = visit
        .submit(
            &format!("/applications/{id}/rejection"),
            &[("reject-reason", reason), ("reject-vote", "")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}", visit.html);
    assert!(visit.shows("The application has been rejected."));
    assert!(visit.shows("Stage Rejected"), "{}", visit.html);
    let summary: serde_json::Value = app
        .get(&format!("/api/v1/applications/{id}"), &member)
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(summary["stage"], "rejected");
}

#[tokio::test]
async fn an_interview_is_scheduled_in_the_readers_zone_and_moved_on_its_own_page() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (member, mut visit) = secretariat(&app, &smtp).await;
    let id = application(&app, "Ana Sousa", "Lisbon").await;
    grant_eligibility(&app, &member, &id).await;
    visit.settle().await;
    visit.open(&format!("/applications/{id}")).await;

    let status = visit
        .submit(
            &format!("/applications/{id}/interviews"),
            &[
                ("interview-when", "2031-05-01T10:00"),
                ("interview-where", "Rua Augusta 1, Lisbon"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}", visit.html);
    assert!(visit.shows("Interview scheduled"), "{}", visit.html);
    assert!(visit.shows("1 May 2031, 10:00 (UTC)"), "{}", visit.html);

    assert_eq!(
        visit
            .open(&format!("/applications/{id}/interviews/1"))
            .await,
        StatusCode::OK
    );
    assert!(visit.html.contains("value=\"2031-05-01T10:00\""));
    let status = visit
        .submit(
            &format!("/applications/{id}/interviews/1/reschedule"),
            &[
                ("when", "2031-05-02T11:30"),
                ("where", "Rua Augusta 1, Lisbon"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}", visit.html);
    assert!(visit.shows("Interview moved"), "{}", visit.html);
    assert!(visit.shows("2 May 2031, 11:30 (UTC)"), "{}", visit.html);
}
