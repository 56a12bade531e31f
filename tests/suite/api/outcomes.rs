//! What closed votes do to applications: appeals, the scheduler, the process manager.

use super::steps::{
    appealed, cast, committee, decide_by_vote, grant_eligibility, ok, open_vote, request_revision,
    review, submit, to_pre_candidate, wait_for_stage, wait_for_summary,
};
use charter_domain::Role;
use charter_tests::{spawn_app, spawn_app_with};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_rejection_followed_by_a_successful_appeal_reopens_the_application_once() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let members = committee(&app).await;
    let (applicant, id) = appealed(&app, &secretariat, "Lisbon").await;

    let ballots: Vec<_> = members.iter().map(|m| (m, "yes")).collect();
    let closed = decide_by_vote(&app, &secretariat, &id, json!({"kind": "appeal"}), &ballots).await;
    assert_eq!(closed["events"][0]["data"]["outcome"], "passed");
    let summary = wait_for_summary(&app, &applicant, &id, "a granted appeal", |s| {
        s["stage"] == "applied" && s["appeal"] == "granted"
    })
    .await;
    assert_eq!(summary["appeal"], "granted");

    // Reopened, it takes commands again; a second rejection cannot be appealed.
    grant_eligibility(&app, &secretariat, &id).await;
    let closed = decide_by_vote(
        &app,
        &secretariat,
        &id,
        json!({"kind": "reject", "grounds": "Still no viable plan."}),
        &ballots,
    )
    .await;
    assert_eq!(closed["events"][0]["data"]["outcome"], "passed");
    wait_for_stage(&app, &applicant, &id, "rejected").await;
    let again = app
        .post(
            &format!("/api/v1/applications/{id}/appeals"),
            &applicant,
            &json!({"grounds": "Please look again."}),
        )
        .await;
    let problem = ok(again, 409, "a second appeal").await;
    assert_eq!(problem["type"], "urn:charter:problem:already-appealed");

    let timeline = app
        .list(
            &format!("/api/v1/applications/{id}/timeline"),
            &applicant,
            0,
        )
        .await;
    let kinds: Vec<&str> = timeline
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| e["event_type"].as_str().expect("type"))
        .collect();
    assert!(kinds.contains(&"AppealGranted"), "{kinds:?}");
    app.stop().await;
}

