//! A command retried after its server was killed in the middle of it: the retry is
//! answered as soon as a server is back, and carries the command out exactly once, even
//! when the first request's append outlives its server inside the database.

use super::secretariat_token;
use charter_tests::{ServerProcess, TestDatabase};
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_after_a_kill_mid_request_is_carried_out_once_as_soon_as_a_server_is_back() {
    let database = TestDatabase::create().await;
    let pool = database.pool(5).await;
    let token = secretariat_token(&pool).await;
    let mut server = ServerProcess::start(&database.url()).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let open = |client: &reqwest::Client, address: &str| {
        client
            .post(format!("{address}/api/v1/applications"))
            .bearer_auth(&token)
            .header("Idempotency-Key", "open-braga")
            .json(
                &json!({"city": "Braga", "country": "PT", "hub_name": "Impact Hub Braga",
                          "founders": [{"name": "Rui Lima", "email": "rui@braga.example"}]}),
            )
            .send()
    };

    // The request is held where it appends its events, after it claimed its key: its
    // append waits inside PostgreSQL, which goes on waiting after the server is killed.
    let mut lock = pool.begin().await.expect("a transaction");
    sqlx::query("LOCK TABLE events IN SHARE MODE")
        .execute(&mut *lock)
        .await
        .expect("hold the appends");
    let first = tokio::spawn(open(&client, &server.address));
    appends_waiting(&pool, 1).await;
    server.kill();
    assert!(
        first.await.expect("the first request").is_err(),
        "no answer"
    );
    server.restart().await;

    // The retry finds the claim's instance dead and runs the command; its append waits
    // beside the first one's. Then both go on: the first request's, which outlived its
    // server, is refused, as the retry holds its claim now.
    let retry = tokio::spawn(open(&client, &server.address));
    appends_waiting(&pool, 2).await;
    lock.rollback().await.expect("let the appends go");
    let retried = retry.await.expect("the retry").expect("an answer");
    assert_eq!(retried.status(), 201, "{:?}", retried.text().await);
    let written: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT aggregate_id FROM events
         WHERE metadata ->> 'idempotency_key' = 'open-braga'",
    )
    .fetch_all(&pool)
    .await
    .expect("the events");
    assert_eq!(written.len(), 1, "carried out once: {written:?}");
    let again = open(&client, &server.address).await.expect("a replay");
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    drop(server);
}

/// Waits until `count` appends of events wait for the table's lock.
async fn appends_waiting(pool: &sqlx::PgPool, count: i64) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'
               AND query ILIKE '%append_event_groups%'",
        )
        .fetch_one(pool)
        .await
        .expect("the waiting appends");
        if waiting >= count {
            return;
        }
        assert!(Instant::now() < deadline, "{count} appends wait: {waiting}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
