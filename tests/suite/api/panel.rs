//! The expert panel over HTTP: recusal, and many panelists reviewing at once.

use super::steps::{assign, ok, scores, submit};
use charter_domain::Role;
use charter_tests::spawn_app;
use serde_json::json;

#[tokio::test]
async fn a_panelist_who_declares_a_conflict_no_longer_sees_the_application() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let ada = app.caller(Role::Panelist, "Ada").await;
    let (_, opened) = app.open_application("Aveiro").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let assigned = assign(&app, &secretariat, &id, &ada).await;
    app.read(
        &format!("/api/v1/applications/{id}"),
        &ada,
        assigned["position"].as_i64().expect("position"),
    )
    .await;
    let listed = app
        .read(
            "/api/v1/applications",
            &ada,
            assigned["position"].as_i64().expect("position"),
        )
        .await;
    assert_eq!(listed.as_array().expect("list").len(), 1);

    let declared = ok(
        app.post(
            &format!("/api/v1/applications/{id}/conflicts"),
            &ada,
            &json!({"reason": "I advised the founders last year."}),
        )
        .await,
        201,
        "declare conflict",
    )
    .await;
    let position = declared["position"].as_i64().expect("position");
    let refused = app
        .get(
            &format!("/api/v1/applications/{id}?min_position={position}"),
            &ada,
        )
        .await;
    assert_eq!(refused.status(), 403);
    let listed = app.read("/api/v1/applications", &ada, position).await;
    assert_eq!(listed, json!([]));
    let review = app
        .post(
            &format!("/api/v1/applications/{id}/reviews"),
            &ada,
            &json!({"document_kind": "preliminary_report", "document_version": 1, "scores": scores(),
                    "recommendation": "advance", "comments": "Should not be possible."}),
        )
        .await;
    assert_eq!(review.status(), 403);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panelists_reviewing_the_same_application_at_once_are_all_recorded_once() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let (applicant, opened) = app.open_application("Coimbra").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    submit(&app, &applicant, "preliminary_report", "the report").await;
    let mut panelists = Vec::new();
    for n in 0..20 {
        let panelist = app.caller(Role::Panelist, &format!("Panelist {n}")).await;
        assign(&app, &secretariat, &id, &panelist).await;
        panelists.push(panelist);
    }
    let before = app.event_count().await;
    let path = format!("/api/v1/applications/{id}/reviews");
    let body = json!({"document_kind": "preliminary_report", "document_version": 1, "scores": scores(),
                      "recommendation": "advance", "comments": "Concurrent read."});
    let filings = panelists
        .iter()
        .map(|panelist| app.post(&path, panelist, &body));
    let responses = futures::future::join_all(filings).await;
    let mut numbers = Vec::new();
    for response in responses {
        let body = ok(response, 201, "concurrent review").await;
        numbers.push(
            body["events"][0]["data"]["review"]
                .as_u64()
                .expect("number"),
        );
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=20).collect::<Vec<u64>>());
    assert_eq!(app.event_count().await, before + 20);
    app.stop().await;
}
