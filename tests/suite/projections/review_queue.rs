//! A panelist's review queue, read from the tables the real server's projector fills: only
//! the versions that still matter (the latest of a kind a gate still ahead asks reviews
//! of), each with its due date and whether it is overdue at a chosen time.

use crate::api::steps::{
    assign, committee, decide_by_vote, grant_eligibility, hold_interview, ok, review, submit,
    wait_for_stage,
};
use charter_domain::{Policy, Role};
use charter_projections::queries::review_queue::{self, QueueItem, ReviewQueue};
use charter_projections::read_models::application_summary;
use charter_tests::{Caller, TestApp};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use serde_json::{json, Value};

/// Waits until the application summary (whose tables the queue reads) has applied the
/// command answered with `answer`.
async fn caught_up(app: &TestApp, answer: &Value) {
    let position = answer["position"].as_i64().expect("a position");
    app.state
        .watermark
        .wait_for(
            position,
            &[application_summary::NAME],
            std::time::Duration::from_secs(10),
        )
        .await
        .expect("the application summary caught up");
}

/// `panelist`'s queue as of `now` under the default policy.
async fn queue_of(app: &TestApp, panelist: &Caller, now: DateTime<Utc>) -> ReviewQueue {
    review_queue::queue(&app.pool, panelist.person.0, now, &Policy::default())
        .await
        .expect("a review queue")
}

/// Each item as (hub name, kind, version).
fn listed(items: &[QueueItem]) -> Vec<(String, String, i32)> {
    items
        .iter()
        .map(|item| (item.hub_name.clone(), item.kind.clone(), item.version))
        .collect()
}

fn item(hub: &str, kind: &str, version: i32) -> (String, String, i32) {
    (format!("Impact Hub {hub}"), kind.to_owned(), version)
}

/// When the first event of a command's answer occurred, to the microsecond the database
/// keeps.
fn event_time(answer: &Value) -> DateTime<Utc> {
    answer["events"][0]["data"]["at"]
        .as_str()
        .expect("a time")
        .parse::<DateTime<Utc>>()
        .expect("an RFC 3339 time")
        .trunc_subsecs(6)
}

/// Submits each of `kinds` and has both `reviewers` recommend its first version.
async fn submitted_and_reviewed(
    app: &TestApp,
    applicant: &Caller,
    id: &str,
    kinds: &[&str],
    reviewers: [&Caller; 2],
) {
    for kind in kinds {
        submit(app, applicant, kind, &format!("{kind}, first version")).await;
        for reviewer in reviewers {
            review(app, reviewer, id, kind, 1, "advance").await;
        }
    }
}

/// Interviews the founders and has the committee pass the advance of `id` to `stage`.
async fn voted_into(
    app: &TestApp,
    secretariat: &Caller,
    members: &[Caller],
    id: &str,
    stage: &str,
) {
    hold_interview(app, secretariat, id).await;
    let ballots: Vec<(&Caller, &str)> = members.iter().map(|member| (member, "yes")).collect();
    decide_by_vote(
        app,
        secretariat,
        id,
        json!({"kind": "advance", "to": stage}),
        &ballots,
    )
    .await;
    wait_for_stage(app, secretariat, id, stage).await;
}

#[tokio::test]
async fn a_version_leaves_the_queue_once_its_gate_is_passed_and_an_approved_application_leaves_nothing(
) {
    let app = charter_tests::spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let ada = app.caller(Role::Panelist, "Ada Panelist").await;
    let ben = app.caller(Role::Panelist, "Ben Panelist").await;
    // Cy sits on the panel and never reviews, as the demo's panelist on Cork's panel.
    let cy = app.caller(Role::Panelist, "Cy Panelist").await;
    let members = committee(&app).await;
    let (applicant, opened) = app.open_application("Cork").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    for panelist in [&ada, &ben, &cy] {
        assign(&app, &secretariat, &id, panelist).await;
    }
    let report = submit(&app, &applicant, "preliminary_report", "report").await;
    caught_up(&app, &report).await;
    let now = Utc::now();
    let queue = queue_of(&app, &cy, now).await;
    assert_eq!(
        listed(&queue.awaiting),
        [item("Cork", "preliminary_report", 1)]
    );
    let due = event_time(&report) + Duration::days(30);
    assert_eq!(queue.awaiting[0].due_at, due);
    assert!(!queue.awaiting[0].overdue);
    assert!(
        queue_of(&app, &cy, due + Duration::seconds(1))
            .await
            .awaiting[0]
            .overdue
    );

    for reviewer in [&ada, &ben] {
        review(&app, reviewer, &id, "preliminary_report", 1, "advance").await;
    }
    let advanced = ok(
        app.post(
            &format!("/api/v1/applications/{id}/advance"),
            &secretariat,
            &json!({"to": "pre_candidate"}),
        )
        .await,
        200,
        "advance to pre_candidate",
    )
    .await;
    caught_up(&app, &advanced).await;
    // Years later, the report the pre_candidate gate counted is neither due nor overdue,
    // for whoever did not review it; nor is it listed as reviewed.
    let years_later = now + Duration::days(3 * 365);
    let queue = queue_of(&app, &cy, years_later).await;
    assert!(queue.awaiting.is_empty(), "{:?}", queue.awaiting);
    assert!(queue_of(&app, &ada, years_later).await.reviewed.is_empty());

    // A plan submitted early awaits review: the approval gate ahead will count it.
    submitted_and_reviewed(
        &app,
        &applicant,
        &id,
        &[
            "feasibility_study",
            "financial_projection",
            "community_strategy",
        ],
        [&ada, &ben],
    )
    .await;
    let early = submit(&app, &applicant, "future_plan", "future plan").await;
    caught_up(&app, &early).await;
    let mut awaiting = listed(&queue_of(&app, &cy, now).await.awaiting);
    awaiting.sort();
    assert_eq!(
        awaiting,
        [
            item("Cork", "community_strategy", 1),
            item("Cork", "feasibility_study", 1),
            item("Cork", "financial_projection", 1),
            item("Cork", "future_plan", 1),
        ]
    );
    voted_into(&app, &secretariat, &members, &id, "candidate").await;
    assert_eq!(
        listed(&queue_of(&app, &cy, now).await.awaiting),
        [item("Cork", "future_plan", 1)]
    );

    for reviewer in [&ada, &ben] {
        review(&app, reviewer, &id, "future_plan", 1, "advance").await;
    }
    submitted_and_reviewed(&app, &applicant, &id, &["space_design"], [&ada, &ben]).await;
    voted_into(&app, &secretariat, &members, &id, "approved").await;
    // Approved: only signatures remain, so nothing awaits review, and nothing is overdue.
    for panelist in [&ada, &ben, &cy] {
        let queue = queue_of(&app, panelist, years_later).await;
        assert!(queue.awaiting.is_empty(), "{:?}", queue.awaiting);
        assert!(queue.reviewed.is_empty(), "{:?}", queue.reviewed);
    }
    app.stop().await;
}

