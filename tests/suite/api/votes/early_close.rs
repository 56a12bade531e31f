//! Closing a vote before its time: a secret one only once every member has voted or
//! recused (issue 26, finding 4), an open one whenever the secretariat chooses.

use crate::api::steps::{
    appeal_vote, appealed, cast, close, committee, grant_eligibility, ok, open_vote,
    wait_for_summary, AppealVote,
};
use charter_domain::Role;
use charter_tests::{assert_problem_about, spawn_app, spawn_app_with};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_secret_vote_is_closed_early_only_once_every_member_has_voted_or_recused() {
    let app = spawn_app().await;
    let AppealVote {
        secretariat,
        members,
        vote,
        ..
    } = appeal_vote(&app, "Braga").await;
    let path = format!("/api/v1/votes/{vote}/close");

    // One member alone has voted: closing now would publish their choice as the tally.
    cast(&app, &members[0], &vote, json!({"choice": "no"})).await;
    let events = app.event_count().await;
    let refused = app.post(&path, &secretariat, &json!({})).await;
    let problem =
        assert_problem_about(refused, 409, "secret-vote-awaits-members", "an early close").await;
    assert_eq!(problem["values"]["awaiting"], 2, "{problem}");
    assert!(problem["values"]["closes_at"].is_string(), "{problem}");
    assert_eq!(app.event_count().await, events, "nothing written");
    let keys: i64 = sqlx::query_scalar("SELECT count(*) FROM vote_keys")
        .fetch_one(&app.pool)
        .await
        .expect("keys");
    assert_eq!(keys, 1, "the vote keeps its key");

    // A recusal counts as having acted; one member is still awaited.
    ok(
        app.post(
            &format!("/api/v1/votes/{vote}/recusals"),
            &members[1],
            &json!({"reason": "I mentored the founders."}),
        )
        .await,
        201,
        "recuse",
    )
    .await;
    let refused = app.post(&path, &secretariat, &json!({})).await;
    let problem =
        assert_problem_about(refused, 409, "secret-vote-awaits-members", "still early").await;
    assert_eq!(problem["values"]["awaiting"], 1, "{problem}");

    cast(&app, &members[2], &vote, json!({"choice": "yes"})).await;
    let closed = close(&app, &secretariat, &vote).await;
    let tally = &closed["events"][0]["data"]["tally"];
    assert_eq!(
        (tally["yes"].as_u64(), tally["no"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(tally["recused"], 1);
    app.stop().await;
}

#[tokio::test]
async fn an_open_ballot_is_closed_early_with_members_yet_to_vote() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let members = committee(&app).await;
    let (_, opened) = app.open_application("Faro").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    let vote = open_vote(
        &app,
        &secretariat,
        json!({"application_id": id, "motion": {"kind": "reject", "grounds": "No space."}}),
    )
    .await;
    cast(&app, &members[0], &vote, json!({"choice": "yes"})).await;
    let closed = close(&app, &secretariat, &vote).await;
    assert_eq!(closed["events"][0]["data"]["tally"]["did_not_vote"], 2);
    app.stop().await;
}

#[tokio::test]
async fn the_scheduler_closes_a_secret_vote_at_its_time_whoever_took_part() {
    let app =
        spawn_app_with(|settings| settings.scheduler_interval = Duration::from_millis(50)).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let members = committee(&app).await;
    let (applicant, id) = appealed(&app, &secretariat, "Evora").await;
    let closes_at = chrono::Utc::now() + chrono::Duration::milliseconds(1500);
    let vote = open_vote(
        &app,
        &secretariat,
        json!({"application_id": id, "motion": {"kind": "appeal"}, "closes_at": closes_at}),
    )
    .await;
    for member in &members[..2] {
        cast(&app, member, &vote, json!({"choice": "yes"})).await;
    }
    wait_for_summary(&app, &applicant, &id, "a granted appeal", |s| {
        s["appeal"] == "granted"
    })
    .await;
    let register = app
        .register_carried_out(&vote, &secretariat, 0, "carried_out")
        .await;
    assert_eq!(register["outcome"], "passed", "{register}");
    assert_eq!(register["participation_withheld"], false, "{register}");
    let closed_at: chrono::DateTime<chrono::Utc> = register["closed_at"]
        .as_str()
        .expect("closed")
        .parse()
        .expect("time");
    assert!(closed_at >= closes_at, "closed at its time, not before");
    app.stop().await;
}
