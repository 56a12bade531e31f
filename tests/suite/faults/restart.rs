//! PostgreSQL restarted under load: the server answers 503 while it is gone, says so in
//! `/readyz`, recovers by itself, and loses nothing it acknowledged.

use super::{assert_all_stored, assert_read_models_match_a_rebuild, load, secretariat_token};
use charter_tests::private_cluster;
use charter_tests::ServerProcess;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_answers_503_while_postgres_is_gone_and_recovers_by_itself() {
    let Some(cluster) = private_cluster() else {
        return;
    };
    let url = cluster.url("charter_faults");
    let pool = charter_store::db::connect(&url, 5).await.expect("connect");
    let token = secretariat_token(&pool).await;
    let server = ServerProcess::start(&url).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");

    let stop = Arc::new(AtomicBool::new(false));
    let running = tokio::spawn(load(
        vec![server.address.clone()],
        token.clone(),
        8,
        stop.clone(),
    ));
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    cluster.crash().expect("the cluster crashed");
    pool.close().await;

    // While it is gone: prompt 503s, no hang, and /readyz says why.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for _ in 0..3 {
        let started = Instant::now();
        let response = client
            .post(format!("{}/api/v1/applications", server.address))
            .bearer_auth(&token)
            .json(
                &serde_json::json!({"city": "Porto", "country": "PT", "hub_name": "Hub",
                "founders": [{"name": "Rui", "email": "rui@porto.example"}]}),
            )
            .send()
            .await
            .expect("the server answers");
        assert_eq!(
            response.status(),
            503,
            "a command while the database is gone"
        );
        assert!(
            started.elapsed() < Duration::from_secs(8),
            "answered in {:?}",
            started.elapsed()
        );
    }
    let ready = client
        .get(format!("{}/readyz", server.address))
        .send()
        .await
        .expect("readyz answers");
    assert_eq!(ready.status(), 503);
    let ready: serde_json::Value = ready.json().await.expect("JSON");
    assert_eq!(ready["database"], false, "{ready}");

    cluster.start_again().expect("the cluster started again");
    let back = Instant::now();
    loop {
        let ready = client
            .get(format!("{}/readyz", server.address))
            .send()
            .await;
        if ready.is_ok_and(|r| r.status() == 200) {
            break;
        }
        assert!(
            back.elapsed() < Duration::from_secs(20),
            "not ready 20 s after the restart"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!(
        "ready again {:?} after PostgreSQL came back",
        back.elapsed()
    );
    tokio::time::sleep(Duration::from_millis(700)).await;
    stop.store(true, Ordering::Relaxed);
    let (acks, _) = running.await.expect("load");
    assert!(acks.len() > 20, "{} acknowledged", acks.len());

    let pool = charter_store::db::connect(&url, 5)
        .await
        .expect("reconnect");
    assert_all_stored(&pool, &acks).await;
    assert_read_models_match_a_rebuild(&pool).await;
    drop(server);
}
