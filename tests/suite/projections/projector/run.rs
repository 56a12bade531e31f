//! A running projector's pace.

use super::{commands, count, database, write_history, Census};
use charter_projections::{Projector, ProjectorSettings};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

#[tokio::test]
async fn a_paced_projector_woken_waits_its_pace_then_reads_what_came_meanwhile() {
    let (_db, pool) = database().await;
    let pace = Duration::from_millis(400);
    let projector = Projector::new(
        pool.clone(),
        Arc::new(Census),
        ProjectorSettings {
            // Only a wake-up starts a pass here.
            idle_poll: Duration::from_secs(30),
            pace,
            ..ProjectorSettings::default()
        },
        watch::Sender::new(0),
    );
    let wake = watch::Sender::new(0u64);
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(projector.run(wake.subscribe(), shutdown.clone()));
    // Idle once it has looked at the empty store.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let commands = commands(&pool);
    write_history(&commands, 1).await;
    let woken = tokio::time::Instant::now();
    wake.send_modify(|n| *n += 1);
    write_history(&commands, 1).await;
    let census = "SELECT count(*) FROM census";
    while count(&pool, census).await < 4 {
        assert!(woken.elapsed() < Duration::from_secs(10), "applied in time");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(woken.elapsed() >= pace, "read no sooner than its pace");
    shutdown.cancel();
    running.await.expect("stops");
}
