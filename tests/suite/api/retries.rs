//! Commands that can be retried: `Idempotency-Key` answers a request once, `If-Match`
//! refuses a command decided on a version the client did not see.

use super::steps::grant_eligibility;
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use reqwest::{Method, Response};
use serde_json::{json, Value};

pub(super) async fn post_with(
    app: &TestApp,
    path: &str,
    caller: &Caller,
    body: &Value,
    headers: &[(&str, &str)],
) -> Response {
    let mut request = app.request(Method::POST, path, Some(caller)).json(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("send")
}

/// A new application's interview route, and a body that schedules one there.
pub(super) async fn interview_route(app: &TestApp) -> (String, Value) {
    let (_, opened) = app.open_application("Braga").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let path = format!("/api/v1/applications/{id}/interviews");
    let body = json!({"scheduled_for": "2099-03-01T10:00:00Z", "location": "Braga"});
    (path, body)
}

pub(super) async fn problem_type(response: Response) -> String {
    let body: Value = response.json().await.expect("JSON");
    body["type"].as_str().expect("type").to_owned()
}

#[tokio::test]
async fn a_request_sent_again_with_its_key_is_answered_once() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let (_, opened) = app.open_application("Lisbon").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let path = format!("/api/v1/applications/{id}/interviews");
    let body = json!({"scheduled_for": "2099-03-01T10:00:00Z", "location": "Lisbon"});
    let key = [("Idempotency-Key", "schedule-lisbon-1")];

    let first = post_with(&app, &path, &secretariat, &body, &key).await;
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let location = first.headers()["location"].clone();
    let first: Value = first.json().await.expect("JSON");
    let events = app.event_count().await;

    for _ in 0..3 {
        let again = post_with(&app, &path, &secretariat, &body, &key).await;
        assert_eq!(again.status(), 201);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.headers()["location"], location);
        let again: Value = again.json().await.expect("JSON");
        assert_eq!(again, first, "the first answer, word for word");
    }
    assert_eq!(app.event_count().await, events, "nothing written again");

    // The same key with another body is refused, and writes nothing.
    let other = json!({"scheduled_for": "2099-04-01T10:00:00Z", "location": "Lisbon"});
    let refused = post_with(&app, &path, &secretariat, &other, &key).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        problem_type(refused).await,
        "urn:charter:problem:idempotency-key-reused"
    );
    // ...and so is the same body on another route.
    let elsewhere = post_with(
        &app,
        &format!("/api/v1/applications/{id}/eligibility"),
        &secretariat,
        &body,
        &key,
    )
    .await;
    assert_eq!(elsewhere.status(), 422);
    assert_eq!(app.event_count().await, events);

    // A key is the sender's own: another person's identical key is another request.
    let colleague = app.caller(Role::Secretariat, "Sofia Staff").await;
    let events = app.event_count().await;
    let theirs = post_with(&app, &path, &colleague, &body, &key).await;
    assert_eq!(theirs.status(), 201);
    assert!(theirs.headers().get("idempotent-replayed").is_none());
    assert_eq!(app.event_count().await, events + 1);

    // The events of a keyed request carry the key.
    let keyed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM events WHERE metadata ->> 'idempotency_key' = 'schedule-lisbon-1'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("count");
    assert_eq!(keyed, 2);
    app.stop().await;
}

#[tokio::test]
async fn a_refused_request_keeps_no_answer_and_an_unusable_key_is_refused() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let (_, opened) = app.open_application("Porto").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let path = format!("/api/v1/applications/{id}/advance");
    let body = json!({"to": "pre_candidate"});
    let key = [("Idempotency-Key", "advance-porto")];

    let refused = post_with(&app, &path, &secretariat, &body, &key).await;
    assert_eq!(refused.status(), 409, "not yet eligible");
    let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM idempotency_keys")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(kept, 0, "a refusal wrote nothing and keeps no answer");
    // Once the application is eligible, the same request with the same key is decided
    // anew (and refused for what the gate still misses, not replayed).
    grant_eligibility(&app, &secretariat, &id).await;
    let again = post_with(&app, &path, &secretariat, &body, &key).await;
    assert_eq!(again.status(), 422);
    assert!(again.headers().get("idempotent-replayed").is_none());

    let events = app.event_count().await;
    let long = "k".repeat(256);
    for bad in [long.as_str(), "two words", ""] {
        let response = post_with(
            &app,
            &format!("/api/v1/applications/{id}/interviews"),
            &secretariat,
            &json!({"scheduled_for": "2099-03-01T10:00:00Z", "location": "Porto"}),
            &[("Idempotency-Key", bad)],
        )
        .await;
        assert_eq!(response.status(), 400, "key {bad:?}");
    }
    assert_eq!(app.event_count().await, events);
    app.stop().await;
}

