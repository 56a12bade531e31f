//! Input and process rules the domain refuses: each with its problem, field or what is
//! missing, and no event written.

use super::{command, eligible, opening, APPLICATIONS};
use charter_tests::{assert_problem, spawn_app};
use serde_json::{json, Value};

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
