//! Moving an interview: what the founders and the timeline then show, and what is refused.

use super::steps::ok;
use charter_domain::Role;
use charter_tests::{assert_problem, spawn_app, Caller, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

/// Opens an application and schedules interview 1 for 1 March 2099 in Braga; returns the
/// founder, the secretariat and the application's id.
async fn scheduled(app: &TestApp) -> (Caller, Caller, String) {
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let (applicant, opened) = app.open_application("Braga").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/interviews"),
            &secretariat,
            &json!({"scheduled_for": "2099-03-01T10:00:00Z", "location": "Rua do Souto 1, Braga"}),
        )
        .await,
        201,
        "schedule",
    )
    .await;
    (applicant, secretariat, id)
}

fn reschedule_path(id: &str, interview: u32) -> String {
    format!("/api/v1/applications/{id}/interviews/{interview}/reschedule")
}

fn position(response: &Value) -> i64 {
    response["position"].as_i64().expect("position")
}

#[tokio::test]
async fn founders_see_a_moved_interview_at_its_new_time_and_place() {
    let app = spawn_app().await;
    let (applicant, secretariat, id) = scheduled(&app).await;

    let body = json!({"scheduled_for": "2099-03-02T14:30:00Z", "location": " Video call "});
    let moved = ok(
        app.post(&reschedule_path(&id, 1), &secretariat, &body)
            .await,
        200,
        "move",
    )
    .await;
    let event = &moved["events"][0];
    assert_eq!(event["type"], "InterviewRescheduled");
    assert_eq!(event["data"]["interview"], 1);
    assert_eq!(event["data"]["moves"], 1);
    assert_eq!(event["data"]["location"], "Video call");

    let status = app
        .read(
            &format!("/api/v1/applications/{id}/status"),
            &applicant,
            position(&moved),
        )
        .await;
    let interviews = status["interviews"].as_array().expect("interviews");
    assert_eq!(interviews.len(), 1, "moved, not added: {status}");
    assert_eq!(interviews[0]["scheduled_for"], "2099-03-02T14:30:00Z");
    assert_eq!(interviews[0]["location"], "Video call");
    assert_eq!(interviews[0]["status"], "scheduled");
    assert_eq!(interviews[0]["moves"], 1);
    assert!(interviews[0]["rescheduled_at"].is_string(), "{status}");

    // A second move counts as the second, and the time alone may move.
    let again = json!({"scheduled_for": "2099-03-03T09:00:00Z", "location": "Video call"});
    let moved = ok(
        app.post(&reschedule_path(&id, 1), &secretariat, &again)
            .await,
        200,
        "move again",
    )
    .await;
    assert_eq!(moved["events"][0]["data"]["moves"], 2);
    let status = app
        .read(
            &format!("/api/v1/applications/{id}/status"),
            &applicant,
            position(&moved),
        )
        .await;
    assert_eq!(
        status["interviews"][0]["scheduled_for"],
        "2099-03-03T09:00:00Z"
    );
    assert_eq!(status["interviews"][0]["moves"], 2);

    // The founders' timeline tells of each move, with the new time and place.
    let timeline = app
        .list(
            &format!("/api/v1/applications/{id}/timeline"),
            &applicant,
            position(&moved),
        )
        .await;
    let summaries: Vec<&str> = timeline
        .as_array()
        .expect("timeline")
        .iter()
        .filter(|entry| entry["event_type"] == "InterviewRescheduled")
        .map(|entry| entry["summary"].as_str().expect("summary"))
        .collect();
    assert_eq!(
        summaries,
        [
            "Interview 1 moved to 2099-03-02 14:30 UTC (Video call)",
            "Interview 1 moved to 2099-03-03 09:00 UTC (Video call)",
        ]
    );
    app.stop().await;
}

#[tokio::test]
async fn a_move_to_the_same_time_and_place_is_a_conflict_and_writes_nothing() {
    let app = spawn_app().await;
    let (_, secretariat, id) = scheduled(&app).await;
    let events = app.event_count().await;

    let same =
        json!({"scheduled_for": "2099-03-01T10:00:00Z", "location": "Rua do Souto 1, Braga"});
    let response = app
        .post(&reschedule_path(&id, 1), &secretariat, &same)
        .await;
    assert_problem(response, 409, "interview-unchanged").await;
    assert_eq!(app.event_count().await, events);
    app.stop().await;
}

