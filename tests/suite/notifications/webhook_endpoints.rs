//! Managing webhook endpoints: disabling and enabling them, the endpoints the server
//! disables itself, and the requests it refuses.

use super::webhook_steps::{hooking_app, open, register, until_disabled};
use charter_domain::Role;
use charter_tests::{assert_problem, WebhookReceiver};
use serde_json::{json, Value};
use std::time::Duration;

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
        .list(&format!("{path}/deliveries"), &secretariat, position)
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
        .list(
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
        app.list("/api/v1/webhooks", &secretariat, 0).await,
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
