//! The expert panel over HTTP: recusal, many panelists reviewing at once, review queues.

use super::steps::{assign, declare_conflict, ok, scores, submit};
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
        .list(
            "/api/v1/applications",
            &ada,
            assigned["position"].as_i64().expect("position"),
        )
        .await;
    assert_eq!(listed.as_array().expect("list").len(), 1);

    let declared = declare_conflict(&app, &ada, &id).await;
    let position = declared["position"].as_i64().expect("position");
    let refused = app
        .get(
            &format!("/api/v1/applications/{id}?min_position={position}"),
            &ada,
        )
        .await;
    assert_eq!(refused.status(), 403);
    let listed = app.list("/api/v1/applications", &ada, position).await;
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

#[tokio::test]
async fn a_panelist_sees_what_awaits_their_review_when_it_is_due_and_their_conflicts() {
    // A strict network: reviews are due the moment a version is submitted.
    let policy = charter_domain::Policy::from_toml(
        &charter_domain::policy::DEFAULT_POLICY.replace("review_days = 30", "review_days = 0"),
    )
    .expect("policy");
    let app = charter_tests::spawn_app_with(|settings| settings.policy = policy).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let ada = app.caller(Role::Panelist, "Ada").await;
    let mut ids = Vec::new();
    let mut applicants = Vec::new();
    for city in ["Lisbon", "Porto", "Braga"] {
        let (applicant, opened) = app.open_application(city).await;
        let id = opened["application_id"].as_str().expect("id").to_owned();
        assign(&app, &secretariat, &id, &ada).await;
        ids.push(id);
        applicants.push(applicant);
    }
    submit(&app, &applicants[0], "preliminary_report", "Lisbon report").await;
    submit(&app, &applicants[1], "preliminary_report", "Porto report").await;
    submit(&app, &applicants[1], "feasibility_study", "Porto study").await;
    super::steps::review(&app, &ada, &ids[0], "preliminary_report", 1, "advance").await;
    let declared = ok(
        app.post(
            &format!("/api/v1/applications/{}/conflicts", ids[2]),
            &ada,
            &json!({"reason": "My cousin."}),
        )
        .await,
        201,
        "conflict",
    )
    .await;

    let queue = app
        .read(
            "/api/v1/reviews/queue",
            &ada,
            declared["position"].as_i64().expect("position"),
        )
        .await;
    let awaiting = queue["awaiting"].as_array().expect("awaiting");
    assert_eq!(awaiting.len(), 2, "{queue}");
    assert!(awaiting
        .iter()
        .all(|item| item["application_id"] == ids[1].as_str() && item["overdue"] == true));
    assert_eq!(queue["reviewed"][0]["application_id"], ids[0].as_str());
    assert_eq!(queue["reviewed"][0]["recommendation"], "advance");
    assert_eq!(queue["conflicts"][0]["application_id"], ids[2].as_str());

    // A new version needs a new review.
    let second = submit(
        &app,
        &applicants[0],
        "preliminary_report",
        "Lisbon report, again",
    )
    .await;
    let queue = app
        .read(
            "/api/v1/reviews/queue",
            &ada,
            second["position"].as_i64().expect("position"),
        )
        .await;
    let lisbon: Vec<_> = queue["awaiting"]
        .as_array()
        .expect("awaiting")
        .iter()
        .filter(|item| item["application_id"] == ids[0].as_str())
        .collect();
    assert_eq!(lisbon.len(), 1);
    assert_eq!(lisbon[0]["version"], 2);
    assert_eq!(queue["reviewed"], json!([]));
    let refused = app.get("/api/v1/reviews/queue", &secretariat).await;
    assert_eq!(refused.status(), 403);
    app.stop().await;
}
