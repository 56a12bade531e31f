//! What a vote's opening fixes: the electorate that may vote, and one open vote per
//! application.

use crate::api::steps::{cast, close, committee, grant_eligibility, ok, open_vote};
use charter_domain::Role;
use charter_tests::spawn_app;
use serde_json::json;

#[tokio::test]
async fn only_the_electorate_fixed_at_opening_votes_and_a_recused_member_no_longer_can() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let members = committee(&app).await;
    let (applicant, opened) = app.open_application("Faro").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    let vote = open_vote(
        &app,
        &secretariat,
        json!({"application_id": id, "motion": {"kind": "reject", "grounds": "No plan."}}),
    )
    .await;
    let ballots = format!("/api/v1/votes/{vote}/ballots");

    let latecomer = app
        .caller(Role::Committee, "Seated after the opening")
        .await;
    let problem = ok(
        app.post(&ballots, &latecomer, &json!({"choice": "yes"}))
            .await,
        403,
        "latecomer",
    )
    .await;
    assert_eq!(problem["type"], "urn:charter:problem:not-in-electorate");
    let problem = ok(
        app.post(&ballots, &applicant, &json!({"choice": "no"}))
            .await,
        403,
        "applicant",
    )
    .await;
    assert_eq!(problem["type"], "urn:charter:problem:forbidden");

    ok(
        app.post(
            &format!("/api/v1/votes/{vote}/recusals"),
            &members[0],
            &json!({"reason": "I mentored the founders."}),
        )
        .await,
        201,
        "recuse",
    )
    .await;
    let problem = ok(
        app.post(&ballots, &members[0], &json!({"choice": "yes"}))
            .await,
        403,
        "recused",
    )
    .await;
    assert_eq!(problem["type"], "urn:charter:problem:member-recused");

    ok(
        app.post(
            &ballots,
            &members[1],
            &json!({"choice": "yes", "reason": "No plan at all."}),
        )
        .await,
        201,
        "yes",
    )
    .await;
    ok(
        app.post(&ballots, &members[2], &json!({"choice": "no"}))
            .await,
        201,
        "no",
    )
    .await;
    let closed = close(&app, &secretariat, &vote).await;
    // 2 of 3 took part: quorum (1/2) met; 1 yes of 2 is not more than half.
    let data = &closed["events"][0]["data"];
    assert_eq!(data["tally"]["recused"], 1);
    assert_eq!(data["outcome"], "failed");
    let problem = ok(
        app.post(&ballots, &members[2], &json!({"choice": "yes"}))
            .await,
        409,
        "after closing",
    )
    .await;
    assert_eq!(problem["type"], "urn:charter:problem:vote-closed");

    // The open ballot's register and the members' records show who chose what.
    let position = closed["position"].as_i64().expect("position");
    let record = app
        .list(
            &format!("/api/v1/people/{}/votes", members[1].person),
            &members[2],
            position,
        )
        .await;
    assert_eq!(record[0]["choice"], "yes");
    let record = app
        .list(
            &format!("/api/v1/people/{}/votes", members[0].person),
            &secretariat,
            position,
        )
        .await;
    assert!(record[0]["recused_at"].is_string());
    // The process manager records a moment after the close that a failed vote leaves
    // nothing to do.
    let register = app
        .register_carried_out(&vote, &secretariat, position, "nothing_to_do")
        .await;
    assert_eq!(
        register["carried_out"]["result"], "nothing_to_do",
        "{register}"
    );
    let listed = app.get("/api/v1/votes", &applicant).await;
    assert_eq!(listed.status(), 403, "founders do not read the register");
    app.stop().await;
}

#[tokio::test]
async fn an_application_has_one_open_vote_at_a_time() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let members = committee(&app).await;
    let (_, opened) = app.open_application("Viseu").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    let reject = json!({"application_id": id, "motion": {"kind": "reject", "grounds": "No."}});
    let vote = open_vote(&app, &secretariat, reject.clone()).await;
    let events = app.event_count().await;

    let second = app.post("/api/v1/votes", &secretariat, &reject).await;
    let problem = ok(second, 409, "a second open vote").await;
    assert_eq!(problem["type"], "urn:charter:problem:vote-already-open");
    assert_eq!(app.event_count().await, events, "nothing written");

    cast(&app, &members[0], &vote, json!({"choice": "no"})).await;
    close(&app, &secretariat, &vote).await;
    open_vote(&app, &secretariat, reject).await;
    app.stop().await;
}
