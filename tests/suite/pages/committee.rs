//! The Membership Committee's pages: a vote's record and ballot, refusals that write
//! nothing, the secrecy of a secret ballot, the dashboard's charts and its CSV exports.

use super::support::{pages_app, Visit};
use crate::api::steps::{appealed, cast, close, grant_eligibility, open_vote};
use charter_domain::Role;
use charter_tests::{Caller, SmtpServer, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// An application that is eligible, and an open vote to reject it (an open ballot).
async fn open_motion(app: &TestApp, secretariat: &Caller, city: &str) -> (String, String) {
    let (_, opened) = app.open_application(city).await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(app, secretariat, &id).await;
    let vote = open_vote(
        app,
        secretariat,
        json!({"application_id": id, "motion": {"kind": "reject", "grounds": "No legal entity yet."}}),
    )
    .await;
    (id, vote)
}

/// The vote's record, as the API holds it.
async fn record(app: &TestApp, secretariat: &Caller, vote: &str) -> Value {
    let response = app.get(&format!("/api/v1/votes/{vote}"), secretariat).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("JSON")
}

async fn ballots(app: &TestApp, secretariat: &Caller, vote: &str) -> usize {
    record(app, secretariat, vote).await["ballots"]
        .as_array()
        .expect("ballots")
        .len()
}

#[tokio::test]
async fn a_member_opens_a_vote_from_the_start_page_casts_a_ballot_and_sees_it_recorded() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let (_, vote) = open_motion(&app, &secretariat, "Porto").await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;

    visit.open("/").await;
    let link = format!("href=\"/votes/{vote}\"");
    assert!(visit.html.contains(&link), "{}", visit.html);
    assert_eq!(visit.open(&format!("/votes/{vote}")).await, StatusCode::OK);
    assert!(visit.shows("Impact Hub Porto"), "{}", visit.html);
    assert!(visit.shows("No legal entity yet."));
    assert!(visit.shows("How do you vote on this motion?"));
    assert!(visit.shows("You have not voted yet."));

    let status = visit
        .submit(
            &format!("/votes/{vote}/ballot"),
            &[("choice", "no"), ("reason", "Let them register first.")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}", visit.html);
    assert_eq!(visit.path, format!("/votes/{vote}"));
    assert!(
        visit.shows("Your ballot has been recorded."),
        "{}",
        visit.html
    );
    assert!(visit.shows("You have cast a ballot."));
    assert!(visit.shows("No Let them register first."), "{}", visit.html);

    // A change of mind is a second ballot; only the latest counts.
    visit.open(&format!("/votes/{vote}")).await;
    assert!(visit.shows("Change your ballot"));
    visit
        .submit(&format!("/votes/{vote}/ballot"), &[("choice", "abstain")])
        .await;
    assert!(visit.shows("2 ballots are recorded"), "{}", visit.html);
    let register = record(&app, &secretariat, &vote).await;
    assert_eq!(register["ballots"][1]["choice"], "abstain", "{register}");
    app.stop().await;
}

#[tokio::test]
async fn a_ballot_without_a_choice_is_refused_and_nothing_is_written() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let (_, vote) = open_motion(&app, &secretariat, "Porto").await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;
    visit.open(&format!("/votes/{vote}")).await;

    let status = visit
        .submit(&format!("/votes/{vote}/ballot"), &[("reason", "Unsure.")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = visit.error_summary().expect("an error summary");
    assert!(summary.contains("Choose yes, no or abstain"), "{summary}");
    assert!(visit.html.contains("href=\"#choice\""));
    assert!(
        visit.html.contains(">Unsure.</textarea>"),
        "the reason is kept"
    );
    visit.settle().await;
    assert_eq!(ballots(&app, &secretariat, &vote).await, 0);

    // A choice the vote does not know is no choice either.
    visit
        .submit(&format!("/votes/{vote}/ballot"), &[("choice", "maybe")])
        .await;
    assert_eq!(visit.status, StatusCode::UNPROCESSABLE_ENTITY);
    visit.settle().await;
    assert_eq!(ballots(&app, &secretariat, &vote).await, 0);
    app.stop().await;
}

#[tokio::test]
async fn a_member_outside_the_electorate_or_after_closing_is_refused_and_nothing_is_written() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let seated = app
        .issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let (_, vote) = open_motion(&app, &secretariat, "Porto").await;
    // Seated after the vote opened: not in its electorate.
    app.issue_with_email(Role::Committee, "Deniz Kaya", Some("deniz@hubs.test"))
        .await;
    let mut late = Visit::new(&app);
    late.sign_in(&smtp, "deniz@hubs.test").await;
    late.open(&format!("/votes/{vote}")).await;
    assert!(
        late.shows("You are not in this vote's electorate"),
        "{}",
        late.html
    );
    assert!(!late.html.contains("name=\"choice\""), "no ballot form");
    let status = late
        .submit(&format!("/votes/{vote}/ballot"), &[("choice", "yes")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{}", late.html);
    let summary = late.error_summary().expect("an error summary");
    assert!(
        summary.contains("not in this vote's electorate"),
        "{summary}"
    );
    late.settle().await;
    assert_eq!(ballots(&app, &secretariat, &vote).await, 0);

    let mut member = Visit::new(&app);
    member.sign_in(&smtp, "ayla@hubs.test").await;
    member.open(&format!("/votes/{vote}")).await;
    cast(&app, &seated, &vote, json!({"choice": "yes"})).await;
    close(&app, &secretariat, &vote).await;
    // The form was on the page before the vote closed.
    let status = member
        .submit(&format!("/votes/{vote}/ballot"), &[("choice", "no")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", member.html);
    let summary = member.error_summary().expect("an error summary");
    assert!(summary.contains("The vote is closed"), "{summary}");
    member.settle().await;
    assert_eq!(ballots(&app, &secretariat, &vote).await, 1);
    member.open(&format!("/votes/{vote}")).await;
    assert!(member.shows("Tally"), "the closed vote shows its tally");
    assert!(
        !member.html.contains("name=\"choice\""),
        "no ballot form once closed"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_secret_ballot_page_never_shows_another_members_choice() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let other = app.caller(Role::Committee, "Bora Other").await;
    let (_, id) = appealed(&app, &secretariat, "Braga").await;
    let vote = open_vote(
        &app,
        &secretariat,
        json!({"application_id": id, "motion": {"kind": "appeal"}}),
    )
    .await;
    cast(
        &app,
        &other,
        &vote,
        json!({"choice": "no", "reason": "CONFIDENTIAL-7f3a"}),
    )
    .await;

    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;
    visit.open(&format!("/votes/{vote}")).await;
    assert!(visit.shows("What a secret ballot means"), "{}", visit.html);
    assert!(visit.shows("the key is then destroyed"));
    assert!(
        visit.shows("Bora Other 1"),
        "participation shows: {}",
        visit.html
    );
    visit
        .submit(&format!("/votes/{vote}/ballot"), &[("choice", "yes")])
        .await;
    assert!(visit.shows("Your ballot has been recorded."));
    for page in [visit.html.clone(), {
        close(&app, &secretariat, &vote).await;
        visit.settle().await;
        visit.open(&format!("/votes/{vote}")).await;
        visit.html.clone()
    }] {
        assert!(!page.contains("CONFIDENTIAL-7f3a"));
        assert!(!page.contains("<td>No</td>"), "{page}");
        assert!(!page.contains("<td>Yes</td>"), "{page}");
    }
    assert!(visit.shows("Tally"));
    app.stop().await;
}

/// The labels and values a chart draws, in order.
fn drawn(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .map(|part| {
            let start = part.find('>').expect("a text") + 1;
            let end = part.find("</text>").expect("a closed text");
            part[start..end].to_owned()
        })
        .collect()
}

#[tokio::test]
async fn the_dashboard_draws_its_charts_and_gives_the_same_figures_in_tables() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    open_motion(&app, &secretariat, "Porto").await;
    app.open_application("Lyon").await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;

    assert_eq!(visit.open("/dashboard").await, StatusCode::OK);
    let html = visit.html.clone();
    let svgs: Vec<&str> = html.split("<svg").skip(1).collect();
    assert!(!svgs.is_empty(), "{html}");
    for part in svgs {
        let svg = &part[..part.find("</svg>").expect("a closed svg")];
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id="));
        assert!(!svg.contains("style="));
        let table = &part[part.find("<table").expect("a table after the chart")..];
        for pair in drawn(svg).chunks(2) {
            let row = format!(
                "<th scope=\"row\">{}</th><td class=\"number\">{}</td>",
                pair[0], pair[1]
            );
            assert!(table.contains(&row), "{row} in {table}");
        }
    }
    assert!(!html.contains("<script>"));
    assert!(visit.shows("Eligible"));
    assert!(html.contains("href=\"/dashboard/votes.csv\""));
    app.stop().await;
}

#[tokio::test]
async fn the_csv_exports_download_through_the_page_as_attachments() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    open_motion(&app, &secretariat, "Porto").await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;

    for name in ["votes.csv", "pipeline.csv"] {
        let response = visit.download(&format!("/dashboard/{name}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        assert!(headers["content-type"]
            .to_str()
            .expect("a type")
            .starts_with("text/csv"));
        let disposition = headers["content-disposition"].to_str().expect("a name");
        assert!(disposition.contains(name), "{disposition}");
        let body = response.text().await.expect("a body");
        assert!(body.contains("Porto"), "{body}");
    }
    // Not signed in: no export.
    let stranger = Visit::new(&app);
    let response = stranger.download("/dashboard/votes.csv").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.stop().await;
}

#[tokio::test]
async fn the_register_links_each_vote_and_the_audit_log_shows_the_record_intact() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let member = app
        .issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let (id, vote) = open_motion(&app, &secretariat, "Porto").await;
    cast(&app, &member, &vote, json!({"choice": "yes"})).await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;

    assert_eq!(visit.open("/register").await, StatusCode::OK);
    assert!(visit.html.contains(&format!("href=\"/votes/{vote}\"")));
    assert!(visit
        .html
        .contains(&format!("href=\"/applications/{id}/audit\"")));
    assert!(visit.shows("Your voting record"));
    assert!(visit.shows("Impact Hub Porto"));

    assert_eq!(
        visit.open(&format!("/applications/{id}/audit")).await,
        StatusCode::OK
    );
    assert!(visit.shows("Intact"), "{}", visit.html);
    assert!(visit.shows("VoteOpened"));
    assert!(visit.shows("BallotCast"));
    app.stop().await;
}

#[tokio::test]
async fn a_member_recuses_after_checking_their_answers_and_can_no_longer_vote() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let (_, vote) = open_motion(&app, &secretariat, "Porto").await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;
    visit.open(&format!("/votes/{vote}/recusal")).await;

    let check = format!("/votes/{vote}/recusal/check");
    let status = visit.submit(&check, &[("reason", "  ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(visit
        .error_summary()
        .expect("a summary")
        .contains("Enter your reason"));

    visit
        .submit(&check, &[("reason", "I advise the founders.")])
        .await;
    assert!(
        visit.shows("Check your answers before recusing"),
        "{}",
        visit.html
    );
    visit.settle().await;
    assert_eq!(
        record(&app, &secretariat, &vote).await["electorate"][0]["recused_at"],
        Value::Null
    );
    visit
        .submit(
            &format!("/votes/{vote}/recusal/confirm"),
            &[("reason", "I advise the founders.")],
        )
        .await;
    assert_eq!(visit.path, format!("/votes/{vote}"));
    assert!(
        visit.shows("You are recused from this vote."),
        "{}",
        visit.html
    );
    assert!(visit.shows("I advise the founders."));
    assert!(!visit.html.contains("name=\"choice\""), "no ballot form");
    app.stop().await;
}

#[tokio::test]
async fn a_panelist_gets_the_forbidden_page_for_the_committees_pages() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    app.issue_with_email(Role::Panelist, "Deniz Kaya", Some("deniz@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "deniz@hubs.test").await;
    for path in ["/dashboard", "/register"] {
        assert_eq!(visit.open(path).await, StatusCode::FORBIDDEN, "{path}");
        assert!(visit.shows("You cannot see this page"));
    }
    app.stop().await;
}
