//! The liveness and readiness probes a deployment polls.

use charter_tests::spawn_app;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;

#[tokio::test]
async fn the_liveness_probe_answers_ok() {
    let app = spawn_app().await;

    let response = app
        .request(Method::GET, "/healthz", None)
        .send()
        .await
        .expect("send");

    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.expect("JSON"),
        json!({"status": "ok"})
    );
}

#[tokio::test]
async fn the_readiness_probe_is_ready_and_lists_every_worker() {
    let app = spawn_app().await;

    let response = app
        .request(Method::GET, "/readyz", None)
        .send()
        .await
        .expect("send");

    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["status"], "ready", "{body}");
    assert_eq!(body["database"], true);
    assert_eq!(body["migrations"], true);
    let names: BTreeSet<&str> = body["projections"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "applicant_status",
            "application_summary",
            "application_timeline",
            "deadlines",
            "roster",
            "hubs",
            "vote_register",
            "vote_outcomes",
            "admissions",
            "notifier",
            "webhooks",
            "scheduler",
            "history"
        ])
    );
}
