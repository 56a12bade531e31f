//! Reads served by a streaming replica: a real hot standby of a cluster of the test's own
//! (`pg_basebackup -R`). While its replay is held back, a read that must show the caller's
//! own write is served by the primary after a bounded wait; once the replica has replayed
//! it, by the replica; either way it shows the write.

use super::secretariat_token;
use charter_api::settings::{MailSettings, MailTransport, ReplicaSettings};
use charter_api::{Server, Settings};
use charter_tests::private_cluster;
use serde_json::{json, Value};
use sqlx::{Connection, PgConnection};
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

/// How long a read waits for the replica before the primary serves it.
const REPLICA_WAIT: Duration = Duration::from_millis(1_500);

/// The reads each database served, from `/metrics`: (replica, primary).
async fn served(client: &reqwest::Client, address: &str) -> (u64, u64) {
    let text = client
        .get(format!("{address}/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    let count = |by: &str| {
        text.lines()
            .find_map(|line| {
                line.strip_prefix(&format!(
                    "charter_reads_served_total{{served_by=\"{by}\"}} "
                ))
            })
            .and_then(|n| n.parse().ok())
            .expect("the counter")
    };
    (count("replica"), count("primary"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_from_a_replica_stay_fresh_while_its_replay_is_held_back() {
    let Some(primary) = private_cluster() else {
        return;
    };
    let url = primary.url("charter_replica");
    let pool = charter_store::db::connect(&url, 5).await.expect("connect");
    let token = secretariat_token(&pool).await;
    let standby = primary.standby().expect("a standby");
    let settings = Settings {
        listen: "127.0.0.1:0".parse().expect("an address"),
        mail: MailSettings {
            transport: MailTransport::Maildir(std::env::temp_dir().join("charter-replica-mail")),
            ..MailSettings::default()
        },
        notifications: false,
        key_dir: charter_tests::shared_key_dir(),
        anchor_dir: std::env::temp_dir().join("charter-replica-anchors"),
        replica: Some(ReplicaSettings {
            url: standby.url("charter_replica"),
            wait: REPLICA_WAIT,
            connections: 2,
        }),
        ..Settings::default()
    };
    let server = Server::build(settings, pool.clone()).await.expect("build");
    let address = format!("http://127.0.0.1:{}", server.port());
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(server.run_until_stopped(shutdown.clone()));
    let client = reqwest::Client::new();
    let post = |path: String, body: Value| {
        client
            .post(format!("{address}{path}"))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let read = |path: String| {
        client
            .get(format!("{address}{path}"))
            .bearer_auth(&token)
            .send()
    };

    // Replay flowing: the read of what was just opened is served by the replica.
    let opened = post(
        "/api/v1/applications".to_owned(),
        json!({"city": "Faro", "country": "PT", "hub_name": "Impact Hub Faro",
               "founders": [{"name": "Ines Lobo", "email": "ines@faro.example"}]}),
    )
    .await
    .expect("open");
    assert_eq!(opened.status(), 201);
    let location = opened.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let id = location.rsplit('/').next().expect("the id").to_owned();
    let before = served(&client, &address).await;
    let first = read(location.clone()).await.expect("read");
    assert_eq!(first.status(), 200);
    let after = served(&client, &address).await;
    assert_eq!(after.0, before.0 + 1, "served by the replica");

    // Replay held back: the write is not on the replica; the primary serves the read, fresh.
    let mut replica = PgConnection::connect(&standby.url("charter_replica"))
        .await
        .expect("the standby");
    sqlx::query("SELECT pg_wal_replay_pause()")
        .execute(&mut replica)
        .await
        .expect("pause");
    let interview = |n: u32| {
        post(
            format!("/api/v1/applications/{id}/interviews"),
            json!({"scheduled_for": "2099-01-01T10:00:00Z", "location": format!("Room {n}")}),
        )
    };
    let scheduled: Value = interview(1)
        .await
        .expect("schedule")
        .json()
        .await
        .expect("JSON");
    let before = served(&client, &address).await;
    let started = Instant::now();
    let held: Value = read(location.clone())
        .await
        .expect("read")
        .json()
        .await
        .expect("JSON");
    assert_eq!(held["version"], scheduled["version"], "fresh: {held}");
    assert!(
        started.elapsed() >= REPLICA_WAIT,
        "waited for the replica first"
    );
    let after = served(&client, &address).await;
    assert_eq!(after.1, before.1 + 1, "served by the primary");

    // Replay delayed, then let go within the wait: the replica serves it, fresh.
    let scheduled: Value = interview(2)
        .await
        .expect("schedule")
        .json()
        .await
        .expect("JSON");
    let resume = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        sqlx::query("SELECT pg_wal_replay_resume()")
            .execute(&mut replica)
            .await
            .expect("resume");
    });
    let before = served(&client, &address).await;
    let delayed: Value = read(location.clone())
        .await
        .expect("read")
        .json()
        .await
        .expect("JSON");
    assert_eq!(delayed["version"], scheduled["version"], "fresh: {delayed}");
    let after = served(&client, &address).await;
    assert_eq!(
        after.0,
        before.0 + 1,
        "served by the replica once it replayed"
    );
    resume.await.expect("resumed");

    shutdown.cancel();
    running.await.expect("the server").expect("stopped");
    pool.close().await;
}
