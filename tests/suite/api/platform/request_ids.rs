//! The request id that ties a response to its events, its timeline and its problem body.

use crate::api::steps::opening;
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, RequestBuilder, Response};
use serde_json::{json, Value};
use uuid::Uuid;

const REQUEST_ID: &str = "x-request-id";

fn request_id_of(response: &Response) -> String {
    response.headers()[REQUEST_ID]
        .to_str()
        .expect("ASCII")
        .to_owned()
}

/// The request ids the events of application `id` were recorded under.
async fn recorded_request_ids(app: &TestApp, id: Uuid) -> Vec<Option<String>> {
    sqlx::query_scalar(
        "SELECT metadata->>'request_id' FROM events WHERE aggregate_id = $1 ORDER BY sequence",
    )
    .bind(id.to_string())
    .fetch_all(&app.pool)
    .await
    .expect("read the events")
}

#[tokio::test]
async fn a_clients_request_id_is_echoed_and_recorded_with_the_events_and_timeline() {
    let app = spawn_app().await;
    let applicant = app.applicant("Ana Sousa").await;
    let id = TestApp::id_of(&applicant);

    let response = app
        .request(Method::POST, "/api/v1/applications", Some(&applicant))
        .header(REQUEST_ID, "test-req-42")
        .json(&opening())
        .send()
        .await
        .expect("send");

    assert_eq!(response.status(), 201);
    assert_eq!(request_id_of(&response), "test-req-42");
    let accepted: Value = response.json().await.expect("JSON");
    assert_eq!(
        recorded_request_ids(&app, id).await,
        [Some("test-req-42".to_owned())]
    );
    let timeline = app
        .list(
            &format!("/api/v1/applications/{id}/timeline"),
            &applicant,
            accepted["position"].as_i64().expect("a position"),
        )
        .await;
    assert_eq!(timeline[0]["request_id"], "test-req-42", "{timeline}");
}

#[tokio::test]
async fn an_unacceptable_request_id_is_replaced_by_a_generated_one() {
    let app = spawn_app().await;
    let applicant = app.applicant("Ana Sousa").await;
    let id = TestApp::id_of(&applicant);
    let too_long = "a".repeat(300);

    let response = app
        .request(Method::POST, "/api/v1/applications", Some(&applicant))
        .header(REQUEST_ID, &too_long)
        .json(&opening())
        .send()
        .await
        .expect("send");

    assert_eq!(response.status(), 201);
    let generated = request_id_of(&response);
    assert!(Uuid::parse_str(&generated).is_ok(), "{generated}");
    assert_eq!(recorded_request_ids(&app, id).await, [Some(generated)]);
    for unacceptable in ["", "has spaces", "<script>", "naïve", &"b".repeat(129)] {
        let response = app
            .request(Method::GET, "/healthz", None)
            .header(REQUEST_ID, unacceptable)
            .send()
            .await
            .expect("send");
        let replaced = request_id_of(&response);
        assert!(
            Uuid::parse_str(&replaced).is_ok(),
            "{unacceptable:?} became {replaced}"
        );
    }
    let longest = "c".repeat(128);
    let response = app
        .request(Method::GET, "/healthz", None)
        .header(REQUEST_ID, &longest)
        .send()
        .await
        .expect("send");
    assert_eq!(request_id_of(&response), longest, "128 characters are kept");
}

#[tokio::test]
async fn every_problem_body_quotes_the_request_id_of_its_response() {
    let app = spawn_app().await;
    let (applicant, _) = app.open_application("Lisbon").await;
    let committee = app.caller(Role::Committee, "Carlos Committee").await;
    // Reads no read model to let the caller in (a committee read waits for the seat).
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let id = TestApp::id_of(&applicant);
    let application = format!("/api/v1/applications/{id}");
    let post = |path: &str, caller: Option<&Caller>| app.request(Method::POST, path, caller);
    let get = |path: &str, caller: Option<&Caller>| app.request(Method::GET, path, caller);
    let cases: Vec<(u16, RequestBuilder)> = vec![
        (
            400,
            post("/api/v1/applications", Some(&applicant))
                .header(CONTENT_TYPE, "application/json")
                .body("{"),
        ),
        (401, get("/api/v1/applications", None)),
        (
            403,
            post(&format!("{application}/withdrawal"), Some(&committee)).json(&json!({})),
        ),
        (404, get("/api/v1/nowhere", Some(&committee))),
        (
            404,
            get(
                &format!("/api/v1/applications/{}", Uuid::new_v4()),
                Some(&secretariat),
            ),
        ),
        (
            405,
            app.request(Method::DELETE, &application, Some(&committee)),
        ),
        (
            409,
            post("/api/v1/applications", Some(&applicant)).json(&opening()),
        ),
        (
            415,
            post("/api/v1/applications", Some(&applicant)).body("{}"),
        ),
        (
            422,
            post("/api/v1/applications", Some(&applicant)).json(&json!({"city": 1})),
        ),
    ];

    for (status, request) in cases {
        for client_id in [None, Some("trace-me-7")] {
            let request = request.try_clone().expect("a cloneable request");
            let request = match client_id {
                Some(client_id) => request.header(REQUEST_ID, client_id),
                None => request,
            };
            let response = request.send().await.expect("send");
            assert_eq!(response.status(), status);
            let header = request_id_of(&response);
            if let Some(client_id) = client_id {
                assert_eq!(header, client_id);
            }
            assert_eq!(
                response.headers()[CONTENT_TYPE],
                "application/problem+json",
                "{status}"
            );
            let body: Value = response.json().await.expect("a problem body");
            assert_eq!(body["request_id"], header, "{status}: {body}");
        }
    }
}
