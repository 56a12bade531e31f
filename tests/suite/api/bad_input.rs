//! Requests Charter cannot or will not act on: each gets its precise status and problem
//! body, and none of them writes an event.

use charter_domain::Role;
use charter_tests::{spawn_app, spawn_app_with, Caller, TestApp};
use reqwest::header::{ALLOW, CONTENT_TYPE};
use reqwest::{Method, Response};
use serde_json::{json, Value};
use uuid::Uuid;

/// A valid body for `POST /api/v1/applications`.
fn opening() -> Value {
    json!({
        "city": "Lisbon",
        "country": "PT",
        "hub_name": "Impact Hub Lisbon",
        "founders": [{"name": "Ana Sousa", "email": "ana@lisbon.example"}],
    })
}

const APPLICATIONS: &str = "/api/v1/applications";

/// Sends `body` as it is to `POST /api/v1/applications`, declared as `content_type`.
async fn open_raw(
    app: &TestApp,
    caller: &Caller,
    content_type: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> Response {
    let mut request = app.request(Method::POST, APPLICATIONS, Some(caller));
    if let Some(content_type) = content_type {
        request = request.header(CONTENT_TYPE, content_type);
    }
    request.body(body).send().await.expect("send")
}

/// Sends `body` to `POST /api/v1/applications/{id}/{action}`.
async fn command(app: &TestApp, caller: &Caller, id: Uuid, action: &str, body: Value) -> Response {
    app.post(&format!("{APPLICATIONS}/{id}/{action}"), caller, &body)
        .await
}

/// Asserts a problem body of `status` and problem `kind`; returns the body.
async fn assert_problem(response: Response, status: u16, kind: &str) -> Value {
    assert_eq!(response.status(), status);
    assert_eq!(response.headers()[CONTENT_TYPE], "application/problem+json");
    let body: Value = response.json().await.expect("a problem body");
    let kind = format!("urn:charter:problem:{kind}");
    assert_eq!(body["type"], kind, "{body}");
    assert_eq!(body["status"], status, "{body}");
    assert!(body["title"].is_string(), "{body}");
    assert!(body["detail"].is_string(), "{body}");
    body
}

/// An open application, its applicant, its id and a secretariat caller.
async fn opened(app: &TestApp) -> (Caller, Uuid, Caller) {
    let (applicant, _) = app.open_application("Lisbon").await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    (applicant.clone(), TestApp::id_of(&applicant), secretariat)
}

/// An application the secretariat has found eligible; its id and the secretariat.
async fn eligible(app: &TestApp) -> (Uuid, Caller) {
    let (_, id, secretariat) = opened(app).await;
    let response = command(app, &secretariat, id, "eligibility", json!({})).await;
    assert_eq!(response.status(), 200, "grant eligibility");
    (id, secretariat)
}

#[tokio::test]
async fn malformed_json_or_json_with_trailing_garbage_is_a_bad_request() {
    let app = spawn_app().await;
    let applicant = app.applicant("Ana Sousa").await;
    let trailing = [" garbage", "{}", "]"].map(|trailer| format!("{}{trailer}", opening()));
    let malformed = [r#"{"city": "Lisbon","#, "", "not json", r#"{"city": 'Lx'}"#];

    for body in malformed
        .iter()
        .map(|body| body.to_string())
        .chain(trailing)
    {
        let response = open_raw(&app, &applicant, Some("application/json"), body.clone()).await;
        let problem = assert_problem(response, 400, "bad-request").await;
        let detail = problem["detail"].as_str().expect("a detail");
        assert!(
            detail.starts_with("the body is not valid JSON"),
            "{body:?}: {detail}"
        );
    }
    assert_eq!(app.application_event_count().await, 0);
}

#[tokio::test]
async fn an_unknown_field_or_a_value_of_the_wrong_type_is_unprocessable_and_named() {
    let app = spawn_app().await;
    let applicant = app.applicant("Ana Sousa").await;
    let mut unknown = opening();
    unknown["nickname"] = json!("Lx");
    let mut unknown_nested = opening();
    unknown_nested["founders"][0]["phone"] = json!("+351 000");
    let mut wrong_type = opening();
    wrong_type["founders"][0]["email"] = json!(42);
    let cases = [
        (unknown, "nickname"),
        (unknown_nested, "founders[0].phone"),
        (wrong_type, "founders[0].email"),
    ];

    for (body, field) in cases {
        let response = app.post(APPLICATIONS, &applicant, &body).await;
        let problem = assert_problem(response, 422, "invalid-body").await;
        assert_eq!(problem["field"], field, "{problem}");
    }
    assert_eq!(app.application_event_count().await, 0);
}

#[tokio::test]
async fn a_missing_required_field_is_unprocessable() {
    let app = spawn_app().await;
    let applicant = app.applicant("Ana Sousa").await;
    let mut body = opening();
    body.as_object_mut().expect("an object").remove("hub_name");

    let response = app.post(APPLICATIONS, &applicant, &body).await;

    let problem = assert_problem(response, 422, "invalid-body").await;
    let detail = problem["detail"].as_str().expect("a detail");
    assert!(detail.contains("hub_name"), "{detail}");
    assert_eq!(app.application_event_count().await, 0);
}

#[tokio::test]
async fn a_body_that_is_not_declared_as_json_is_an_unsupported_media_type() {
    let app = spawn_app().await;
    let applicant = app.applicant("Ana Sousa").await;
    let body = opening().to_string();

    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let response = open_raw(&app, &applicant, content_type, body.clone()).await;
        assert_problem(response, 415, "unsupported-media-type").await;
    }
    assert_eq!(app.application_event_count().await, 0);
    // The essence decides, whatever its case and parameters.
    let json = Some("Application/JSON; charset=utf-8");
    let response = open_raw(&app, &applicant, json, body).await;
    assert_eq!(response.status(), 201);
}

/// An opening body of exactly `size` bytes, padded in the hub name.
fn opening_of_size(size: usize) -> String {
    let mut body = opening();
    body["hub_name"] = json!("");
    let padding = size - body.to_string().len();
    body["hub_name"] = json!("H".repeat(padding));
    let text = body.to_string();
    assert_eq!(text.len(), size);
    text
}

#[tokio::test]
async fn a_json_body_over_the_limit_is_too_large() {
    let app = spawn_app_with(|settings| settings.max_json_bytes = 1024).await;
    let applicant = app.applicant("Ana Sousa").await;
    let json = Some("application/json");

    let response = open_raw(&app, &applicant, json, opening_of_size(4096)).await;
    let problem = assert_problem(response, 413, "payload-too-large").await;
    let detail = problem["detail"].as_str().expect("a detail");
    assert!(detail.contains("1024"), "{detail}");
    let response = open_raw(&app, &applicant, json, opening_of_size(1025)).await;
    assert_problem(response, 413, "payload-too-large").await;

    // The limit itself is read whole, to find the hub name over its own limit of 150.
    let response = open_raw(&app, &applicant, json, opening_of_size(1024)).await;
    let problem = assert_problem(response, 422, "invalid-input").await;
    assert_eq!(problem["field"], "hub_name");
    assert_eq!(app.application_event_count().await, 0);
}

#[tokio::test]
async fn an_application_that_does_not_exist_is_not_found() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let id = Uuid::new_v4();

    for tail in ["", "/timeline", "/documents"] {
        let response = app
            .get(&format!("{APPLICATIONS}/{id}{tail}"), &secretariat)
            .await;
        assert_problem(response, 404, "not-found").await;
    }
    let response = command(&app, &secretariat, id, "eligibility", json!({})).await;
    assert_problem(response, 404, "application-not-found").await;
    assert_eq!(app.application_event_count().await, 0);
}