#[tokio::test]
async fn concurrent_requests_with_one_key_write_once() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let (_, opened) = app.open_application("Faro").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let path = format!("/api/v1/applications/{id}/interviews");
    let body = json!({"scheduled_for": "2099-03-01T10:00:00Z", "location": "Faro"});
    let events = app.event_count().await;

    let sends = (0..8).map(|_| {
        post_with(
            &app,
            &path,
            &secretariat,
            &body,
            &[("Idempotency-Key", "faro-once")],
        )
    });
    let responses = futures::future::join_all(sends).await;
    let mut answers = Vec::new();
    for response in responses {
        match response.status().as_u16() {
            201 => answers.push(response.json::<Value>().await.expect("JSON")),
            409 => assert_eq!(
                problem_type(response).await,
                "urn:charter:problem:idempotency-key-in-flight"
            ),
            other => panic!("unexpected {other}"),
        }
    }
    assert!(!answers.is_empty());
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "one answer");
    assert_eq!(
        app.event_count().await,
        events + 1,
        "one interview scheduled"
    );
    app.stop().await;
}

#[tokio::test]
async fn if_match_refuses_a_command_decided_on_a_version_the_client_did_not_see() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let (_, opened) = app.open_application("Coimbra").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let read = app
        .request(
            Method::GET,
            &format!(
                "/api/v1/applications/{id}?min_position={}",
                opened["position"]
            ),
            Some(&secretariat),
        )
        .send()
        .await
        .expect("send");
    assert_eq!(read.headers()["etag"], "\"1\"");
    let path = format!("/api/v1/applications/{id}/eligibility");
    let events = app.event_count().await;

    let stale = post_with(
        &app,
        &path,
        &secretariat,
        &json!({}),
        &[("If-Match", "\"0\"")],
    )
    .await;
    assert_eq!(stale.status(), 412);
    assert_eq!(
        problem_type(stale).await,
        "urn:charter:problem:precondition-failed"
    );
    // RFC 9110: what is not a list of entity tags is bad syntax; a weak tag, or a tag no
    // version has, is well formed but never matches, so the command is refused as stale.
    for bad in ["seven", "\"1", "W/1"] {
        let response = post_with(&app, &path, &secretariat, &json!({}), &[("If-Match", bad)]).await;
        assert_eq!(response.status(), 400, "If-Match {bad}");
    }
    for unmatched in ["\"-1\"", "W/\"1\"", "\"view-1\", W/\"1\""] {
        let response = post_with(
            &app,
            &path,
            &secretariat,
            &json!({}),
            &[("If-Match", unmatched)],
        )
        .await;
        assert_eq!(response.status(), 412, "If-Match {unmatched}");
    }
    assert_eq!(app.event_count().await, events, "nothing written");

    // A list matches when any of its tags does.
    let granted = post_with(
        &app,
        &path,
        &secretariat,
        &json!({}),
        &[("If-Match", "\"0\", \"1\"")],
    )
    .await;
    assert_eq!(granted.status(), 200);
    assert_eq!(granted.headers()["etag"], "\"2\"");
    // The version it was granted on is now stale.
    let again = post_with(
        &app,
        &format!("/api/v1/applications/{id}/rejection"),
        &secretariat,
        &json!({"reason": "Second thoughts"}),
        &[("If-Match", "\"1\"")],
    )
    .await;
    assert_eq!(again.status(), 412);
    assert_eq!(app.event_count().await, events + 1);
    app.stop().await;
}

#[tokio::test]
async fn a_failed_requests_claim_is_released_only_if_no_event_carries_its_key() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let (path, body) = interview_route(&app).await;
    let done = post_with(
        &app,
        &path,
        &secretariat,
        &body,
        &[("Idempotency-Key", "took-effect")],
    )
    .await;
    assert_eq!(done.status(), 201);
    // As if its answer had been a failure after the append committed.
    sqlx::query(
        "UPDATE idempotency_keys SET status = NULL, headers = NULL, body = NULL
         WHERE key = 'took-effect'",
    )
    .execute(&app.pool)
    .await
    .expect("unanswered");
    sqlx::query(
        "INSERT INTO idempotency_keys (person_id, key, fingerprint)
         SELECT person_id, 'wrote-nothing', fingerprint FROM idempotency_keys
         WHERE key = 'took-effect'",
    )
    .execute(&app.pool)
    .await
    .expect("a claim without events");
    let person = secretariat.person.0;

    for key in ["took-effect", "wrote-nothing"] {
        charter_api::http::idempotency::release(&app.pool, person, key)
            .await
            .expect("release");
    }

    let left: Vec<String> =
        sqlx::query_scalar("SELECT key FROM idempotency_keys WHERE person_id = $1 ORDER BY key")
            .bind(person)
            .fetch_all(&app.pool)
            .await
            .expect("claims");
    assert_eq!(left, vec!["took-effect".to_owned()]);
    app.stop().await;
}
