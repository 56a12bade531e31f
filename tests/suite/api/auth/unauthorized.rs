//! 401: no token, a garbage or malformed one, a revoked or expired one; nothing written.

use super::matrix::routes;
use super::{assert_unauthorized, call, Credentials};
use charter_domain::Role;
use charter_tests::{spawn_app, TestApp};
use reqwest::header::HeaderValue;
use reqwest::Method;
use serde_json::Value;

#[tokio::test]
async fn every_route_refuses_a_request_without_a_token() {
    let app = spawn_app().await;
    let (applicant, _) = app.open_application("Lisbon").await;
    let before = app.event_count().await;

    for route in routes(TestApp::id_of(&applicant)) {
        let response = call(&app, &route, Credentials::None).await;
        assert_unauthorized(response, &route.to_string()).await;
    }
    assert_eq!(app.event_count().await, before);
}

#[tokio::test]
async fn every_route_refuses_a_garbage_token_and_a_malformed_authorization_header() {
    let app = spawn_app().await;
    let (applicant, _) = app.open_application("Lisbon").await;
    let before = app.event_count().await;
    let headers = [
        HeaderValue::from_static("Bearer not-a-token"),
        HeaderValue::from_str(&format!("Bearer chr_{}", "0".repeat(64))).expect("header"),
        // A real token, but not presented as a bearer token.
        HeaderValue::from_str(&applicant.token).expect("header"),
        HeaderValue::from_str(&format!("Basic {}", applicant.token)).expect("header"),
        HeaderValue::from_static("Bearer"),
        HeaderValue::from_static("Bearer   "),
        HeaderValue::from_bytes(b"Bearer \xff\xfe").expect("obs-text is a valid header"),
    ];

    for route in routes(TestApp::id_of(&applicant)) {
        for header in &headers {
            let response = call(&app, &route, Credentials::Header(header.clone())).await;
            assert_unauthorized(response, &format!("{route} with {header:?}")).await;
        }
    }
    assert_eq!(app.event_count().await, before);
}

#[tokio::test]
async fn a_revoked_token_and_an_expired_token_are_refused_on_every_route() {
    let app = spawn_app().await;
    let (applicant, opened) = app.open_application("Lisbon").await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let id = TestApp::id_of(&applicant);
    let position = opened["position"].as_i64().expect("a position");
    for caller in [&applicant, &secretariat] {
        // Works until it does not.
        app.read(&format!("/api/v1/applications/{id}"), caller, position)
            .await;
    }
    // Revoked by another member of the secretariat, as the product does it.
    let admin = app.caller(Role::Secretariat, "Alex Admin").await;
    let listed = app
        .get(
            &format!("/api/v1/people/{}/tokens", secretariat.person),
            &admin,
        )
        .await;
    assert_eq!(listed.status(), 200, "list tokens");
    let tokens: Value = listed.json().await.expect("JSON");
    let token = tokens["items"][0]["token_id"].as_str().expect("a token id");
    let revoked = app
        .request(
            Method::POST,
            &format!("/api/v1/tokens/{token}/revoke"),
            Some(&admin),
        )
        .send()
        .await
        .expect("send");
    assert_eq!(revoked.status(), 200, "revoke");
    // The applicant's token, used again, is kept by the server's cache. (The notifications
    // of the changes above, the revocation's among them, may still arrive and empty the
    // cache after the first use: it is used until one is kept.)
    let applicants = charter_api::auth::hash_token(&applicant.token);
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        app.token_cache_serving(None).await;
        app.read(&format!("/api/v1/applications/{id}"), &applicant, position)
            .await;
        if app.state.tokens.holds(&applicants) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "never kept after its check"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    // ...and expired outside the server, which hears of it by notification.
    let heard = app.state.tokens.generation();
    sqlx::query(
        "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE person_id = $1",
    )
    .bind(applicant.person.0)
    .execute(&app.pool)
    .await
    .expect("expire");
    app.token_change_heard(heard).await;
    let before = app.event_count().await;

    for route in routes(id) {
        for (caller, how) in [(&secretariat, "revoked"), (&applicant, "expired")] {
            let response = call(&app, &route, Credentials::Token(caller)).await;
            assert_unauthorized(response, &format!("{route} with a {how} token")).await;
        }
    }
    assert_eq!(app.event_count().await, before);
}
