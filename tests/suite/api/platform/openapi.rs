//! The OpenAPI document and the page that shows it.

use charter_tests::spawn_app;
use reqwest::header::CONTENT_TYPE;
use reqwest::Method;
use serde_json::Value;

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_the_bearer_scheme() {
    let app = spawn_app().await;
    let expected = [
        ("/api/v1/applications", &["get", "post"][..]),
        ("/api/v1/applications/{id}", &["get"]),
        ("/api/v1/applications/{id}/timeline", &["get"]),
        ("/api/v1/applications/{id}/status", &["get"]),
        ("/api/v1/audit/verify", &["get"]),
        ("/api/v1/audit/checkpoints/latest", &["get"]),
        ("/api/v1/audit/public-key", &["get"]),
        ("/api/v1/audit/proofs/inclusion", &["get"]),
        ("/api/v1/audit/proofs/consistency", &["get"]),
        ("/api/v1/applications/{id}/documents", &["get", "post"]),
        (
            "/api/v1/applications/{id}/documents/{kind}/{version}",
            &["get"],
        ),
        ("/api/v1/applications/{id}/revision-requests", &["post"]),
        ("/api/v1/applications/{id}/panelists", &["post"]),
        ("/api/v1/applications/{id}/conflicts", &["post"]),
        ("/api/v1/applications/{id}/reviews", &["get", "post"]),
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
            "/api/v1/applications/{id}/interviews/{interview}/reschedule",
            &["post"],
        ),
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
        ("/api/v1/people/{id}/secretariat", &["post", "delete"]),
        ("/api/v1/people/{id}/erasure", &["post"]),
        ("/api/v1/people/{id}/tokens", &["get"]),
        ("/api/v1/hubs", &["get", "post"]),
        ("/api/v1/hubs/{id}", &["get"]),
        ("/api/v1/hubs/{id}/votes", &["get"]),
        ("/api/v1/hubs/{id}/delegates", &["post"]),
        ("/api/v1/hubs/{id}/delegates/{person_id}/end", &["post"]),
        ("/api/v1/hubs/{id}/suspension", &["post"]),
        ("/api/v1/hubs/{id}/reinstatement", &["post"]),
        ("/api/v1/hubs/{id}/departure", &["post"]),
        ("/api/v1/tokens/{id}/revoke", &["post"]),
        ("/api/v1/account/tokens", &["get", "post"]),
        ("/api/v1/account/tokens/{id}/revoke", &["post"]),
        ("/api/v1/notifications/deliveries", &["get"]),
        ("/api/v1/notifications/deliveries/{id}", &["get"]),
        ("/api/v1/notifications/deliveries/{id}/resend", &["post"]),
        ("/api/v1/notifications/preferences", &["get", "put"]),
        ("/api/v1/notifications/unsubscribe/{key}", &["get", "post"]),
        ("/api/v1/notifications/calendar", &["get"]),
        ("/api/v1/notifications/calendar/reset", &["post"]),
        ("/api/v1/calendar/{key}", &["get"]),
        ("/api/v1/webhooks", &["get", "post"]),
        ("/api/v1/webhooks/{id}", &["get"]),
        ("/api/v1/webhooks/{id}/disable", &["post"]),
        ("/api/v1/webhooks/{id}/enable", &["post"]),
        ("/api/v1/webhooks/{id}/rotate-secret", &["post"]),
        ("/api/v1/webhooks/{id}/deliveries", &["get"]),
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
    // Every reference names a schema the document holds.
    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("schemas");
    let mut references = Vec::new();
    references_in(&document, &mut references);
    for reference in references {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{reference} points into the schemas"));
        assert!(schemas.contains_key(name), "{reference} is defined");
    }
    // The panel reviews' read: its answer's schema, its refusals and its security.
    let reviews = &paths["/api/v1/applications/{id}/reviews"]["get"];
    assert_eq!(
        reviews["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ReviewPage",
        "{reviews}"
    );
    for status in ["400", "401", "403", "404", "503"] {
        assert!(
            reviews["responses"].get(status).is_some(),
            "{status}: {reviews}"
        );
    }
    assert_eq!(reviews["security"], serde_json::json!([{"bearer": []}]));
    for schema in ["PanelReviewView", "ReviewerView", "ReviewRevisionView"] {
        assert!(schemas.contains_key(schema), "{schema} is described");
    }
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
async fn the_openapi_document_says_which_reads_are_tagged_and_which_commands_take_if_match() {
    let app = spawn_app().await;
    let document = app.openapi_document().await;
    let paths = &document["paths"];
    for read in [
        "/api/v1/applications/{id}",
        "/api/v1/votes/{id}",
        "/api/v1/people/{id}",
        "/api/v1/applications/{id}/documents/{kind}/{version}",
    ] {
        let operation = &paths[read]["get"];
        let names: Vec<&str> = operation["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert!(names.contains(&"If-None-Match"), "{read}: {names:?}");
        for status in ["200", "304"] {
            assert!(
                operation["responses"][status]["headers"]["ETag"].is_object(),
                "{read} {status}: {operation}"
            );
        }
    }
    let person_etag = paths["/api/v1/people/{id}/panel-pool"]["post"]["responses"]["201"]
        ["headers"]["ETag"]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(
        person_etag.contains("person's own version"),
        "{person_etag}"
    );
    let leave = &paths["/api/v1/people/{id}/secretariat"]["delete"];
    let takes_if_match = leave["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .any(|p| p["name"] == "If-Match");
    assert!(takes_if_match, "{leave}");
    assert!(leave["responses"]["412"].is_object(), "{leave}");
}

/// Every `$ref` in `value`.
fn references_in(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match inner {
                    Value::String(target) if key == "$ref" => found.push(target.clone()),
                    _ => references_in(inner, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references_in(item, found)),
        _ => {}
    }
}