#[tokio::test]
async fn the_scheduler_closes_a_vote_once_its_closing_time_has_passed_and_it_is_carried_out() {
    let app =
        spawn_app_with(|settings| settings.scheduler_interval = Duration::from_millis(50)).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let members = committee(&app).await;
    let (applicant, opened) = app.open_application("Evora").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    let closes_at = chrono::Utc::now() + chrono::Duration::milliseconds(1500);
    let vote = open_vote(
        &app,
        &secretariat,
        json!({"application_id": id, "motion": {"kind": "reject", "grounds": "Out of time."}, "closes_at": closes_at}),
    )
    .await;
    for member in &members[..2] {
        cast(&app, member, &vote, json!({"choice": "yes"})).await;
    }
    let summary = wait_for_stage(&app, &applicant, &id, "rejected").await;
    assert_eq!(summary["stage"], "rejected");
    // The register is another read model: it may trail the application's summary.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let register = loop {
        let register = app
            .read(&format!("/api/v1/votes/{vote}"), &secretariat, 0)
            .await;
        if !register["outcome"].is_null() || tokio::time::Instant::now() > deadline {
            break register;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(register["outcome"], "passed");
    let closed_at: chrono::DateTime<chrono::Utc> = register["closed_at"]
        .as_str()
        .expect("closed")
        .parse()
        .expect("time");
    assert!(
        closed_at >= closes_at,
        "closed by the scheduler, not before its time"
    );
    let late = app
        .post(
            &format!("/api/v1/votes/{vote}/ballots"),
            &members[2],
            &json!({"choice": "no"}),
        )
        .await;
    assert_eq!(late.status(), 409);
    app.stop().await;
}

#[tokio::test]
async fn a_passed_advance_whose_gate_is_not_met_is_recorded_as_refused_and_can_be_used_later() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let ada = app.caller(Role::Panelist, "Ada").await;
    let ben = app.caller(Role::Panelist, "Ben").await;
    let members = committee(&app).await;
    let (applicant, opened) = app.open_application("Aveiro").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    to_pre_candidate(&app, &secretariat, &applicant, &id, [&ada, &ben]).await;

    // The committee votes to advance before the candidacy documents are in.
    let ballots: Vec<_> = members.iter().map(|m| (m, "yes")).collect();
    let closed = decide_by_vote(
        &app,
        &secretariat,
        &id,
        json!({"kind": "advance", "to": "candidate"}),
        &ballots,
    )
    .await;
    let vote = closed["vote_id"].as_str().expect("vote").to_owned();
    let closed_at = closed["position"].as_i64().expect("position");
    let register = app
        .register_carried_out(&vote, &secretariat, closed_at, "refused")
        .await;
    assert_eq!(register["carried_out"]["result"], "refused", "{register}");
    assert!(register["carried_out"]["detail"]
        .as_str()
        .expect("detail")
        .contains("feasibility_study"));
    let summary = app
        .read(&format!("/api/v1/applications/{id}"), &secretariat, 0)
        .await;
    assert_eq!(summary["stage"], "pre_candidate");

    // Once the gate is met the secretariat advances with the passed vote.
    for kind in [
        "feasibility_study",
        "financial_projection",
        "community_strategy",
    ] {
        submit(&app, &applicant, kind, kind).await;
        review(&app, &ada, &id, kind, 1, "advance").await;
        review(&app, &ben, &id, kind, 1, "advance").await;
    }
    super::steps::hold_interview(&app, &secretariat, &id).await;
    let advanced = ok(
        app.post(
            &format!("/api/v1/applications/{id}/advance"),
            &secretariat,
            &json!({"to": "candidate", "vote_id": vote}),
        )
        .await,
        200,
        "advance with the vote",
    )
    .await;
    assert_eq!(advanced["events"][0]["data"]["vote_id"], vote.as_str());
    // A vote that did not decide this motion is refused.
    let problem = ok(
        app.post(
            &format!("/api/v1/applications/{id}/advance"),
            &secretariat,
            &json!({"to": "approved", "vote_id": vote}),
        )
        .await,
        422,
        "another motion's vote",
    )
    .await;
    assert_eq!(
        problem["type"],
        "urn:charter:problem:vote-decided-another-motion"
    );
    // Repeating the very advance the vote decided changes nothing.
    let repeated = ok(
        app.post(
            &format!("/api/v1/applications/{id}/advance"),
            &secretariat,
            &json!({"to": "candidate", "vote_id": vote}),
        )
        .await,
        200,
        "the same advance again",
    )
    .await;
    assert_eq!(repeated["events"], json!([]));
    assert_eq!(repeated["version"], advanced["version"]);
    // The register now says the vote was carried out.
    let position = advanced["position"].as_i64().expect("position");
    let register = app
        .register_carried_out(&vote, &secretariat, position, "carried_out")
        .await;
    assert_eq!(
        register["carried_out"]["result"], "carried_out",
        "{register}"
    );
    app.stop().await;
}

#[tokio::test]
async fn the_scheduler_marks_a_revision_request_past_its_deadline_and_a_late_answer_still_counts() {
    let app =
        spawn_app_with(|settings| settings.scheduler_interval = Duration::from_millis(50)).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let (applicant, opened) = app.open_application("Tomar").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    submit(&app, &applicant, "preliminary_report", "first draft").await;
    let deadline = chrono::Utc::now() + chrono::Duration::milliseconds(800);
    request_revision(&app, &secretariat, &id, deadline).await;

    let summary = wait_for_summary(&app, &applicant, &id, "an overdue request", |s| {
        s["revision_requests"][0]["overdue_at"].is_string()
    })
    .await;
    let overdue_at: chrono::DateTime<chrono::Utc> = summary["revision_requests"][0]["overdue_at"]
        .as_str()
        .expect("overdue_at")
        .parse()
        .expect("time");
    assert!(overdue_at > deadline, "marked only after the deadline");
    let timeline = app
        .list(
            &format!("/api/v1/applications/{id}/timeline"),
            &applicant,
            0,
        )
        .await;
    assert!(
        timeline
            .as_array()
            .expect("timeline")
            .iter()
            .any(|e| e["event_type"] == "RevisionRequestOverdue" && e["actor_role"] == "system"),
        "{timeline}"
    );

    // The founders answer late: the answer is recorded all the same.
    let answered = submit(&app, &applicant, "preliminary_report", "second draft").await;
    assert_eq!(answered["events"][1]["type"], "RevisionRequestAnswered");
    app.stop().await;
}
