//! What every deployment relies on besides the routes themselves: health, readiness, the
//! OpenAPI document and its page, and the request id that ties a response to its events.

use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, RequestBuilder, Response};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use uuid::Uuid;

const REQUEST_ID: &str = "x-request-id";

/// A valid body for `POST /api/v1/applications`.
fn opening() -> Value {
    json!({
        "city": "Lisbon",
        "country": "PT",
        "hub_name": "Impact Hub Lisbon",
        "founders": [{"name": "Ana Sousa", "email": "ana@lisbon.example"}],
    })
}

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
            "roster",
            "vote_register",
            "vote_outcomes",
            "scheduler"
        ])
    );
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_the_bearer_scheme() {
    let app = spawn_app().await;
    let expected = [
        ("/api/v1/applications", &["get", "post"][..]),
        ("/api/v1/applications/{id}", &["get"]),
        ("/api/v1/applications/{id}/timeline", &["get"]),
        ("/api/v1/applications/{id}/status", &["get"]),
        ("/api/v1/audit/verify", &["get"]),
        ("/api/v1/applications/{id}/documents", &["get", "post"]),
        (
            "/api/v1/applications/{id}/documents/{kind}/{version}",
            &["get"],
        ),
        ("/api/v1/applications/{id}/revision-requests", &["post"]),
        ("/api/v1/applications/{id}/panelists", &["post"]),
        ("/api/v1/applications/{id}/conflicts", &["post"]),
        ("/api/v1/applications/{id}/reviews", &["post"]),
        (
            "/api/v1/applications/{id}/reviews/{review}/revisions",
            &["post"],
        ),
        (
            "/api/v1/applications/{id}/reviews/{review}/release",
            &["post"],
        ),
        ("/api/v1/applications/{id}/interviews", &["post"]),
        (
            "/api/v1/applications/{id}/interviews/{interview}/record",
            &["post"],
        ),
        (
            "/api/v1/applications/{id}/interviews/{interview}/cancel",
            &["post"],
        ),
        ("/api/v1/applications/{id}/eligibility", &["post"]),
        ("/api/v1/applications/{id}/advance", &["post"]),
        ("/api/v1/applications/{id}/rejection", &["post"]),
        ("/api/v1/applications/{id}/withdrawal", &["post"]),
        ("/api/v1/applications/{id}/signatures", &["post"]),
        ("/api/v1/applications/{id}/appeals", &["post"]),
        ("/api/v1/applications/{id}/audit", &["get"]),
        ("/api/v1/votes", &["get", "post"]),
        ("/api/v1/dashboard", &["get"]),
        ("/api/v1/reviews/queue", &["get"]),
        ("/api/v1/exports/votes.csv", &["get"]),
        ("/api/v1/exports/pipeline.csv", &["get"]),
        ("/api/v1/votes/{id}", &["get"]),
        ("/api/v1/votes/{id}/ballots", &["post"]),
        ("/api/v1/votes/{id}/recusals", &["post"]),
        ("/api/v1/votes/{id}/close", &["post"]),
        ("/api/v1/people", &["get", "post"]),
        ("/api/v1/people/{id}", &["get"]),
        ("/api/v1/people/{id}/votes", &["get"]),
        ("/api/v1/people/{id}/committee-seat", &["post"]),
        ("/api/v1/people/{id}/committee-seat/end", &["post"]),
        ("/api/v1/people/{id}/panel-pool", &["post"]),
        ("/api/v1/people/{id}/panel-pool/leave", &["post"]),
        ("/api/v1/people/{id}/erasure", &["post"]),
        ("/api/v1/people/{id}/tokens", &["get"]),
        ("/api/v1/tokens/{id}/revoke", &["post"]),
        ("/healthz", &["get"]),
        ("/readyz", &["get"]),
    ];

    let response = app
        .request(Method::GET, "/api/openapi.json", None)
        .send()
        .await
        .expect("send");

    assert_eq!(response.status(), 200);
    let document: Value = response.json().await.expect("valid JSON");
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().expect("paths");
    for (path, methods) in expected {
        let item = paths
            .get(path)
            .unwrap_or_else(|| panic!("{path} is documented"));
        for method in methods {
            assert!(item.get(*method).is_some(), "{method} {path} is documented");
        }
    }
    assert_eq!(
        paths.len(),
        expected.len(),
        "no undocumented extras: {:?}",
        paths.keys()
    );
    let bearer = &document["components"]["securitySchemes"]["bearer"];
    assert_eq!(bearer["type"], "http", "{bearer}");
    assert_eq!(bearer["scheme"], "bearer", "{bearer}");
}

#[tokio::test]
async fn the_api_page_serves_html() {
    let app = spawn_app().await;

    for path in ["/docs/", "/docs"] {
        let response = app
            .request(Method::GET, path, None)
            .send()
            .await
            .expect("send");
        assert_eq!(response.status(), 200, "{path}");
        let media_type = response.headers()[CONTENT_TYPE]
            .to_str()
            .expect("ASCII")
            .to_owned();
        assert!(media_type.starts_with("text/html"), "{path}: {media_type}");
        let page = response.text().await.expect("the page");
        assert!(page.contains("swagger-ui"), "{path}");
    }
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
        .read(
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
                Some(&committee),
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

#[tokio::test]
async fn the_read_models_keep_up_while_requests_hold_every_connection_of_their_pool() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Secretariat").await;
    let (_, opened) = app.open_application("Lisbon").await;
    let position = opened["position"].as_i64().expect("a position");
    app.read("/api/v1/dashboard", &secretariat, position).await;
    let read_models: Vec<&'static str> = charter_projections::all()
        .iter()
        .map(|projection| projection.name())
        .collect();
    // Every connection the requests share is taken, as under a burst of commands: all
    // of spawn_app's 20 that the server's listeners do not keep.
    let mut held = Vec::new();
    let wait = std::time::Duration::from_millis(500);
    while let Ok(taken) = tokio::time::timeout(wait, app.pool.acquire()).await {
        held.push(taken.expect("a request connection"));
    }
    assert!(held.len() >= 15, "only {} connections taken", held.len());
    // Another process appends an application: a copy of the first one's opening, under
    // a new id.
    let elsewhere = app.database.pool(1).await;
    let id = Uuid::new_v4();
    let appended: i64 = sqlx::query_scalar(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         SELECT aggregate_type, $1, 1, event_type, event_version, payload, metadata
         FROM events WHERE global_position = $2
         RETURNING global_position",
    )
    .bind(id.to_string())
    .bind(position)
    .fetch_one(&elsewhere)
    .await
    .expect("append elsewhere");

    // The read models' projector has connections of its own: it applies the event while
    // the requests' pool stays empty (it polls, since nothing here announces the event).
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let behind: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM projection_checkpoints c, events e
             WHERE e.global_position = $1 AND c.projection = ANY($2)
               AND (c.tx_id, c.global_position) < (e.tx_id, e.global_position)",
        )
        .bind(appended)
        .bind(&read_models)
        .fetch_one(&elsewhere)
        .await
        .expect("checkpoints");
        if behind == 0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{behind} read models did not apply the event while the requests' pool was empty"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    drop(held);
    let summary = app
        .read(
            &format!("/api/v1/applications/{id}"),
            &secretariat,
            appended,
        )
        .await;
    assert_eq!(summary["city"], "Lisbon", "{summary}");
}
