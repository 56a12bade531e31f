//! What a cache may keep: no answer about people or applications, nor any answer that
//! says nothing of it; the pages' hashed assets for a year; the OpenAPI document and its
//! page only if asked again before each use.

use charter_domain::Role;
use charter_tests::spawn_app;
use reqwest::header::CACHE_CONTROL;
use reqwest::Method;

#[tokio::test]
async fn every_answer_but_the_assets_and_the_document_is_sent_no_store() {
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
    let cases = [
        ("/api/v1/people", Some(&secretariat), "no-store"),
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
