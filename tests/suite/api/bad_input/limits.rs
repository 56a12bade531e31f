//! Every free-text field of a request has a length the server enforces and the OpenAPI
//! document declares: over it, 422 naming the field, and nothing written.

use super::{command, opened, APPLICATIONS};
use crate::api::steps::{committee, open_vote, scores};
use charter_domain::Role;
use charter_tests::spawn_app;
use serde_json::{json, Value};

#[tokio::test]
async fn every_free_text_field_over_its_length_is_refused_and_named() {
    let app = spawn_app().await;
    let (applicant, id, secretariat) = opened(&app).await;
    let granted = command(&app, &secretariat, id, "eligibility", json!({})).await;
    assert_eq!(granted.status(), 200, "grant eligibility");
    let panelist = app.caller(Role::Panelist, "Paula Panel").await;
    let members = committee(&app).await;
    let vote = open_vote(
        &app,
        &secretariat,
        json!({"application_id": id, "motion": {"kind": "reject", "grounds": "No entity."}}),
    )
    .await;
    let long = |n: usize| "x".repeat(n);
    let review = |comments: String| {
        json!({"document_kind": "preliminary_report", "document_version": 1,
               "scores": scores(), "recommendation": "advance", "comments": comments})
    };
    let on_application = |action: &str| format!("{APPLICATIONS}/{id}/{action}");
    let cases: Vec<(String, &_, Value, &str)> = vec![
        (
            on_application("eligibility"),
            &secretariat,
            json!({"note": long(4_001)}),
            "note",
        ),
        (
            on_application("withdrawal"),
            &applicant,
            json!({"reason": long(4_001)}),
            "reason",
        ),
        (
            on_application("appeals"),
            &applicant,
            json!({"grounds": long(4_001)}),
            "grounds",
        ),
        (
            on_application("interviews"),
            &secretariat,
            json!({"scheduled_for": "2030-01-01T10:00:00Z", "location": long(151)}),
            "location",
        ),
        (
            on_application("interviews/1/reschedule"),
            &secretariat,
            json!({"scheduled_for": "2030-01-01T10:00:00Z", "location": long(151)}),
            "location",
        ),
        (
            on_application("interviews/1/cancel"),
            &secretariat,
            json!({"reason": long(4_001)}),
            "reason",
        ),
        (
            on_application("interviews/1/record"),
            &secretariat,
            json!({"notes": "Fine.", "attendees": [long(201)]}),
            "attendees[0]",
        ),
        (
            on_application("conflicts"),
            &panelist,
            json!({"reason": long(4_001)}),
            "reason",
        ),
        (
            on_application("reviews"),
            &panelist,
            review(long(20_001)),
            "comments",
        ),
        (
            on_application("reviews/1/revisions"),
            &panelist,
            json!({"scores": scores(), "recommendation": "advance", "comments": long(20_001)}),
            "comments",
        ),
        (
            on_application("reviews/1/release"),
            &secretariat,
            json!({"revision": 1, "note": long(4_001)}),
            "note",
        ),
        (
            "/api/v1/people".to_owned(),
            &secretariat,
            json!({"name": long(201)}),
            "name",
        ),
        (
            "/api/v1/people".to_owned(),
            &secretariat,
            json!({"name": "Pia Pool", "email": format!("{}@example.org", long(250))}),
            "email",
        ),
        (
            format!("/api/v1/people/{}/panel-pool", panelist.person),
            &secretariat,
            json!({"expertise": [long(101)]}),
            "expertise[0]",
        ),
        (
            "/api/v1/votes".to_owned(),
            &secretariat,
            json!({"application_id": id, "motion": {"kind": "reject", "grounds": long(4_001)}}),
            "motion.grounds",
        ),
        (
            format!("/api/v1/votes/{vote}/ballots"),
            &members[0],
            json!({"choice": "yes", "reason": long(4_001)}),
            "reason",
        ),
        (
            format!("/api/v1/votes/{vote}/recusals"),
            &members[0],
            json!({"reason": long(4_001)}),
            "reason",
        ),
    ];
    let events = app.event_count().await;
    for (path, caller, body, field) in cases {
        let response = app.post(&path, caller, &body).await;
        let status = response.status().as_u16();
        let problem: Value = response.json().await.expect("a problem");
        assert_eq!(status, 422, "{path}: {problem}");
        assert_eq!(
            problem["type"], "urn:charter:problem:invalid-input",
            "{path}: {problem}"
        );
        assert_eq!(problem["field"], field, "{path}: {problem}");
    }
    assert_eq!(app.event_count().await, events, "nothing written");

    let webhook = app
        .post(
            "/api/v1/webhooks",
            &secretariat,
            &json!({"url": format!("https://hooks.example/{}", long(2_000)),
                    "event_types": ["vote.closed"]}),
        )
        .await;
    let status = webhook.status().as_u16();
    let problem: Value = webhook.json().await.expect("JSON");
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["field"], "url", "{problem}");
    let listed = app.get("/api/v1/webhooks", &secretariat).await;
    let listed: Value = listed.json().await.expect("JSON");
    assert_eq!(listed["items"], json!([]), "nothing registered");
    app.stop().await;
}

