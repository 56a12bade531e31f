//! Announcing appended events: at once to this process's projectors, by NOTIFY to others.

use crate::projections::projector::database;
use charter_projections::engine::projector::EVENTS_CHANNEL;
use charter_projections::ProjectorStatus;
use charter_store::Announcer;
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::time::Duration;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

async fn listener(pool: &PgPool) -> PgListener {
    let mut listener = PgListener::connect_with(pool).await.expect("listener");
    listener.listen(EVENTS_CHANNEL).await.expect("listen");
    listener
}

/// Whether a notification arrives within `within`.
async fn notified(listener: &mut PgListener, within: Duration) -> bool {
    tokio::time::timeout(within, listener.recv()).await.is_ok()
}

#[tokio::test]
async fn a_direct_announcer_notifies_before_it_returns() {
    let (_db, pool) = database().await;
    let mut listener = listener(&pool).await;
    Announcer::direct(pool.clone()).announce().await;
    assert!(notified(&mut listener, Duration::from_secs(5)).await);
}

#[tokio::test]
async fn a_background_announcer_wakes_local_projectors_at_once_and_others_unless_it_projects_all() {
    let (_db, pool) = database().await;
    let mut listener = listener(&pool).await;
    let wake = watch::Sender::new(0u64);
    let mut woken = wake.subscribe();
    let announcer = Announcer::background(wake.clone());
    let group = watch::Sender::new(ProjectorStatus::Running);
    let manager = watch::Sender::new(ProjectorStatus::Running);
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(announcer.clone().run(
        pool.clone(),
        vec![group.subscribe(), manager.subscribe()],
        Duration::from_millis(5),
        shutdown.clone(),
    ));

    // Both local projectors hold their locks: the local wake is enough.
    announcer.announce().await;
    assert!(woken.has_changed().expect("wake"), "woken at once");
    woken.mark_unchanged();
    assert!(!notified(&mut listener, Duration::from_millis(300)).await);

    // Another instance holds one of them: it is told too. So it is when one fails (it
    // may have failed to take its locks).
    manager.send_replace(ProjectorStatus::Failing("cannot take the lock".to_owned()));
    announcer.announce().await;
    assert!(notified(&mut listener, Duration::from_secs(5)).await);
    manager.send_replace(ProjectorStatus::Standby);
    announcer.announce().await;
    assert!(woken.has_changed().expect("wake"));
    assert!(notified(&mut listener, Duration::from_secs(5)).await);

    // Announcements made meanwhile fold into few notifications, and none is lost: the
    // last one is followed by one.
    for _ in 0..50 {
        announcer.announce().await;
    }
    let mut count = 0;
    while notified(&mut listener, Duration::from_millis(300)).await {
        count += 1;
    }
    assert!((1..50).contains(&count), "{count} notifications");

    shutdown.cancel();
    running.await.expect("stops");
}
