//! What generated clients need of the OpenAPI document: file bodies as bytes, a named and
//! typed schema for every value, discriminated unions, declared headers and limits, and
//! operation ids that read as what they do. `.ci/clients` generates the clients themselves.

use charter_tests::spawn_app;
use reqwest::Method;
use serde_json::Value;
use std::collections::HashSet;

async fn document() -> Value {
    let app = spawn_app().await;
    let response = app
        .request(Method::GET, "/api/openapi.json", None)
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 200);
    response.json().await.expect("valid JSON")
}

/// Every operation of the document, with its method and path.
fn operations(document: &Value) -> Vec<(String, String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            found.push((method.clone(), path.clone(), operation));
        }
    }
    found
}

#[tokio::test]
async fn a_document_goes_up_and_comes_down_as_bytes_not_as_an_array_of_numbers() {
    let document = document().await;
    let binary = serde_json::json!({ "type": "string", "format": "binary" });
    let upload = &document["paths"]["/api/v1/applications/{id}/documents"]["post"];
    assert_eq!(
        upload["requestBody"]["content"]["application/octet-stream"]["schema"], binary,
        "{upload}"
    );
    let download = &document["paths"]["/api/v1/applications/{id}/documents/{kind}/{version}"];
    let answer = &download["get"]["responses"]["200"];
    assert_eq!(
        answer["content"]["application/octet-stream"]["schema"],
        binary
    );
    for header in ["Content-Disposition", "ETag", "X-Request-Id"] {
        assert!(
            answer["headers"].get(header).is_some(),
            "{header}: {answer}"
        );
    }
}

#[tokio::test]
async fn every_operation_has_a_unique_verb_and_noun_id_a_description_and_security() {
    let document = document().await;
    let mut ids = HashSet::new();
    for (method, path, operation) in operations(&document) {
        let id = operation["operationId"].as_str().expect("an operation id");
        assert!(ids.insert(id.to_owned()), "{id} is unique");
        assert!(
            id.contains('_'),
            "{method} {path}: {id} is a verb and a noun"
        );
        assert!(operation["description"].is_string(), "{id} is described");
        let summary = operation["summary"].as_str().expect("a summary");
        assert!(summary.len() <= 120, "{id}: {summary}");
        assert!(operation["security"].is_array(), "{id} says its security");
        for (status, answer) in operation["responses"].as_object().expect("answers") {
            assert!(
                answer["headers"].get("X-Request-Id").is_some(),
                "{id} {status} declares X-Request-Id"
            );
        }
        let command = method != "get" && path.starts_with("/api/v1/");
        let success = operation["responses"]
            .as_object()
            .and_then(|answers| answers.iter().find(|(status, _)| status.starts_with('2')));
        if let (true, Some((status, answer))) = (command, success) {
            for header in ["Consistency-Token", "Idempotent-Replayed"] {
                assert!(
                    answer["headers"].get(header).is_some(),
                    "{id} {status} {header}"
                );
            }
        }
        if method == "get" && path.starts_with("/api/v1/") {
            let parameters = operation["parameters"].as_array().expect("parameters");
            assert!(
                parameters
                    .iter()
                    .any(|parameter| parameter["name"] == "Consistency-Token"
                        && parameter["in"] == "header"),
                "{id} takes Consistency-Token"
            );
        }
    }
}

#[tokio::test]
async fn every_value_has_a_type_every_object_a_name_and_every_tagged_union_a_discriminator() {
    let document = document().await;
    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("schemas");
    // The open maps, named, whose keys are the event's or the rule's own.
    let open = ["EventFields", "RefusalValues"];
    for (name, schema) in schemas {
        untyped(name, schema, &open);
    }
    let stage = &schemas["ApplicationListItem"]["properties"]["stage"];
    assert_eq!(stage["$ref"], "#/components/schemas/Stage", "{stage}");
    let motion = &schemas["Motion"];
    assert_eq!(motion["discriminator"]["propertyName"], "kind", "{motion}");
    assert_eq!(
        motion["discriminator"]["mapping"]["advance"],
        "#/components/schemas/MotionAdvance"
    );
    let missing = &schemas["Problem"]["properties"]["missing"];
    assert_eq!(missing["items"]["$ref"], "#/components/schemas/Requirement");
    // The limits the server enforces.
    let list = &document["paths"]["/api/v1/applications"]["get"]["parameters"];
    let limit = list
        .as_array()
        .and_then(|parameters| parameters.iter().find(|p| p["name"] == "limit"))
        .expect("a limit");
    assert_eq!(limit["schema"]["minimum"], 1, "{limit}");
    assert_eq!(limit["schema"]["maximum"], 500, "{limit}");
}

/// Panics at a free-form object (one with neither properties nor typed values) that is not
/// one of the `open` named maps, or an inline object a generator would have to name.
fn untyped(name: &str, schema: &Value, open: &[&str]) {
    walk(name, schema, true, &mut |at, inner, top| {
        let kind = &inner["type"];
        let object = kind == "object"
            || kind
                .as_array()
                .is_some_and(|k| k.contains(&"object".into()));
        if !object {
            return;
        }
        // An empty body (`additionalProperties: false`) is typed: it takes nothing.
        let typed = inner.get("properties").is_some()
            || inner["additionalProperties"].is_object()
            || inner["additionalProperties"] == false;
        assert!(
            typed || open.contains(&name),
            "{at} is a free-form object: {inner}"
        );
        assert!(top, "{at} is an object without a name of its own: {inner}");
    });
}

/// Calls `visit` on `schema` and every schema inside it; `top` is whether it is the named
/// schema itself or a part of its composition (`allOf`).
fn walk(at: &str, schema: &Value, top: bool, visit: &mut impl FnMut(&str, &Value, bool)) {
    visit(at, schema, top);
    for (key, inner) in schema.as_object().into_iter().flatten() {
        match (key.as_str(), inner) {
            ("properties", Value::Object(properties)) => {
                for (name, property) in properties {
                    walk(&format!("{at}.{name}"), property, false, visit);
                }
            }
            ("items" | "additionalProperties", Value::Object(_)) => {
                walk(&format!("{at}[{key}]"), inner, false, visit)
            }
            ("allOf", Value::Array(parts)) => {
                for part in parts {
                    walk(at, part, top, visit);
                }
            }
            ("oneOf" | "anyOf", Value::Array(parts)) => {
                for part in parts {
                    walk(&format!("{at}.{key}"), part, false, visit);
                }
            }
            _ => {}
        }
    }
}