/// Whether `schema` is a string with nothing else to bound it: no length, no format, no
/// enumeration, no pattern.
fn unbounded_string(schema: &Value) -> bool {
    let is_string = match &schema["type"] {
        Value::String(kind) => kind == "string",
        Value::Array(kinds) => kinds.iter().any(|kind| kind == "string"),
        _ => false,
    };
    is_string
        && ["maxLength", "format", "enum", "pattern", "const"]
            .iter()
            .all(|bound| schema.get(*bound).is_none())
}

/// The paths in `schema` (resolved against `schemas`) to a string without bounds. `tag`
/// is the tag property of the union `schema` is a variant of: the union's discriminator
/// bounds it, whatever the variant says of it.
fn unbounded_in(
    schema: &Value,
    schemas: &Value,
    path: &str,
    tag: Option<&str>,
    found: &mut Vec<String>,
    depth: u8,
) {
    if depth > 12 {
        return;
    }
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        let path = format!("{path}<{name}>");
        unbounded_in(&schemas[name], schemas, &path, tag, found, depth + 1);
        return;
    }
    if unbounded_string(schema) {
        found.push(path.to_owned());
    }
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        if Some(name.as_str()) != tag {
            let path = format!("{path}.{name}");
            unbounded_in(property, schemas, &path, None, found, depth + 1);
        }
    }
    if schema["items"].is_object() {
        let path = format!("{path}[]");
        unbounded_in(&schema["items"], schemas, &path, None, found, depth + 1);
    }
    let own_tag = schema["discriminator"]["propertyName"].as_str().or(tag);
    for combined in ["oneOf", "anyOf", "allOf"] {
        for (n, variant) in schema[combined]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let path = format!("{path}|{n}");
            unbounded_in(variant, schemas, &path, own_tag, found, depth + 1);
        }
    }
}

#[tokio::test]
async fn the_openapi_document_bounds_every_string_a_request_body_may_carry() {
    let app = spawn_app().await;
    let document = app.openapi_document().await;
    let schemas = &document["components"]["schemas"];
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("an item") {
            let body = &operation["requestBody"]["content"]["application/json"]["schema"];
            if body.is_object() {
                let at = format!("{method} {path}");
                unbounded_in(body, schemas, &at, None, &mut found, 0);
            }
        }
    }
    assert_eq!(found, Vec::<String>::new(), "strings without a length");
    // The limits are the domain's.
    let reject = &schemas["Reject"]["properties"]["reason"];
    assert_eq!(
        (reject["minLength"].as_u64(), reject["maxLength"].as_u64()),
        (Some(1), Some(4000))
    );
    let expertise = &schemas["JoinPool"]["properties"]["expertise"];
    assert_eq!(expertise["maxItems"], 20, "{expertise}");
    assert_eq!(expertise["items"]["maxLength"], 100, "{expertise}");
    assert_eq!(schemas["AttendeeName"]["maxLength"], 200);
    assert_eq!(
        schemas["RecordInterview"]["properties"]["notes"]["maxLength"],
        50000
    );
    app.stop().await;
}
