//! What a cache may keep: no answer about people or applications in a shared cache, and
//! in the client's own only a read with an `ETag`, asked again before each use; nothing
//! else that says nothing of it; the pages' hashed assets for a year; the OpenAPI
//! document and its page only if asked again before each use.

use charter_domain::Role;
use charter_tests::spawn_app;
use reqwest::header::CACHE_CONTROL;
use reqwest::Method;

#[tokio::test]
async fn every_answer_but_the_assets_the_document_and_tagged_reads_is_sent_no_store() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let sign_in = app
        .request(Method::GET, "/sign-in", None)
        .send()
        .await
        .expect("the page");
    let html = sign_in.text().await.expect("HTML");
    let asset = html
        .split('"')
        .find(|part| part.starts_with("/static/charter-") && part.ends_with(".css"))
        .expect("the style sheet's address")
        .to_owned();
    // A person read once the roster shows them.
    let registered: serde_json::Value = app
        .post(
            "/api/v1/people",
            &secretariat,
            &serde_json::json!({"name": "Pia Pool"}),
        )
        .await
        .json()
        .await
        .expect("JSON");
    let own = format!(
        "/api/v1/people/{}?min_position={}",
        registered["person_id"].as_str().expect("a person id"),
        registered["position"]
    );
    let cases = [
        ("/api/v1/people", Some(&secretariat), "no-store"),
        (own.as_str(), Some(&secretariat), "private, no-cache"),
        (
            "/api/v1/people/00000000-0000-0000-0000-000000000000",
            Some(&secretariat),
            "no-store",
        ),
        ("/api/v1/people", None, "no-store"),
        ("/api/v1/no-such-route", Some(&secretariat), "no-store"),
        ("/healthz", None, "no-store"),
        ("/readyz", None, "no-store"),
        ("/metrics", None, "no-store"),
        ("/sign-in", None, "no-store"),
        ("/no-such-page", None, "no-store"),
        ("/api/openapi.json", None, "no-cache"),
        ("/docs/", None, "no-cache"),
        (asset.as_str(), None, "public, max-age=31536000, immutable"),
    ];
    for (path, caller, expected) in cases {
        let response = app
            .request(Method::GET, path, caller)
            .send()
            .await
            .expect("send");
        let status = response.status();
        assert_eq!(
            response
                .headers()
                .get(CACHE_CONTROL)
                .map(|v| v.to_str().expect("ASCII")),
            Some(expected),
            "{path} ({status})"
        );
    }
}
