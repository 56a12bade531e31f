//! What a request names must exist: an application, an interview, a review, a panelist.

use super::{command, opened, APPLICATIONS};
use charter_domain::Role;
use charter_tests::{assert_problem, spawn_app};
use serde_json::json;
use uuid::Uuid;

#[tokio::test]
async fn an_application_that_does_not_exist_is_not_found() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let id = Uuid::new_v4();

    for tail in ["", "/timeline", "/documents"] {
        let response = app
            .get(&format!("{APPLICATIONS}/{id}{tail}"), &secretariat)
            .await;
        assert_problem(response, 404, "not-found").await;
    }
    let response = command(&app, &secretariat, id, "eligibility", json!({})).await;
    assert_problem(response, 404, "application-not-found").await;
    assert_eq!(app.application_event_count().await, 0);
}

#[tokio::test]
async fn an_interview_or_review_that_does_not_exist_is_not_found() {
    let app = spawn_app().await;
    let (_, id, secretariat) = opened(&app).await;
    let panelist = app.caller(Role::Panelist, "Paula Panel").await;
    let seat = json!({"panelist_id": panelist.person.0});
    let assigned = command(&app, &secretariat, id, "panelists", seat).await;
    assert_eq!(assigned.status(), 201, "assign");
    let before = app.event_count().await;

    let reason = json!({"reason": "Illness"});
    let response = command(&app, &secretariat, id, "interviews/7/cancel", reason).await;
    assert_problem(response, 404, "interview-not-found").await;
    let scores = json!({"team": 3, "community": 3, "feasibility": 3, "impact": 3});
    let revision = json!({"scores": scores, "recommendation": "revise", "comments": "Hm"});
    let response = command(&app, &panelist, id, "reviews/3/revisions", revision).await;
    assert_problem(response, 404, "review-not-found").await;
    assert_eq!(app.event_count().await, before);
}

#[tokio::test]
async fn assigning_someone_who_is_not_a_panelist_is_unprocessable() {
    let app = spawn_app().await;
    let (applicant, id, secretariat) = opened(&app).await;
    let before = app.event_count().await;

    for person in [Uuid::new_v4(), applicant.person.0, secretariat.person.0] {
        let seat = json!({"panelist_id": person});
        let response = command(&app, &secretariat, id, "panelists", seat).await;
        let problem = assert_problem(response, 422, "invalid-body").await;
        assert_eq!(problem["field"], "panelist_id");
    }
    assert_eq!(app.event_count().await, before);
}
