//! The Prometheus metrics: requests by route template, projection lag, appends.

use charter_tests::{spawn_app, TestApp};
use reqwest::Method;
use uuid::Uuid;

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_show_projection_lag() {
    let app = spawn_app().await;
    let (applicant, opened) = app.open_application("Lisbon").await;
    let id = TestApp::id_of(&applicant);
    let position = opened["position"].as_i64().expect("position");
    for _ in 0..3 {
        app.read(&format!("/api/v1/applications/{id}"), &applicant, position)
            .await;
    }
    let missing = app
        .get(
            &format!("/api/v1/applications/{}", Uuid::new_v4()),
            &applicant,
        )
        .await;
    assert_eq!(missing.status(), 403);

    let response = app
        .request(Method::GET, "/metrics", None)
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .expect("ASCII")
        .starts_with("text/plain; version=0.0.4"));
    let text = response.text().await.expect("text");
    let line = |prefix: &str| {
        text.lines()
            .find(|line| line.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix} in\n{text}"))
            .to_owned()
    };
    let reads = line(
        "charter_http_requests_total{method=\"GET\",route=\"/api/v1/applications/{id}\",status=\"200\"}",
    );
    assert!(reads.ends_with(" 3"), "{reads}");
    line("charter_http_requests_total{method=\"GET\",route=\"/api/v1/applications/{id}\",status=\"403\"} 1");
    line("charter_http_requests_total{method=\"POST\",route=\"/api/v1/applications\",status=\"201\"} 1");
    line("charter_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/applications/{id}\",status=\"200\",le=\"+Inf\"} 3");
    line("charter_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/applications/{id}\",status=\"200\"} 3");
    for projection in [
        "application_summary",
        "application_timeline",
        "deadlines",
        "roster",
        "vote_register",
        "vote_outcomes",
    ] {
        line(&format!(
            "charter_projection_events_behind{{projection=\"{projection}\"}}"
        ));
        line(&format!(
            "charter_projection_seconds_behind{{projection=\"{projection}\"}}"
        ));
    }
    line("charter_worker_healthy{worker=\"scheduler\"");
    // The opening was the one command: one append, alone in its statement.
    line("charter_append_statements_total{aggregate=\"Application\"} 1");
    line("charter_appends_total{aggregate=\"Application\"} 1");
    line("charter_appends_waiting{aggregate=\"Application\"} 0");
    line("charter_appends_total{aggregate=\"CommitteeVote\"} 0");
    assert!(!text.contains(&applicant.token), "no token in metrics");
    app.stop().await;
}
