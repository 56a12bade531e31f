//! A mail server that is down delays mail; it never loses it or sends it twice. A message
//! that keeps failing is dead, the secretariat hears of it and can send it again. A message
//! to someone erased meanwhile is never sent.

use super::support::{mailing_app, received, summary, to, wait_for_invitations, wait_for_mail};
use charter_domain::Role;
use charter_tests::{assert_problem, Caller, SmtpServer, TestApp};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::time::Duration;

/// Opens `count` applications, each founder told once its eligibility is granted;
/// returns the last command's position.
async fn grant_eligibility(app: &TestApp, secretariat: &Caller, count: usize) -> i64 {
    let mut position = 0;
    for n in 0..count {
        let (_, opened) = app.open_application(&format!("Town{n}")).await;
        let id = opened["application_id"].as_str().expect("id");
        let granted = app
            .post(
                &format!("/api/v1/applications/{id}/eligibility"),
                secretariat,
                &json!({}),
            )
            .await;
        assert_eq!(granted.status(), 200);
        position = granted.json::<Value>().await.expect("JSON")["position"]
            .as_i64()
            .expect("position");
    }
    position
}

/// The deliveries, read once the notifier has decided up to `position`.
async fn deliveries(app: &TestApp, secretariat: &Caller, query: &str, position: i64) -> Vec<Value> {
    app.list(
        &format!("/api/v1/notifications/deliveries?{query}"),
        secretariat,
        position,
    )
    .await
    .as_array()
    .expect("a list")
    .clone()
}

/// Waits until some delivery has failed at least once.
async fn until_a_try_failed(app: &TestApp, secretariat: &Caller, position: i64) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let rows = deliveries(app, secretariat, "", position).await;
        if rows.iter().any(|row| row["last_error"].is_string()) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no try failed: {rows:#?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_waits_out_a_mail_server_that_is_down_and_each_message_arrives_exactly_once() {
    let mut smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp, 1000).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    smtp.stop().await;
    let position = grant_eligibility(&app, &secretariat, 6).await;
    until_a_try_failed(&app, &secretariat, position).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(received(&smtp).is_empty());
    smtp.resume().await;

    let mail = wait_for_mail(&smtp, 6).await;
    assert_eq!(mail.len(), 6, "{}", summary(&mail));
    let ids: HashSet<&str> = mail.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!(ids.len(), 6, "each message once");
    let rows = deliveries(&app, &secretariat, "", position).await;
    assert_eq!(rows.len(), 6);
    for row in &rows {
        assert_eq!(row["status"], "sent", "{row:#}");
        assert!(
            row["attempts"].as_i64() > Some(1),
            "tried while down: {row:#}"
        );
        // The same Message-ID on every try: the one that arrived is the row's.
        let id = format!("{}@hubs.test", row["message_id"].as_str().expect("id"));
        assert!(ids.contains(id.as_str()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_that_keeps_failing_is_dead_until_the_secretariat_sends_it_again() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp, 2).await;
    let secretariat = app
        .issue_with_email(Role::Secretariat, "Sam Secretary", Some("sam@hubs.test"))
        .await;
    // Their invitation first, so that the only message to die is the founder's.
    assert_eq!(wait_for_invitations(&smtp, 1).await.len(), 1);
    // Every message refused for now (451, "try later"): two tries each, then dead.
    smtp.refuse_next(1000);
    let position = grant_eligibility(&app, &secretariat, 1).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let dead = loop {
        let rows = deliveries(
            &app,
            &secretariat,
            "status=dead&kind=eligibility_granted",
            position,
        )
        .await;
        if let Some(row) = rows.first() {
            break row.clone();
        }
        assert!(tokio::time::Instant::now() < deadline, "never dead");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(dead["attempts"], 2, "{dead:#}");
    let id = dead["message_id"].as_str().expect("id").to_owned();
    let detail = app
        .read(
            &format!("/api/v1/notifications/deliveries/{id}"),
            &secretariat,
            0,
        )
        .await;
    let outcomes: Vec<&str> = detail["tries"]
        .as_array()
        .expect("tries")
        .iter()
        .filter_map(|attempt| attempt["outcome"].as_str())
        .collect();
    assert_eq!(outcomes, ["failed", "failed"]);

    smtp.refuse_next(0);
    let pending_again = app
        .post(
            &format!("/api/v1/notifications/deliveries/{id}/resend"),
            &secretariat,
            &json!({}),
        )
        .await;
    assert_eq!(pending_again.status(), 200);
    // The founder's message arrives once, and the secretariat hears it had died (that
    // message had died too while refused, unless it was tried after the refusals ended).
    let mail = wait_for_mail(&smtp, 1).await;
    let founder = to(&mail, "ana@town0.example");
    assert_eq!(founder.len(), 1, "{}", summary(&mail));
    assert_eq!(founder[0].message_id, format!("{id}@hubs.test"));
    let failing = deliveries(&app, &secretariat, "kind=delivery_failing", 0).await;
    assert_eq!(failing.len(), 1, "{failing:#?}");

    // Only a dead message is sent again.
    let again = app
        .post(
            &format!("/api/v1/notifications/deliveries/{id}/resend"),
            &secretariat,
            &json!({}),
        )
        .await;
    assert_problem(again, 409, "message-not-dead").await;
    let unknown = app
        .post(
            &format!(
                "/api/v1/notifications/deliveries/{}/resend",
                uuid::Uuid::now_v7()
            ),
            &secretariat,
            &json!({}),
        )
        .await;
    assert_problem(unknown, 404, "not-found").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_to_someone_erased_before_it_went_out_is_never_sent_nor_readable() {
    let mut smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp, 1000).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    smtp.stop().await;
    let position = grant_eligibility(&app, &secretariat, 1).await;
    let rows = deliveries(&app, &secretariat, "", position).await;
    assert_eq!(rows.len(), 1);
    let founder = rows[0]["recipient"].as_str().expect("recipient").to_owned();
    // Sealed in the outbox: the address is nowhere in the row as stored.
    let stored: String =
        sqlx::query_scalar("SELECT row_to_json(m)::text FROM notification_messages m")
            .fetch_one(&app.pool)
            .await
            .expect("the row");
    assert!(!stored.contains("ana@town0.example"), "{stored}");

    let erased = app
        .post(
            &format!("/api/v1/people/{founder}/erasure"),
            &secretariat,
            &json!({}),
        )
        .await;
    assert_eq!(erased.status(), 200);
    smtp.resume().await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let rows = deliveries(&app, &secretariat, "", position).await;
        if rows[0]["status"] == "dropped" {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "not dropped: {rows:#?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(received(&smtp).is_empty());
}
