//! A path, a query or a method the API does not take.

use super::{opened, APPLICATIONS};
use charter_domain::Role;
use charter_tests::{assert_problem, spawn_app};
use reqwest::header::ALLOW;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_path_id_that_is_not_a_uuid_is_a_bad_request() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;

    for path in [
        "/api/v1/applications/lisbon",
        "/api/v1/applications/12345/timeline",
    ] {
        let response = app.get(path, &secretariat).await;
        assert_problem(response, 400, "bad-request").await;
    }
    let path = "/api/v1/applications/lisbon/eligibility";
    let response = app.post(path, &secretariat, &json!({})).await;
    assert_problem(response, 400, "bad-request").await;
    assert_eq!(app.application_event_count().await, 0);
}

#[tokio::test]
async fn an_unknown_or_malformed_query_parameter_is_a_bad_request() {
    let app = spawn_app().await;
    let (_, id, secretariat) = opened(&app).await;
    let before = app.event_count().await;

    for query in ["?colour=red", "?stage=dreaming", "?limit=ten"] {
        let response = app
            .get(&format!("{APPLICATIONS}{query}"), &secretariat)
            .await;
        assert_problem(response, 400, "bad-request").await;
    }
    for tail in [
        "?verbose=true",
        "/timeline?page=2",
        "/documents?kind=future_plan",
    ] {
        let response = app
            .get(&format!("{APPLICATIONS}/{id}{tail}"), &secretariat)
            .await;
        assert_problem(response, 400, "bad-request").await;
    }
    for (query, field) in [
        ("?limit=0", "limit"),
        ("?limit=501", "limit"),
        ("?offset=-1", "offset"),
    ] {
        let response = app
            .get(&format!("{APPLICATIONS}{query}"), &secretariat)
            .await;
        let problem = assert_problem(response, 400, "bad-request").await;
        assert_eq!(problem["field"], field, "{query}");
    }
    assert_eq!(app.event_count().await, before);
}

#[tokio::test]
async fn an_unknown_route_is_a_not_found_problem() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;

    for caller in [Some(&secretariat), None] {
        for path in ["/api/v1/nowhere", "/api/v2/applications", "/api/v1"] {
            let request = app.request(Method::GET, path, caller);
            let response = request.send().await.expect("send");
            assert_problem(response, 404, "not-found").await;
        }
    }
}

#[tokio::test]
async fn a_method_the_route_does_not_take_is_a_method_not_allowed_problem() {
    let app = spawn_app().await;
    let (_, id, secretariat) = opened(&app).await;
    let before = app.event_count().await;
    let cases = [
        (Method::DELETE, String::new(), &["GET", "POST"][..]),
        (Method::PUT, format!("/{id}"), &["GET"]),
        (Method::GET, format!("/{id}/eligibility"), &["POST"]),
    ];

    for (method, tail, allowed) in cases {
        let path = format!("{APPLICATIONS}{tail}");
        let request = app.request(method.clone(), &path, Some(&secretariat));
        let response = request.send().await.expect("send");
        let allow = response.headers().get(ALLOW).cloned();
        assert_problem(response, 405, "method-not-allowed").await;
        let allow = allow.expect("an Allow header");
        let allow: Vec<&str> = allow
            .to_str()
            .expect("ASCII")
            .split(',')
            .map(str::trim)
            .collect();
        for method in allowed {
            assert!(
                allow.contains(method),
                "{path}: Allow {allow:?} names {method}"
            );
        }
        assert!(!allow.contains(&method.as_str()), "{path}: Allow {allow:?}");
    }
    assert_eq!(app.event_count().await, before);
}

#[tokio::test]
async fn a_min_position_no_event_has_is_a_bad_request() {
    let app = spawn_app().await;
    let (_, id, secretariat) = opened(&app).await;

    for path in [
        format!("{APPLICATIONS}/{id}?min_position=999999"),
        format!("{APPLICATIONS}/{id}/timeline?min_position=-1"),
        format!("{APPLICATIONS}?min_position=424242"),
    ] {
        let response = app.get(&path, &secretariat).await;
        let problem = assert_problem(response, 400, "bad-request").await;
        assert_eq!(problem["field"], "min_position", "{path}");
    }
    // 0 is before every event: nothing to wait for.
    let response = app
        .get(&format!("{APPLICATIONS}?min_position=0"), &secretariat)
        .await;
    assert_eq!(response.status(), 200);
}