#[tokio::test]
async fn an_interview_or_review_that_does_not_exist_is_not_found() {
    let app = spawn_app().await;
    let (_, id, secretariat) = opened(&app).await;
    let panelist = app.caller(Role::Panelist, "Paula Panel").await;
    let seat = json!({"panelist_id": panelist.person.0});
    let assigned = command(&app, &secretariat, id, "panelists", seat).await;
    assert_eq!(assigned.status(), 201, "assign");
    let before = app.event_count().await;

    let reason = json!({"reason": "Illness"});
    let response = command(&app, &secretariat, id, "interviews/7/cancel", reason).await;
    assert_problem(response, 404, "interview-not-found").await;
    let scores = json!({"team": 3, "community": 3, "feasibility": 3, "impact": 3});
    let revision = json!({"scores": scores, "recommendation": "revise", "comments": "Hm"});
    let response = command(&app, &panelist, id, "reviews/3/revisions", revision).await;
    assert_problem(response, 404, "review-not-found").await;
    assert_eq!(app.event_count().await, before);
}

#[tokio::test]
async fn assigning_someone_who_is_not_a_panelist_is_unprocessable() {
    let app = spawn_app().await;
    let (applicant, id, secretariat) = opened(&app).await;
    let before = app.event_count().await;

    for person in [Uuid::new_v4(), applicant.person.0, secretariat.person.0] {
        let seat = json!({"panelist_id": person});
        let response = command(&app, &secretariat, id, "panelists", seat).await;
        let problem = assert_problem(response, 422, "invalid-body").await;
        assert_eq!(problem["field"], "panelist_id");
    }
    assert_eq!(app.event_count().await, before);
}

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
async fn a_broken_input_rule_is_unprocessable_and_names_the_field() {
    let app = spawn_app().await;
    let applicant = app.applicant("Ana Sousa").await;
    let cases = [
        ("country", json!("Portugal")),
        ("city", json!("   ")),
        ("hub_name", json!("Hub\u{7}")),
        ("founders", json!([])),
    ];

    for (field, value) in cases {
        let mut body = opening();
        body[field] = value;
        let response = app.post(APPLICATIONS, &applicant, &body).await;
        let problem = assert_problem(response, 422, "invalid-input").await;
        assert_eq!(problem["field"], field, "{problem}");
    }
    let mut body = opening();
    body["founders"][0]["email"] = json!("ana at lisbon");
    let response = app.post(APPLICATIONS, &applicant, &body).await;
    let problem = assert_problem(response, 422, "invalid-input").await;
    assert_eq!(problem["field"], "founders[0].email");
    assert_eq!(app.application_event_count().await, 0);
}