#[tokio::test]
async fn an_application_that_ends_leaves_the_queue_while_a_pending_latest_version_stays_due() {
    let app = charter_tests::spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let ada = app.caller(Role::Panelist, "Ada Panelist").await;
    let mut applications = Vec::new();
    for city in ["Lisbon", "Braga", "Faro", "Evora"] {
        let (applicant, opened) = app.open_application(city).await;
        let id = opened["application_id"].as_str().expect("id").to_owned();
        assign(&app, &secretariat, &id, &ada).await;
        submit(
            &app,
            &applicant,
            "preliminary_report",
            &format!("{city} report"),
        )
        .await;
        applications.push((applicant, id));
    }
    let [lisbon, braga, faro, evora] = &applications[..] else {
        unreachable!("four applications");
    };
    // Lisbon: Ada reviewed the first report, then a second came; she reviewed the study.
    review(&app, &ada, &lisbon.1, "preliminary_report", 1, "revise").await;
    let second = submit(&app, &lisbon.0, "preliminary_report", "Lisbon, again").await;
    submit(&app, &lisbon.0, "community_strategy", "Lisbon strategy").await;
    review(&app, &ada, &lisbon.1, "community_strategy", 1, "advance").await;
    let recused = ok(
        app.post(
            &format!("/api/v1/applications/{}/conflicts", evora.1),
            &ada,
            &json!({"reason": "I advised the founders."}),
        )
        .await,
        201,
        "declare a conflict",
    )
    .await;
    caught_up(&app, &recused).await;
    let now = Utc::now();
    let mut awaiting = listed(&queue_of(&app, &ada, now).await.awaiting);
    awaiting.sort();
    assert_eq!(
        awaiting,
        [
            item("Braga", "preliminary_report", 1),
            item("Faro", "preliminary_report", 1),
            item("Lisbon", "preliminary_report", 2),
        ]
    );

    ok(
        app.post(
            &format!("/api/v1/applications/{}/withdrawal", braga.1),
            &braga.0,
            &json!({"reason": "We found another building."}),
        )
        .await,
        200,
        "withdraw",
    )
    .await;
    let rejected = ok(
        app.post(
            &format!("/api/v1/applications/{}/rejection", faro.1),
            &secretariat,
            &json!({"reason": "The founders have no legal entity yet."}),
        )
        .await,
        200,
        "reject",
    )
    .await;
    caught_up(&app, &rejected).await;

    let queue = queue_of(&app, &ada, now).await;
    assert_eq!(
        listed(&queue.awaiting),
        [item("Lisbon", "preliminary_report", 2)]
    );
    let pending = &queue.awaiting[0];
    assert_eq!(pending.stage, "applied");
    assert_eq!(pending.submitted_at, event_time(&second));
    let due = event_time(&second) + Duration::days(30);
    assert_eq!(pending.due_at, due);
    assert!(!pending.overdue);
    assert_eq!(pending.review, None);
    assert_eq!(
        listed(&queue.reviewed),
        [item("Lisbon", "community_strategy", 1)]
    );
    assert_eq!(queue.reviewed[0].recommendation.as_deref(), Some("advance"));
    assert_eq!(queue.conflicts.len(), 1);
    assert_eq!(queue.conflicts[0].hub_name, "Impact Hub Evora");

    // Past its due date it is overdue, and still the only one: the ended applications'
    // reports never become overdue.
    let late = queue_of(&app, &ada, due + Duration::minutes(1)).await;
    assert_eq!(
        listed(&late.awaiting),
        [item("Lisbon", "preliminary_report", 2)]
    );
    assert!(late.awaiting[0].overdue);
    app.stop().await;
}
