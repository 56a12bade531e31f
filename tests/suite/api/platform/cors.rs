//! Cross-origin requests: off unless origins are configured; then only those origins'
//! scripts may read answers, and preflights name what they may send and read.

use charter_api::http::cors::parse_origins;
use charter_domain::Role;
use charter_tests::{spawn_app, spawn_app_with};
use reqwest::Method;

const CRM: &str = "https://crm.example.org";

#[tokio::test]
async fn no_origin_may_read_an_answer_unless_one_is_configured() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let read = app
        .request(Method::GET, "/api/v1/people", Some(&secretariat))
        .header("Origin", CRM)
        .send()
        .await
        .expect("the read");
    assert_eq!(read.status(), 200);
    assert!(read.headers().get("access-control-allow-origin").is_none());
    let preflight = app
        .request(Method::OPTIONS, "/api/v1/people", None)
        .header("Origin", CRM)
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .expect("the preflight");
    assert!(preflight
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    app.stop().await;
}

#[tokio::test]
async fn a_configured_origin_may_call_the_api_and_read_its_headers_and_no_other_may() {
    let app = spawn_app_with(|settings| {
        settings.cors_origins =
            parse_origins(&format!("{CRM}, http://localhost:3000")).expect("the origins");
    })
    .await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;

    let preflight = app
        .request(Method::OPTIONS, "/api/v1/applications", None)
        .header("Origin", CRM)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type, idempotency-key, if-match",
        )
        .send()
        .await
        .expect("the preflight");
    assert!(preflight.status().is_success(), "{}", preflight.status());
    let header = |name: &str| {
        preflight
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_ascii_lowercase())
            .unwrap_or_default()
    };
    assert_eq!(header("access-control-allow-origin"), CRM);
    assert!(header("access-control-allow-methods").contains("post"));
    for sent in [
        "authorization",
        "content-type",
        "idempotency-key",
        "if-match",
    ] {
        assert!(
            header("access-control-allow-headers").contains(sent),
            "{sent} allowed"
        );
    }
    assert!(preflight
        .headers()
        .get("access-control-allow-credentials")
        .is_none());

    let read = app
        .request(Method::GET, "/api/v1/people", Some(&secretariat))
        .header("Origin", CRM)
        .send()
        .await
        .expect("the read");
    assert_eq!(read.status(), 200);
    assert_eq!(read.headers()["access-control-allow-origin"], CRM);
    let exposed = read.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for header in ["etag", "location", "x-request-id", "idempotent-replayed"] {
        assert!(exposed.contains(header), "{header} exposed: {exposed}");
    }

    let other = app
        .request(Method::GET, "/api/v1/people", Some(&secretariat))
        .header("Origin", "https://elsewhere.example")
        .send()
        .await
        .expect("the read");
    assert!(other.headers().get("access-control-allow-origin").is_none());
    // The pages are same-origin forms: no CORS there.
    let page = app
        .request(Method::GET, "/sign-in", None)
        .header("Origin", CRM)
        .send()
        .await
        .expect("the page");
    assert!(page.headers().get("access-control-allow-origin").is_none());
    app.stop().await;
}
