//! Two servers on one database: each projector runs in one of them at a time, no event is
//! applied twice, and when one is killed the other takes its work over.

use super::{assert_all_stored, assert_read_models_match_a_rebuild, load, secretariat_token};
use charter_tests::{ServerProcess, TestDatabase};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Each worker's status on the server at `address`, by name.
async fn workers(address: &str) -> BTreeMap<String, String> {
    let body: Value = reqwest::get(format!("{address}/readyz"))
        .await
        .expect("readyz")
        .json()
        .await
        .expect("JSON");
    body["projections"]
        .as_array()
        .expect("workers")
        .iter()
        .map(|w| {
            (
                w["name"].as_str().expect("name").to_owned(),
                w["status"].as_str().expect("status").to_owned(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_share_the_work_and_one_takes_over_when_the_other_dies() {
    let database = TestDatabase::create().await;
    let pool = database.pool(5).await;
    let token = secretariat_token(&pool).await;
    let mut first = ServerProcess::start(&database.url()).await;
    let second = ServerProcess::start(&database.url()).await;

    // Every projector (and the process manager) runs in exactly one of the two.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (a, b) = (
            workers(&first.address).await,
            workers(&second.address).await,
        );
        let split = a
            .iter()
            .filter(|(name, _)| *name != "scheduler")
            .all(|(name, status)| {
                let other = b.get(name).map(String::as_str);
                matches!(
                    (status.as_str(), other),
                    ("running", Some("standby")) | ("standby", Some("running"))
                )
            });
        if split {
            break;
        }
        assert!(Instant::now() < deadline, "no clean split: {a:?} / {b:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let stop = Arc::new(AtomicBool::new(false));
    let running = tokio::spawn(load(
        vec![first.address.clone(), second.address.clone()],
        token.clone(),
        16,
        stop.clone(),
    ));
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    first.kill();
    // The survivor takes every projector over.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let statuses = workers(&second.address).await;
        if statuses
            .iter()
            .all(|(name, status)| name == "scheduler" || status == "running")
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the survivor did not take over: {statuses:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    let (acks, _) = running.await.expect("load");
    assert!(acks.len() > 50, "{} acknowledged", acks.len());
    assert_all_stored(&pool, &acks).await;
    assert_read_models_match_a_rebuild(&pool).await;
    drop(second);
}
