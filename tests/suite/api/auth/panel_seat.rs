//! 403 for a panelist not (or no longer) sitting on an application's panel.

use super::matrix::{routes, Body};
use super::{call, Credentials};
use charter_domain::Role;
use charter_tests::{assert_problem_about, spawn_app, Caller, TestApp};
use reqwest::Response;
use serde_json::{json, Value};
use uuid::Uuid;

/// The reads of one application, as an unseated panelist gets them: 403 on each, and
/// nothing in the list once the read models have reached `position`.
async fn assert_shut_out(app: &TestApp, id: Uuid, panelist: &Caller, position: i64) {
    for route in routes(id).iter().filter(|r| r.is_read_of_one_application()) {
        // Access follows the read models, so ask once they know the panel as of `position`.
        let path = format!("{}?min_position={position}", route.path);
        let response = app.get(&path, panelist).await;
        let body = assert_problem_about(response, 403, "forbidden", &route.to_string()).await;
        let detail = body["detail"].as_str().expect("a detail");
        let expected = "a panelist sees only the applications whose panel they sit on";
        assert!(detail.starts_with(expected), "{route}: {detail}");
    }
    let listed = app.list("/api/v1/applications", panelist, position).await;
    assert_eq!(listed, json!([]), "the panelist lists nothing");
}

/// The position of the event an accepted command wrote.
async fn position_of(response: Response) -> i64 {
    assert!(response.status().is_success(), "{}", response.status());
    let accepted: Value = response.json().await.expect("JSON");
    accepted["position"].as_i64().expect("a position")
}

/// An application with a document, a panelist and the secretariat; the upload's position.
async fn application_with_a_document(app: &TestApp) -> (Uuid, Caller, Caller, i64) {
    let (applicant, _) = app.open_application("Lisbon").await;
    let id = TestApp::id_of(&applicant);
    let upload = routes(id)
        .into_iter()
        .find(|route| matches!(route.body, Body::File(..)))
        .expect("the upload route");
    let uploaded = call(app, &upload, Credentials::Token(&applicant)).await;
    let position = position_of(uploaded).await;
    let panelist = app.caller(Role::Panelist, "Paula Panel").await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    (id, panelist, secretariat, position)
}

#[tokio::test]
async fn a_panelist_reads_an_application_only_once_assigned_to_it() {
    let app = spawn_app().await;
    let (id, panelist, secretariat, uploaded) = application_with_a_document(&app).await;
    let before = app.event_count().await;

    assert_shut_out(&app, id, &panelist, uploaded).await;
    assert_eq!(app.event_count().await, before);

    let path = format!("/api/v1/applications/{id}/panelists");
    let seat = json!({"panelist_id": panelist.person.0});
    let position = position_of(app.post(&path, &secretariat, &seat).await).await;
    for route in routes(id).iter().filter(|r| r.is_read_of_one_application()) {
        let path = format!("{}?min_position={position}", route.path);
        let response = app.get(&path, &panelist).await;
        assert_eq!(response.status(), 200, "{route} once assigned");
    }
    let listed = app.list("/api/v1/applications", &panelist, position).await;
    assert_eq!(listed[0]["application_id"], json!(id));
}

#[tokio::test]
async fn a_panelist_who_declares_a_conflict_may_no_longer_read_the_application() {
    let app = spawn_app().await;
    let (id, panelist, secretariat, _) = application_with_a_document(&app).await;
    let path = format!("/api/v1/applications/{id}/panelists");
    let seat = json!({"panelist_id": panelist.person.0});
    position_of(app.post(&path, &secretariat, &seat).await).await;

    let path = format!("/api/v1/applications/{id}/conflicts");
    let reason = json!({"reason": "I mentored the founders"});
    let position = position_of(app.post(&path, &panelist, &reason).await).await;

    assert_shut_out(&app, id, &panelist, position).await;
}
