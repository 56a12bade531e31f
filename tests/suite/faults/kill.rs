//! SIGKILL during a load of concurrent commands, then a restart.

use super::{assert_all_stored, assert_read_models_match_a_rebuild, load, secretariat_token};
use charter_tests::{ServerProcess, TestDatabase};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_command_survives_a_sigkill_and_the_read_models_catch_up() {
    let database = TestDatabase::create().await;
    let pool = database.pool(5).await;
    let token = secretariat_token(&pool).await;
    let mut server = ServerProcess::start(&database.url()).await;

    let stop = Arc::new(AtomicBool::new(false));
    let running = tokio::spawn(load(
        vec![server.address.clone()],
        token.clone(),
        16,
        stop.clone(),
    ));
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    // In the middle of the load: no shutdown, no flush.
    server.kill();
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.restart().await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    stop.store(true, Ordering::Relaxed);
    let (acks, failed) = running.await.expect("load");

    assert!(
        acks.len() > 50,
        "the load got going: {} acknowledged",
        acks.len()
    );
    assert!(failed > 0, "some requests met the dead server");
    assert_all_stored(&pool, &acks).await;
    assert_read_models_match_a_rebuild(&pool).await;
    drop(server);
}
