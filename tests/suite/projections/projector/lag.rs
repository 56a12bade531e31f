//! How far behind a projection is.

use super::{database, tick};
use std::time::Duration;

#[tokio::test]
async fn the_lag_a_health_check_shows_is_counted_up_to_a_cap_and_keeps_the_oldest_age() {
    let (_db, pool) = database().await;
    for sequence in 1..=5 {
        tick(&pool, sequence).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;

    // Nothing has projected into "nobody" yet: every event is behind.
    let (all, age) = charter_projections::lag(&pool, "nobody")
        .await
        .expect("lag");
    let (counted, counted_age) = charter_projections::lag_up_to(&pool, "nobody", 3)
        .await
        .expect("capped lag");

    assert_eq!(all, 5);
    assert_eq!(counted, 3, "counted up to the cap");
    assert!(age >= 0.05, "the oldest event is {age} s old");
    // The same oldest event, a moment later.
    assert!(
        counted_age >= age && counted_age - age < 1.0,
        "{counted_age} vs {age}"
    );
    let (under, _) = charter_projections::lag_up_to(&pool, "nobody", 10)
        .await
        .expect("lag under the cap");
    assert_eq!(under, 5, "a backlog under the cap is counted whole");
}
