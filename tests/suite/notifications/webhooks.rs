//! Webhooks, received by a real HTTP receiver on loopback that verifies every delivery
//! with the `standardwebhooks` crate, as receivers do.

use super::support::PUBLIC_URL;
use charter_api::settings::Settings;
use charter_domain::Role;
use charter_notifications::outbox::deliver::Retry;
use charter_tests::{assert_problem, spawn_app_with, Caller, TestApp, WebhookReceiver};
use reqwest::header::{CACHE_CONTROL, LOCATION};
use serde_json::{json, Value};
use std::time::Duration;

/// A server whose webhooks are retried quickly (`attempts` tries 50 to 200 ms apart) and
/// whose endpoints are disabled after failing for `disable_after`.
async fn hooking_app(attempts: i32, disable_after: Duration) -> TestApp {
    spawn_app_with(move |settings: &mut Settings| {
        settings.mail.public_url = Some(PUBLIC_URL.to_owned());
        settings.mail.poll = Duration::from_millis(50);
        settings.mail.retry = Retry {
            attempts,
            first_wait: Duration::from_millis(50),
            longest: Duration::from_millis(200),
        };
        settings.mail.webhook_disable_after = disable_after;
    })
    .await
}

/// Registers `receiver` for `event_types`; returns the webhook's id and its secret.
async fn register(
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
async fn webhook(app: &TestApp, secretariat: &Caller, id: &str) -> Value {
    app.read(&format!("/api/v1/webhooks/{id}"), secretariat, 0)
        .await
}

/// Opens an application; returns its id and the position of its event.
async fn open(app: &TestApp, city: &str) -> (String, i64) {
    let (_, opened) = app.open_application(city).await;
    (
        opened["application_id"].as_str().expect("id").to_owned(),
        opened["position"].as_i64().expect("position"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registered_endpoint_receives_signed_events_with_links_and_no_personal_data() {
    let receiver = WebhookReceiver::start().await;
    let app = hooking_app(5, Duration::from_secs(3600)).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let (webhook_id, secret) = register(
        &app,
        &secretariat,
        &receiver,
        &["application.opened", "application.eligibility_granted"],
    )
    .await;

    let (id, _) = open(&app, "Porto").await;
    let eligible = app
        .post(
            &format!("/api/v1/applications/{id}/eligibility"),
            &secretariat,
            &json!({"note": "the founders are known to the network"}),
        )
        .await;
    assert_eq!(eligible.status(), 200);
    let position = eligible.json::<Value>().await.expect("JSON")["position"]
        .as_i64()
        .expect("position");

    let received = receiver.wait_for(2).await;
    assert_eq!(received.len(), 2, "{received:#?}");
    let types: Vec<Value> = received.iter().map(|d| d.json()["type"].clone()).collect();
    assert_eq!(
        types,
        ["application.opened", "application.eligibility_granted"]
    );
    for delivery in &received {
        assert!(delivery.verifies_with(&secret), "{delivery:?}");
        assert_eq!(delivery.header("content-type"), "application/json");
        let body = delivery.json();
        let data = &body["data"];
        assert_eq!(data["application_id"], id.as_str(), "{body:#}");
        assert_eq!(data["aggregate_type"], "Application");
        assert_eq!(
            data["links"]["application"],
            format!("{PUBLIC_URL}/api/v1/applications/{id}")
        );
        assert_eq!(
            data["links"]["timeline"],
            format!("{PUBLIC_URL}/api/v1/applications/{id}/timeline")
        );
        assert!(body["timestamp"].is_string(), "{body:#}");
        // What happened and where to read it: no names, addresses or notes.
        let text = String::from_utf8_lossy(&delivery.body).into_owned();
        for personal in [
            "Ana",
            "ana@porto.example",
            "Founder of",
            "known to the network",
        ] {
            assert!(!text.contains(personal), "{personal} in {text}");
        }
    }
    assert_eq!(received[1].json()["data"]["position"], position);

    // The secretariat reads the endpoint and its deliveries, never the secret.
    let listed = app.read("/api/v1/webhooks", &secretariat, 0).await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    let one = webhook(&app, &secretariat, &webhook_id).await;
    for shown in [&listed, &one] {
        assert!(!shown.to_string().contains(&secret), "{shown:#}");
        assert!(!shown.to_string().contains("\"secret\""), "{shown:#}");
    }
    assert_eq!(one["url"], receiver.url());
    assert_eq!(one["enabled"], true);
    assert!(one["last_success_at"].is_string(), "{one:#}");
    let deliveries = app
        .read(
            &format!("/api/v1/webhooks/{webhook_id}/deliveries"),
            &secretariat,
            position,
        )
        .await;
    let rows = deliveries.as_array().expect("a list");
    assert_eq!(rows.len(), 2, "{deliveries:#}");
    for row in rows {
        assert_eq!(row["status"], "sent", "{row:#}");
        assert_eq!(row["channel"], "webhook");
        assert_eq!(row["attempts"][0]["outcome"], "sent");
        let message = row["message_id"].as_str().expect("id");
        assert!(received.iter().any(|d| d.id() == message), "{message}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_receiver_gets_the_same_message_again_until_it_answers() {
    let receiver = WebhookReceiver::start().await;
    receiver.answer_next(&[500, 500]);
    let app = hooking_app(5, Duration::from_secs(3600)).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let (webhook_id, secret) =
        register(&app, &secretariat, &receiver, &["application.opened"]).await;

    let (id, position) = open(&app, "Lisbon").await;

    let received = receiver.wait_for(3).await;
    assert_eq!(
        received.len(),
        3,
        "two failures and a success: {received:#?}"
    );
    let first = received[0].id();
    assert!(!first.is_empty());
    for delivery in &received {
        assert_eq!(delivery.id(), first, "the same webhook-id on every try");
        assert!(delivery.verifies_with(&secret), "{delivery:?}");
        assert_eq!(delivery.json()["data"]["application_id"], id.as_str());
    }
    let deliveries = app
        .read(
            &format!("/api/v1/webhooks/{webhook_id}/deliveries"),
            &secretariat,
            position,
        )
        .await;
    assert_eq!(
        deliveries[0]["message_id"],
        first.as_str(),
        "{deliveries:#}"
    );
    assert_eq!(deliveries[0]["status"], "sent");
    let outcomes: Vec<&Value> = deliveries[0]["attempts"]
        .as_array()
        .expect("attempts")
        .iter()
        .map(|attempt| &attempt["outcome"])
        .collect();
    assert_eq!(outcomes, ["failed", "failed", "sent"], "{deliveries:#}");
    assert!(deliveries[0]["attempts"][0]["detail"]
        .as_str()
        .is_some_and(|detail| detail.contains("500")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_rotation_only_the_new_secret_verifies() {
    let receiver = WebhookReceiver::start().await;
    let app = hooking_app(5, Duration::from_secs(3600)).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let (webhook_id, old) = register(&app, &secretariat, &receiver, &["application.opened"]).await;
    open(&app, "Porto").await;
    let before = receiver.wait_for(1).await;
    assert_eq!(before.len(), 1);
    assert!(before[0].verifies_with(&old));

    let rotated = app
        .post(
            &format!("/api/v1/webhooks/{webhook_id}/rotate-secret"),
            &secretariat,
            &json!({}),
        )
        .await;
    assert_eq!(rotated.status(), 200);
    assert_eq!(rotated.headers()[CACHE_CONTROL], "no-store");
    let rotated: Value = rotated.json().await.expect("JSON");
    let new = rotated["secret"].as_str().expect("a new secret").to_owned();
    assert!(new.starts_with("whsec_") && new != old);
    assert!(rotated["secret_rotated_at"].is_string(), "{rotated:#}");

    open(&app, "Braga").await;
    let after = receiver.wait_for(2).await;
    assert_eq!(after.len(), 2);
    assert!(after[1].verifies_with(&new));
    assert!(
        !after[1].verifies_with(&old),
        "the old secret stops at once"
    );
    let shown = webhook(&app, &secretariat, &webhook_id).await;
    assert!(!shown.to_string().contains(&new), "{shown:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_endpoint_is_sent_nothing_until_it_is_enabled_again() {
    let receiver = WebhookReceiver::start().await;
    let app = hooking_app(5, Duration::from_secs(3600)).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let (webhook_id, secret) =
        register(&app, &secretariat, &receiver, &["application.opened"]).await;
    let path = format!("/api/v1/webhooks/{webhook_id}");

    let disabled = app
        .post(&format!("{path}/disable"), &secretariat, &json!({}))
        .await;
    assert_eq!(disabled.status(), 200);
    let disabled: Value = disabled.json().await.expect("JSON");
    assert_eq!(disabled["enabled"], false);
    assert_eq!(disabled["disabled_reason"], "disabled by the secretariat");
    let again = app
        .post(&format!("{path}/disable"), &secretariat, &json!({}))
        .await;
    assert_problem(again, 409, "webhook-already-disabled").await;

    let (_, position) = open(&app, "Porto").await;
    // Once the subscriber has passed the event, nothing was put in the outbox for it.
    let deliveries = app
        .read(&format!("{path}/deliveries"), &secretariat, position)
        .await;
    assert_eq!(deliveries, json!([]));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(receiver.received().is_empty());

    let enabled = app
        .post(&format!("{path}/enable"), &secretariat, &json!({}))
        .await;
    assert_eq!(enabled.status(), 200);
    assert_eq!(
        enabled.json::<Value>().await.expect("JSON")["enabled"],
        true
    );
    let (braga, _) = open(&app, "Braga").await;
    let received = receiver.wait_for(1).await;
    assert_eq!(
        received.len(),
        1,
        "only the event after enabling: {received:#?}"
    );
    assert_eq!(received[0].json()["data"]["application_id"], braga.as_str());
    assert!(received[0].verifies_with(&secret));
}

/// Polls the webhook until it is disabled (at most 20 s); returns it as last read.
async fn until_disabled(app: &TestApp, secretariat: &Caller, id: &str) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let shown = webhook(app, secretariat, id).await;
        if shown["enabled"] == false || tokio::time::Instant::now() > deadline {
            return shown;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endpoint_failing_past_the_limit_is_disabled_and_its_messages_die() {
    let receiver = WebhookReceiver::start().await;
    receiver.answer_always(Some(503));
    let app = hooking_app(1000, Duration::from_millis(400)).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let (webhook_id, _) = register(&app, &secretariat, &receiver, &["application.opened"]).await;
    open(&app, "Porto").await;

    let shown = until_disabled(&app, &secretariat, &webhook_id).await;
    assert_eq!(shown["enabled"], false, "{shown:#}");
    assert!(
        shown["disabled_reason"]
            .as_str()
            .is_some_and(|reason| reason.contains("failed for longer than 400 ms")),
        "{shown:#}"
    );
    assert!(shown["failing_since"].is_string(), "{shown:#}");
    let tries = receiver.received().len();
    assert!(tries >= 2, "tried again before giving up: {tries}");
    let deliveries = app
        .read(
            &format!("/api/v1/webhooks/{webhook_id}/deliveries"),
            &secretariat,
            0,
        )
        .await;
    assert_eq!(deliveries[0]["status"], "dead", "{deliveries:#}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(receiver.received().len(), tries, "nothing more is sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_answering_gone_disables_its_endpoint_at_once() {
    let receiver = WebhookReceiver::start().await;
    receiver.answer_next(&[410]);
    let app = hooking_app(5, Duration::from_secs(3600)).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let (webhook_id, _) = register(&app, &secretariat, &receiver, &["application.opened"]).await;
    open(&app, "Porto").await;

    let shown = until_disabled(&app, &secretariat, &webhook_id).await;
    assert_eq!(shown["enabled"], false, "{shown:#}");
    assert_eq!(shown["disabled_reason"], "the receiver answered 410 Gone");
    assert_eq!(receiver.received().len(), 1, "never tried again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_registrations_and_other_callers_are_refused_and_change_nothing() {
    let receiver = WebhookReceiver::start().await;
    let app = hooking_app(5, Duration::from_secs(3600)).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let url = receiver.url();
    for (body, field) in [
        (
            json!({"url": "ftp://hooks.example/in", "event_types": ["vote.closed"]}),
            "url",
        ),
        (
            json!({"url": "not a url", "event_types": ["vote.closed"]}),
            "url",
        ),
        (
            json!({"url": "https://me:pw@hooks.example/", "event_types": ["vote.closed"]}),
            "url",
        ),
        (json!({"url": url, "event_types": []}), "event_types"),
        (
            json!({"url": url, "event_types": ["vote.closed", "vote.gossip"]}),
            "event_types",
        ),
        (json!({"url": url}), "."),
        (
            json!({"url": url, "event_types": ["vote.closed"], "secret": "mine"}),
            ".",
        ),
    ] {
        let refused = app.post("/api/v1/webhooks", &secretariat, &body).await;
        let problem = assert_problem(refused, 422, "invalid-body").await;
        if field != "." {
            assert_eq!(problem["field"], field, "{body}: {problem:#}");
        }
    }
    let not_json = app
        .request(
            reqwest::Method::POST,
            "/api/v1/webhooks",
            Some(&secretariat),
        )
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("send");
    assert_problem(not_json, 400, "bad-request").await;

    let panelist = app.caller(Role::Panelist, "Mei Lin").await;
    let good = json!({"url": url, "event_types": ["vote.closed"]});
    let refused = app.post("/api/v1/webhooks", &panelist, &good).await;
    assert_problem(refused, 403, "forbidden").await;
    let refused = app.get("/api/v1/webhooks", &panelist).await;
    assert_problem(refused, 403, "forbidden").await;

    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM webhooks")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(stored, 0, "nothing was registered");
    assert_eq!(
        app.read("/api/v1/webhooks", &secretariat, 0).await,
        json!([])
    );

    // An endpoint that is there is the secretariat's alone; one that is not is 404.
    let (id, _) = register(&app, &secretariat, &receiver, &["vote.closed"]).await;
    for path in [
        format!("/api/v1/webhooks/{id}"),
        format!("/api/v1/webhooks/{id}/deliveries"),
    ] {
        assert_problem(app.get(&path, &panelist).await, 403, "forbidden").await;
    }
    for action in ["disable", "enable", "rotate-secret"] {
        let path = format!("/api/v1/webhooks/{id}/{action}");
        let refused = app.post(&path, &panelist, &json!({})).await;
        assert_problem(refused, 403, "forbidden").await;
    }
    let unknown = uuid::Uuid::now_v7();
    for path in [
        format!("/api/v1/webhooks/{unknown}"),
        format!("/api/v1/webhooks/{unknown}/deliveries"),
    ] {
        assert_problem(app.get(&path, &secretariat).await, 404, "not-found").await;
    }
    let refused = app
        .post(
            &format!("/api/v1/webhooks/{unknown}/rotate-secret"),
            &secretariat,
            &json!({}),
        )
        .await;
    assert_problem(refused, 404, "not-found").await;
    let refused = app.get("/api/v1/webhooks/nothing", &secretariat).await;
    assert_problem(refused, 400, "bad-request").await;
    let enabled = app
        .post(
            &format!("/api/v1/webhooks/{id}/enable"),
            &secretariat,
            &json!({}),
        )
        .await;
    assert_problem(enabled, 409, "webhook-already-enabled").await;
}