#[tokio::test]
async fn a_move_of_an_interview_that_cannot_move_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    let (_, secretariat, id) = scheduled(&app).await;
    let cancelled = app
        .post(
            &format!("/api/v1/applications/{id}/interviews/1/cancel"),
            &secretariat,
            &json!({"reason": "The founders asked to postpone."}),
        )
        .await;
    assert_eq!(cancelled.status(), 200, "cancel");
    let events = app.event_count().await;
    let body = json!({"scheduled_for": "2099-03-02T10:00:00Z", "location": "Braga"});

    let response = app
        .post(&reschedule_path(&id, 1), &secretariat, &body)
        .await;
    assert_problem(response, 409, "interview-not-scheduled").await;
    let response = app
        .post(&reschedule_path(&id, 2), &secretariat, &body)
        .await;
    assert_problem(response, 404, "interview-not-found").await;
    assert_eq!(app.event_count().await, events);
    app.stop().await;
}

#[tokio::test]
async fn a_move_with_a_bad_body_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    let (applicant, secretariat, id) = scheduled(&app).await;
    let events = app.event_count().await;
    let path = reschedule_path(&id, 1);

    let blank = json!({"scheduled_for": "2099-03-02T10:00:00Z", "location": "  "});
    let problem = assert_problem(
        app.post(&path, &secretariat, &blank).await,
        422,
        "invalid-input",
    )
    .await;
    assert_eq!(problem["field"], "location");
    let cases = [
        (json!({"location": "Braga"}), None),
        (
            json!({"scheduled_for": "next Tuesday", "location": "Braga"}),
            Some("scheduled_for"),
        ),
        (
            json!({"scheduled_for": "2099-03-02T10:00:00Z", "location": "Braga", "why": "x"}),
            Some("why"),
        ),
    ];
    for (body, field) in cases {
        let response = app.post(&path, &secretariat, &body).await;
        let problem = assert_problem(response, 422, "invalid-body").await;
        if let Some(field) = field {
            assert_eq!(problem["field"], field, "{problem}");
        }
    }
    let response = app
        .request(
            Method::POST,
            &format!("/api/v1/applications/{id}/interviews/first/reschedule"),
            Some(&secretariat),
        )
        .json(&blank)
        .send()
        .await
        .expect("send");
    assert_problem(response, 400, "bad-request").await;

    // The founders may not move their own interview.
    let body = json!({"scheduled_for": "2099-03-02T10:00:00Z", "location": "Braga"});
    let response = app.post(&path, &applicant, &body).await;
    assert_problem(response, 403, "forbidden").await;
    assert_eq!(app.event_count().await, events);
    app.stop().await;
}

#[tokio::test]
async fn a_move_sent_again_with_its_key_moves_once() {
    let app = spawn_app().await;
    let (_, secretariat, id) = scheduled(&app).await;
    let path = reschedule_path(&id, 1);
    let body = json!({"scheduled_for": "2099-03-02T10:00:00Z", "location": "Braga"});
    let send = || {
        app.request(Method::POST, &path, Some(&secretariat))
            .header("Idempotency-Key", "move-braga-1")
            .json(&body)
            .send()
    };

    let first = send().await.expect("send");
    assert_eq!(first.status(), 200);
    let first: Value = first.json().await.expect("JSON");
    let events = app.event_count().await;
    let again = send().await.expect("send");
    assert_eq!(again.status(), 200, "answered, not refused as unchanged");
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.expect("JSON"), first);
    assert_eq!(app.event_count().await, events, "moved once");

    // A move decided on a version the client did not see is refused.
    let stale = app
        .request(Method::POST, &path, Some(&secretariat))
        .header("If-Match", "\"2\"")
        .json(&json!({"scheduled_for": "2099-03-04T10:00:00Z", "location": "Braga"}))
        .send()
        .await
        .expect("send");
    assert_eq!(stale.status(), 412);
    assert_eq!(app.event_count().await, events);
    app.stop().await;
}
