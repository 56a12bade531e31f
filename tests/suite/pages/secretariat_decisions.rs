//! The secretariat's decisions on an application's page: releasing a review, and opening
//! and closing a vote with the motions the next gate allows.

use super::secretariat::secretariat;
use super::support::pages_app;
use crate::api::steps::{grant_eligibility, ok, opening};
use charter_domain::Role;
use charter_tests::{SmtpServer, TestApp};
use reqwest::StatusCode;

/// Ana Sousa's application, just opened: its founder and its id.
async fn opened(app: &TestApp) -> (charter_tests::Caller, String) {
    let applicant = app.applicant("Ana Sousa").await;
    ok(
        app.post("/api/v1/applications", &applicant, &opening())
            .await,
        201,
        "open",
    )
    .await;
    let id = TestApp::id_of(&applicant).to_string();
    (applicant, id)
}

#[tokio::test]
async fn a_review_is_released_and_a_vote_opened_and_closed_from_the_application() {
    use crate::api::steps::{assign, committee, review, submit};
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (member, mut visit) = secretariat(&app, &smtp).await;
    let (applicant, id) = opened(&app).await;
    let panelist = app.caller(Role::Panelist, "Deniz Kaya").await;
    grant_eligibility(&app, &member, &id).await;
    assign(&app, &member, &id, &panelist).await;
    submit(&app, &applicant, "preliminary_report", "report").await;
    review(&app, &panelist, &id, "preliminary_report", 1, "revise").await;
    committee(&app).await;
    visit.settle().await;

    visit.open(&format!("/applications/{id}")).await;
    assert!(visit.shows("Release to the founders"), "{}", visit.html);
    let status = visit
        .submit(
            &format!("/applications/{id}/reviews/1/release"),
            &[("revision", "1"), ("note", "Please expand the budget.")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}", visit.html);
    assert!(visit.shows("Review released"), "{}", visit.html);
    assert!(visit.shows("Released"), "{}", visit.html);

    let status = visit
        .submit(
            &format!("/applications/{id}/votes"),
            &[("vote-motion", "reject"), ("vote-grounds", "")],
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "grounds are needed"
    );
    let status = visit
        .submit(
            &format!("/applications/{id}/votes"),
            &[
                ("vote-motion", "reject"),
                ("vote-grounds", "The plan does not hold."),
                ("vote-closes", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}", visit.html);
    assert!(visit.shows("Vote opened"), "{}", visit.html);
    assert!(visit.shows("Close the vote now"), "{}", visit.html);
    let marker = "/votes/";
    let start = visit.html.find(marker).expect("a vote") + marker.len();
    let vote = visit.html[start..start + 36].to_owned();
    let status = visit
        .submit(&format!("/applications/{id}/votes/{vote}/close"), &[])
        .await;
    assert_eq!(status, StatusCode::OK, "{}", visit.html);
    assert!(visit.shows("Vote closed"), "{}", visit.html);
}

#[tokio::test]
async fn a_motion_to_advance_is_offered_only_where_a_vote_is_what_the_gate_needs() {
    use crate::api::steps::to_pre_candidate;
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (member, mut visit) = secretariat(&app, &smtp).await;
    let (applicant, id) = opened(&app).await;
    let offered = |html: &str| html.contains("<option value=\"advance\"");

    // Eligibility is the secretariat's to grant: no motion to advance into it.
    visit.settle().await;
    visit.open(&format!("/applications/{id}")).await;
    assert!(visit.shows("Open a vote"), "{}", visit.html);
    assert!(!offered(&visit.html), "{}", visit.html);

    // Candidacy needs a passed vote: the motion to advance into it is offered.
    let panel = [
        app.caller(Role::Panelist, "Deniz Kaya").await,
        app.caller(Role::Panelist, "Mei Lin").await,
    ];
    to_pre_candidate(&app, &member, &applicant, &id, [&panel[0], &panel[1]]).await;
    visit.settle().await;
    visit.open(&format!("/applications/{id}")).await;
    assert!(offered(&visit.html), "{}", visit.html);
    assert!(visit.shows("Advance to Candidate"), "{}", visit.html);
}

#[tokio::test]
async fn a_secret_vote_is_not_closed_early_from_the_page_while_members_have_not_voted() {
    use crate::api::steps::{appealed, cast, committee, open_vote};
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (member, mut visit) = secretariat(&app, &smtp).await;
    let members = committee(&app).await;
    let (_, id) = appealed(&app, &member, "Braga").await;
    let vote = open_vote(
        &app,
        &member,
        serde_json::json!({"application_id": id, "motion": {"kind": "appeal"}}),
    )
    .await;
    cast(
        &app,
        &members[0],
        &vote,
        serde_json::json!({"choice": "yes"}),
    )
    .await;
    visit.settle().await;
    let events = app.event_count().await;
    let close = format!("/applications/{id}/votes/{vote}/close");

    visit.open(&format!("/applications/{id}")).await;
    let status = visit.submit(&close, &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", visit.html);
    let summary = visit.error_summary().expect("an error summary");
    assert!(
        summary.contains("This secret vote cannot be closed before")
            && summary.contains("2 members have neither voted nor recused"),
        "{summary}"
    );

    visit
        .open(&format!("/language/tr?back=/applications/{id}"))
        .await;
    let status = visit.submit(&close, &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", visit.html);
    let summary = visit.error_summary().expect("an error summary");
    assert!(
        summary.contains("Bu gizli oylama") && summary.contains("2 üye henüz oy kullanmadı"),
        "{summary}"
    );
    assert_eq!(app.event_count().await, events, "nothing written");
}
