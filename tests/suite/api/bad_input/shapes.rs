//! A body of the wrong JSON type, and text that only looks right: an array, a string, a
//! number or null where an object is taken, a name or address with invisible characters
//! or composed another way. None of them writes an event.

use super::{command, opened, APPLICATIONS};
use charter_domain::Role;
use charter_tests::{assert_problem_about, spawn_app, TestApp};
use reqwest::header::CONTENT_TYPE;
use reqwest::Method;
use serde_json::{json, Value};

/// Every JSON type but an object, as a body, and how the refusal names it.
const NOT_OBJECTS: [(&str, &str); 7] = [
    (r#"["Elena Marchetti", null]"#, "an array"),
    (
        r#"["Lisbon", "PT", "Hub", [["Ana", "ana@lisbon.example"]]]"#,
        "an array",
    ),
    ("[]", "an array"),
    (r#""Elena Marchetti""#, "a string"),
    ("42", "a number"),
    ("false", "a boolean"),
    ("null", "null"),
];

#[tokio::test]
async fn a_body_that_is_not_a_json_object_is_unprocessable_on_every_route_and_writes_nothing() {
    let app = spawn_app().await;
    let (_, id, secretariat) = opened(&app).await;
    let applicant = app.applicant("Rui Costa").await;
    let routes = [
        (Method::POST, "/api/v1/people".to_owned(), &secretariat),
        (Method::POST, APPLICATIONS.to_owned(), &applicant),
        (
            Method::POST,
            format!("{APPLICATIONS}/{id}/eligibility"),
            &secretariat,
        ),
        (
            Method::POST,
            format!("{APPLICATIONS}/{id}/interviews"),
            &secretariat,
        ),
        (Method::POST, "/api/v1/webhooks".to_owned(), &secretariat),
        (
            Method::PUT,
            "/api/v1/notifications/preferences".to_owned(),
            &secretariat,
        ),
    ];
    let events = app.event_count().await;
    let webhooks = webhook_count(&app).await;

    for (method, path, caller) in &routes {
        for (body, kind) in NOT_OBJECTS {
            let response = app
                .request(method.clone(), path, Some(caller))
                .header(CONTENT_TYPE, "application/json")
                .body(body)
                .send()
                .await
                .expect("send");
            let what = format!("{method} {path} {body}");
            let problem = assert_problem_about(response, 422, "invalid-body", &what).await;
            assert_eq!(
                problem["detail"],
                format!("the body must be a JSON object, not {kind}"),
                "{what}"
            );
        }
    }
    assert_eq!(app.event_count().await, events, "an event was written");
    assert_eq!(webhook_count(&app).await, webhooks, "a webhook was made");
    // The same routes take an object.
    let response = command(&app, &secretariat, id, "eligibility", json!({})).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn an_array_where_a_nested_object_is_taken_is_unprocessable_and_named() {
    let app = spawn_app().await;
    let applicant = app.applicant("Ana Sousa").await;
    let mut opening = crate::api::steps::opening();
    opening["founders"] = json!([["Ana Sousa", "ana@lisbon.example"]]);

    let response = app.post(APPLICATIONS, &applicant, &opening).await;

    let problem = assert_problem_about(response, 422, "invalid-body", "a founder").await;
    assert_eq!(problem["field"], "founders[0]", "{problem}");
    assert_eq!(app.application_event_count().await, 0);
}

async fn webhook_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM webhooks")
        .fetch_one(&app.pool)
        .await
        .expect("count webhooks")
}

#[tokio::test]
async fn a_name_or_address_with_an_invisible_character_is_refused_naming_the_field() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let applicant = app.applicant("Ana Sousa").await;
    let events = app.event_count().await;
    let cases = [
        (json!({"name": "Elena Marchetti\u{200B}"}), "name"),
        (json!({"name": "\u{202E}ittehcraM anelE"}), "name"),
        (json!({"name": "Elena\u{00AD}Marchetti"}), "name"),
        (
            json!({"name": "Elena Marchetti", "email": "elena@rome.example\u{FEFF}"}),
            "email",
        ),
        (
            json!({"name": "Elena Marchetti", "email": "ele\u{2066}na@rome.example"}),
            "email",
        ),
    ];
    for (body, field) in cases {
        let response = app.post("/api/v1/people", &secretariat, &body).await;
        let what = body.to_string();
        let problem = assert_problem_about(response, 422, "invalid-input", &what).await;
        assert_eq!(problem["field"], field, "{what}");
        assert_eq!(
            problem["values"]["problem"], "invisible-characters",
            "{what}"
        );
    }
    let mut opening = crate::api::steps::opening();
    opening["founders"][0]["name"] = json!("Ana\u{200D} Sousa");
    let response = app.post(APPLICATIONS, &applicant, &opening).await;
    let problem = assert_problem_about(response, 422, "invalid-input", "a founder").await;
    assert_eq!(problem["field"], "founders[0].name");
    assert_eq!(app.event_count().await, events, "an event was written");
}

#[tokio::test]
async fn a_name_and_an_address_are_kept_composed_whichever_way_they_were_typed() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let decomposed =
        json!({"name": "Zoe\u{0308} Lefe\u{0300}vre", "email": "zoe\u{0308}@paris.example"});

    let response = app.post("/api/v1/people", &secretariat, &decomposed).await;
    assert_eq!(response.status(), 201);
    let answer: Value = response.json().await.expect("JSON");
    let person = answer["person_id"].as_str().expect("a person id");
    let position = answer["position"].as_i64().expect("a position");
    let read = app
        .read(&format!("/api/v1/people/{person}"), &secretariat, position)
        .await;
    assert_eq!(read["name"], "Zo\u{00EB} Lef\u{00E8}vre", "{read}");
    assert_eq!(read["email"], "zo\u{00EB}@paris.example", "{read}");
    // The same address typed composed is the same address: taken.
    let composed = json!({"name": "Zoë Lefèvre", "email": "zo\u{00EB}@paris.example"});
    let response = app.post("/api/v1/people", &secretariat, &composed).await;
    assert_problem_about(response, 409, "email-taken", "the same address").await;
}
