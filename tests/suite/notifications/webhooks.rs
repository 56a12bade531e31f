//! Webhooks, received by a real HTTP receiver on loopback that verifies every delivery
//! with the `standardwebhooks` crate, as receivers do.

use super::support::PUBLIC_URL;
use super::webhook_steps::{hooking_app, open, register, webhook};
use crate::api::steps;
use charter_domain::Role;
use charter_tests::WebhookReceiver;
use reqwest::header::CACHE_CONTROL;
use serde_json::{json, Value};
use std::time::Duration;

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

    let mut received = receiver.wait_for(2).await;
    assert_eq!(received.len(), 2, "{received:#?}");
    received.sort_by_key(|d| d.json()["data"]["position"].as_i64());
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
    let listed = app.list("/api/v1/webhooks", &secretariat, 0).await;
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
        .list(
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
        assert_eq!(row["tries"][0]["outcome"], "sent");
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
        .list(
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
    let outcomes: Vec<&Value> = deliveries[0]["tries"]
        .as_array()
        .expect("tries")
        .iter()
        .map(|attempt| &attempt["outcome"])
        .collect();
    assert_eq!(outcomes, ["failed", "failed", "sent"], "{deliveries:#}");
    assert!(deliveries[0]["tries"][0]["detail"]
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
async fn a_vote_is_told_without_its_ballots_and_each_of_its_events_names_the_application() {
    let receiver = WebhookReceiver::start().await;
    let app = hooking_app(5, Duration::from_secs(3600)).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let members = steps::committee(&app).await;
    let (_, secret) = register(
        &app,
        &secretariat,
        &receiver,
        &[
            "vote.opened",
            "vote.ballot_cast",
            "vote.closed",
            "application.appeal_granted",
        ],
    )
    .await;
    let (_, id) = steps::appealed(&app, &secretariat, "Lisbon").await;
    let vote = steps::open_vote(
        &app,
        &secretariat,
        json!({"application_id": id, "motion": {"kind": "appeal"}}),
    )
    .await;
    for member in &members {
        let ballot = json!({"choice": "yes", "reason": "SEALED-REASON"});
        steps::cast(&app, member, &vote, ballot).await;
    }
    steps::close(&app, &secretariat, &vote).await;

    // Opened, three ballots, closed, and the appeal the committee's decision granted, in
    // the order of the log (webhooks promise no order of arrival).
    let mut received = receiver.wait_for(6).await;
    received.sort_by_key(|d| d.json()["data"]["position"].as_i64());
    let types: Vec<Value> = received.iter().map(|d| d.json()["type"].clone()).collect();
    assert_eq!(
        types,
        [
            "vote.opened",
            "vote.ballot_cast",
            "vote.ballot_cast",
            "vote.ballot_cast",
            "vote.closed",
            "application.appeal_granted"
        ]
    );
    for delivery in &received {
        assert!(delivery.verifies_with(&secret));
        let body = delivery.json();
        assert_eq!(body["data"]["application_id"], id.as_str(), "{body:#}");
        if body["type"] != "application.appeal_granted" {
            assert_eq!(body["data"]["vote_id"], vote.as_str());
            assert_eq!(
                body["data"]["links"]["vote"],
                format!("{PUBLIC_URL}/api/v1/votes/{vote}")
            );
        }
        let text = String::from_utf8_lossy(&delivery.body).into_owned();
        for secret_of_the_ballot in ["\"yes\"", "SEALED-REASON", "Carla", "Dmitri", "Eun-ji"] {
            assert!(!text.contains(secret_of_the_ballot), "{text}");
        }
    }
}
