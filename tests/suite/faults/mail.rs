//! Mail through faults: a SIGKILL between deciding a message and sending it loses nothing
//! and sends nothing twice (one while mail flows repeats at most the messages in hand, with
//! their Message-IDs), and two servers on one database send each message once.

use super::{load, secretariat_token};
use charter_tests::{ServerProcess, SmtpServer, TestDatabase};
use mail_parser::MessageParser;
use sqlx::PgPool;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// Every interview the load scheduled tells its founder once: waits (up to 60 s) until the
/// outbox holds one message per interview and all are sent; their Message-IDs.
async fn all_sent(pool: &PgPool) -> BTreeSet<String> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let interviews: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM events WHERE event_type = 'InterviewScheduled'",
        )
        .fetch_one(pool)
        .await
        .expect("count");
        let (messages, sent): (i64, i64) = sqlx::query_as(
            "SELECT count(*), count(*) FILTER (WHERE status = 'sent') FROM notification_messages",
        )
        .fetch_one(pool)
        .await
        .expect("count");
        if messages == interviews && sent == messages {
            let ids: Vec<Uuid> = sqlx::query_scalar("SELECT message_id FROM notification_messages")
                .fetch_all(pool)
                .await
                .expect("ids");
            return ids
                .into_iter()
                .map(|id| format!("{id}@localhost"))
                .collect();
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{interviews} interviews, {messages} messages, {sent} sent"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The Message-IDs the mail server received, in order (repeats kept).
fn received_ids(smtp: &SmtpServer) -> Vec<String> {
    smtp.received()
        .iter()
        .map(|raw| {
            MessageParser::default()
                .parse(raw)
                .and_then(|message| message.message_id().map(str::to_owned))
                .expect("a Message-ID")
        })
        .collect()
}

/// Runs the load against `addresses` for `for_how_long`; how many commands were answered.
async fn load_for(addresses: Vec<String>, token: &str, for_how_long: Duration) -> usize {
    let stop = Arc::new(AtomicBool::new(false));
    let running = tokio::spawn(load(addresses, token.to_owned(), 4, stop.clone()));
    tokio::time::sleep(for_how_long).await;
    stop.store(true, Ordering::Relaxed);
    running.await.expect("load").0.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sigkill_between_deciding_and_sending_loses_no_message_and_sends_none_twice() {
    let database = TestDatabase::create().await;
    let pool = database.pool(5).await;
    let token = secretariat_token(&pool).await;
    let mut smtp = SmtpServer::start().await;
    let url = smtp.url();
    let mut server = ServerProcess::start_mailing(&database.url(), Some(&url)).await;
    // The mail server is down: every message is decided and tried, none sent.
    smtp.stop().await;
    let acked = load_for(
        vec![server.address.clone()],
        &token,
        Duration::from_millis(1_500),
    )
    .await;
    assert!(acked > 10, "the load got going: {acked}");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let tried: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM notification_messages WHERE attempts > 0 AND status = 'pending'",
        )
        .fetch_one(&pool)
        .await
        .expect("count");
        if tried > 0 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "nothing was tried");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.kill();
    smtp.resume().await;
    server.restart().await;

    let expected = all_sent(&pool).await;
    let received = received_ids(&smtp);
    assert_eq!(received.len(), expected.len(), "each message exactly once");
    assert_eq!(received.into_iter().collect::<BTreeSet<_>>(), expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sigkill_while_mail_flows_loses_nothing_and_repeats_at_most_those_in_hand() {
    let database = TestDatabase::create().await;
    let pool = database.pool(5).await;
    let token = secretariat_token(&pool).await;
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let mut server = ServerProcess::start_mailing(&database.url(), Some(&url)).await;
    let stop = Arc::new(AtomicBool::new(false));
    let running = tokio::spawn(load(
        vec![server.address.clone()],
        token.clone(),
        4,
        stop.clone(),
    ));
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    server.kill();
    server.restart().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    running.await.expect("load");

    let expected = all_sent(&pool).await;
    let received = received_ids(&smtp);
    let distinct: BTreeSet<String> = received.iter().cloned().collect();
    assert_eq!(distinct, expected, "none lost");
    // A message the mail server accepted just before the kill, whose sending was not yet
    // recorded, goes again, with its Message-ID: each of the worker's senders hands over
    // one at a time.
    let senders = usize::try_from(charter_notifications::worker::SENDERS).unwrap_or(usize::MAX);
    assert!(
        received.len() <= expected.len() + senders,
        "{} received for {} messages",
        received.len(),
        expected.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_database_send_each_message_once() {
    let database = TestDatabase::create().await;
    let pool = database.pool(5).await;
    let token = secretariat_token(&pool).await;
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let first = ServerProcess::start_mailing(&database.url(), Some(&url)).await;
    let second = ServerProcess::start_mailing(&database.url(), Some(&url)).await;
    let acked = load_for(
        vec![first.address.clone(), second.address.clone()],
        &token,
        Duration::from_millis(2_000),
    )
    .await;
    assert!(acked > 10, "the load got going: {acked}");

    let expected = all_sent(&pool).await;
    let received = received_ids(&smtp);
    assert_eq!(received.len(), expected.len(), "each message exactly once");
    assert_eq!(received.into_iter().collect::<BTreeSet<_>>(), expected);
    drop((first, second));
}
