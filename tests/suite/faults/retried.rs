//! A command retried after its server was killed in the middle of it: the retry is
//! answered as soon as a server is back, and carries the command out exactly once.

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

    // The request is held where it appends its events, after it claimed its key.
    let mut lock = pool.begin().await.expect("a transaction");
    sqlx::query("LOCK TABLE events IN SHARE MODE")
        .execute(&mut *lock)
        .await
        .expect("hold the appends");
    let first = tokio::spawn(open(&client, &server.address));
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let claimed: i64 = sqlx::query_scalar("SELECT count(*) FROM idempotency_keys")
            .fetch_one(&pool)
            .await
            .expect("claims");
        if claimed == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "the request claimed its key");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill();
    assert!(
        first.await.expect("the first request").is_err(),
        "no answer"
    );
    lock.rollback().await.expect("let the appends go");
    server.restart().await;

    let retried = open(&client, &server.address).await.expect("the retry");
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
