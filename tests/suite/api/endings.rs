//! How an application ends early: withdrawal by its founders, rejection by the secretariat.

use super::steps::{committee, decide_by_vote, grant_eligibility, ok, wait_for_stage};
use charter_domain::Role;
use charter_tests::spawn_app;
use serde_json::json;

#[tokio::test]
async fn a_withdrawn_application_refuses_every_change_and_writes_nothing() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let (applicant, opened) = app.open_application("Braga").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let withdrawn = ok(
        app.post(
            &format!("/api/v1/applications/{id}/withdrawal"),
            &applicant,
            &json!({"reason": "We found another path."}),
        )
        .await,
        200,
        "withdraw",
    )
    .await;
    let events = app.event_count().await;
    let refused = app
        .post(
            &format!("/api/v1/applications/{id}/eligibility"),
            &secretariat,
            &json!({}),
        )
        .await;
    let problem = ok(refused, 409, "eligibility after withdrawal").await;
    assert_eq!(problem["type"], "urn:charter:problem:application-closed");
    assert_eq!(app.event_count().await, events);
    let summary = app
        .read(
            &format!("/api/v1/applications/{id}"),
            &secretariat,
            withdrawn["position"].as_i64().expect("position"),
        )
        .await;
    assert_eq!(summary["stage"], "withdrawn");
    app.stop().await;
}

#[tokio::test]
async fn the_secretariat_rejects_at_the_eligibility_gate_but_needs_a_vote_after_it() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let (_, first) = app.open_application("Faro").await;
    let first = first["application_id"].as_str().expect("id").to_owned();
    ok(
        app.post(
            &format!("/api/v1/applications/{first}/rejection"),
            &secretariat,
            &json!({"reason": "No legal entity yet."}),
        )
        .await,
        200,
        "reject at eligibility",
    )
    .await;
    let (_, second) = app.open_application("Evora").await;
    let second = second["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &second).await;
    let refused = app
        .post(
            &format!("/api/v1/applications/{second}/rejection"),
            &secretariat,
            &json!({"reason": "Weak plan."}),
        )
        .await;
    let problem = ok(refused, 422, "reject without a vote").await;
    assert_eq!(problem["type"], "urn:charter:problem:rejection-needs-vote");
    // A committee vote rejects it; the process manager carries the vote out.
    let members = committee(&app).await;
    let ballots: Vec<_> = members.iter().map(|m| (m, "yes")).collect();
    let closed = decide_by_vote(
        &app,
        &secretariat,
        &second,
        json!({"kind": "reject", "grounds": "Weak plan."}),
        &ballots,
    )
    .await;
    assert_eq!(closed["events"][0]["data"]["outcome"], "passed");
    wait_for_stage(&app, &secretariat, &second, "rejected").await;
    app.stop().await;
}
