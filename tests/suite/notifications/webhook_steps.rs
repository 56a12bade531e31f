//! What the webhook tests share: a server that retries quickly, registering the test's
//! receiver, and reading an endpoint back.

use super::support::PUBLIC_URL;
use charter_api::settings::Settings;
use charter_notifications::outbox::deliver::Retry;
use charter_tests::{spawn_app_with, Caller, TestApp, WebhookReceiver};
use reqwest::header::{CACHE_CONTROL, LOCATION};
use serde_json::{json, Value};
use std::time::Duration;

/// A server whose webhooks are retried quickly (`attempts` tries 50 to 200 ms apart) and
/// whose endpoints are disabled after failing for `disable_after`.
pub async fn hooking_app(attempts: i32, disable_after: Duration) -> TestApp {
    spawn_app_with(move |settings: &mut Settings| {
        settings.mail.public_url = Some(PUBLIC_URL.to_owned());
        settings.mail.poll = Duration::from_millis(50);
        settings.mail.retry = Retry {
            attempts,
            give_up_after: Duration::ZERO,
            first_wait: Duration::from_millis(50),
            longest: Duration::from_millis(200),
        };
        settings.mail.webhook_disable_after = disable_after;
    })
    .await
}

/// Registers `receiver` for `event_types`; returns the webhook's id and its secret.
pub async fn register(
    app: &TestApp,
    secretariat: &Caller,
    receiver: &WebhookReceiver,
    event_types: &[&str],
) -> (String, String) {
    let response = app
        .post(
            "/api/v1/webhooks",
            secretariat,
            &json!({"url": receiver.url(), "event_types": event_types}),
        )
        .await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()[CACHE_CONTROL], "no-store");
    let location = response.headers()[LOCATION]
        .to_str()
        .expect("ASCII")
        .to_owned();
    let body: Value = response.json().await.expect("JSON");
    let id = body["webhook_id"].as_str().expect("an id").to_owned();
    assert_eq!(location, format!("/api/v1/webhooks/{id}"));
    let secret = body["secret"].as_str().expect("the secret").to_owned();
    assert!(secret.starts_with("whsec_"), "{secret}");
    (id, secret)
}

/// The webhook as the secretariat reads it.
pub async fn webhook(app: &TestApp, secretariat: &Caller, id: &str) -> Value {
    app.read(&format!("/api/v1/webhooks/{id}"), secretariat, 0)
        .await
}

/// Opens an application; returns its id and the position of its event.
pub async fn open(app: &TestApp, city: &str) -> (String, i64) {
    let (_, opened) = app.open_application(city).await;
    (
        opened["application_id"].as_str().expect("id").to_owned(),
        opened["position"].as_i64().expect("position"),
    )
}

/// Polls the webhook until it is disabled (at most 20 s); returns it as last read.
pub async fn until_disabled(app: &TestApp, secretariat: &Caller, id: &str) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let shown = webhook(app, secretariat, id).await;
        if shown["enabled"] == false || tokio::time::Instant::now() > deadline {
            return shown;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
