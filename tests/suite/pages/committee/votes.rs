//! Votes on the pages: casting and changing a ballot, the refusals that write nothing, a
//! secret ballot's secrecy, and recusing after checking one's answers.

use super::{ballots, open_motion, record};
use crate::api::steps::{appealed, cast, close, open_vote};
use crate::pages::support::{pages_app, Visit};
use charter_domain::Role;
use charter_tests::SmtpServer;
use reqwest::StatusCode;
use serde_json::{json, Value};

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
    // While it is open: how many took part, not who.
    assert!(
        visit.shows("only how many have taken part is shown, not who"),
        "{}",
        visit.html
    );
    assert!(
        visit.shows("Voted 1 Recused 0 Yet to vote 1"),
        "{}",
        visit.html
    );
    assert!(
        !visit.shows("Bora Other 1"),
        "who took part is withheld: {}",
        visit.html
    );
    assert!(visit.shows("Who recused is shown once the vote closes."));
    visit
        .submit(&format!("/votes/{vote}/ballot"), &[("choice", "yes")])
        .await;
    assert!(visit.shows("Your ballot has been recorded."));
    assert!(
        visit.shows("You have cast a ballot."),
        "their own part: {}",
        visit.html
    );
    visit.open(&format!("/applications/{id}/audit")).await;
    assert!(
        visit.shows("Withheld until the secret vote closes"),
        "{}",
        visit.html
    );
    assert!(!visit.html.contains("CONFIDENTIAL-7f3a"));
    visit.open(&format!("/votes/{vote}")).await;
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
    // Once closed: who took part.
    assert!(
        visit.shows("Bora Other 1"),
        "participation shows: {}",
        visit.html
    );
    visit.open(&format!("/applications/{id}/audit")).await;
    assert!(!visit.shows("Withheld until the secret vote closes"));
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