#[tokio::test]
async fn skipping_a_stage_is_an_illegal_transition() {
    let app = spawn_app().await;
    let (id, secretariat) = eligible(&app).await;
    let before = app.event_count().await;

    let response = command(
        &app,
        &secretariat,
        id,
        "advance",
        json!({"to": "candidate"}),
    )
    .await;

    let problem = assert_problem(response, 409, "illegal-transition").await;
    assert_eq!(
        problem["detail"],
        "an application cannot go from eligible to candidate"
    );
    assert_eq!(app.event_count().await, before);
}

#[tokio::test]
async fn a_gate_not_met_is_unprocessable_and_lists_what_is_missing() {
    let app = spawn_app().await;
    let (id, secretariat) = eligible(&app).await;
    let before = app.event_count().await;

    let to = json!({"to": "pre_candidate"});
    let response = command(&app, &secretariat, id, "advance", to).await;

    let problem = assert_problem(response, 422, "gate-not-met").await;
    let missing = json!([{"requirement": "document", "kind": "preliminary_report"}]);
    assert_eq!(problem["missing"], missing);
    assert_eq!(app.event_count().await, before);
}

#[tokio::test]
async fn opening_the_same_application_twice_is_a_conflict() {
    let app = spawn_app().await;
    let (applicant, _) = app.open_application("Lisbon").await;
    let before = app.event_count().await;

    let response = app.post(APPLICATIONS, &applicant, &opening()).await;

    assert_problem(response, 409, "application-already-opened").await;
    assert_eq!(app.event_count().await, before);
}

#[tokio::test]
async fn an_unknown_route_is_a_not_found_problem() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;

    for caller in [Some(&secretariat), None] {
        for path in ["/api/v1/nowhere", "/api/v2/applications", "/"] {
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

#[tokio::test]
async fn strings_and_lists_over_their_limits_are_refused_and_named() {
    let app = spawn_app().await;
    let applicant = app.applicant("Ana Sousa").await;
    let founder = json!({"name": "Ana Sousa", "email": "ana@lisbon.example"});
    let many: Vec<Value> = (0..13)
        .map(|i| json!({"name": format!("Founder {i}"), "email": format!("f{i}@lisbon.example")}))
        .collect();
    let cases = [
        (
            "hub_name",
            json!("H".repeat(151)),
            "hub_name",
            "at most 150 characters",
        ),
        ("city", json!("C".repeat(151)), "city", "at most"),
        (
            "founders",
            json!([{"name": "N".repeat(201), "email": "a@b.example"}]),
            "founders[0].name",
            "at most 200 characters",
        ),
        ("founders", json!(many), "founders", "at most 12"),
        (
            "founders",
            json!([founder.clone(), founder]),
            "founders[1].email",
            "",
        ),
    ];
    for (key, value, field, detail) in cases {
        let mut body = opening();
        body[key] = value;
        let response = app.post(APPLICATIONS, &applicant, &body).await;
        let problem = assert_problem(response, 422, "invalid-input").await;
        assert_eq!(problem["field"], field, "{problem}");
        assert!(
            problem["detail"]
                .as_str()
                .is_some_and(|d| d.contains(detail)),
            "{problem}"
        );
    }
    assert_eq!(app.application_event_count().await, 0);

    let (id, secretariat) = eligible(&app).await;
    let events = app.event_count().await;
    let interview = command(
        &app,
        &secretariat,
        id,
        "interviews",
        json!({"scheduled_for": "2020-01-01T10:00:00Z", "location": "Lisbon"}),
    )
    .await;
    assert_eq!(interview.status(), 201);
    let events = events + 1;
    let attendees: Vec<String> = (0..41).map(|i| format!("Person {i}")).collect();
    let cases = [
        (
            "interviews/1/record",
            json!({"notes": "n".repeat(50_001), "attendees": ["Ana"]}),
            "notes",
        ),
        (
            "interviews/1/record",
            json!({"notes": "Fine", "attendees": attendees}),
            "attendees",
        ),
        ("rejection", json!({"reason": "r".repeat(4_001)}), "reason"),
    ];
    for (action, body, field) in cases {
        let response = command(&app, &secretariat, id, action, body).await;
        let problem = assert_problem(response, 422, "invalid-input").await;
        assert_eq!(problem["field"], field, "{action}: {problem}");
    }
    let response = app
        .post(
            "/api/v1/people",
            &secretariat,
            &json!({"name": "Pia Panel", "expertise": (0..21).map(|i| format!("area {i}")).collect::<Vec<_>>()}),
        )
        .await;
    let status = response.status().as_u16();
    let problem: Value = response.json().await.expect("JSON");
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["field"], "expertise", "{problem}");
    assert_eq!(app.event_count().await, events, "nothing written");
    app.stop().await;
}
