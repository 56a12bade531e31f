//! The test support's streaming standby: a cluster of the test's own and a hot standby of
//! it that replays its writes, and whose replay a test can hold back (the replica tests
//! rely on both).

use charter_tests::private_cluster;
use sqlx::{Connection, PgConnection};
use std::time::{Duration, Instant};

async fn count(connection: &mut PgConnection) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM written")
        .fetch_one(connection)
        .await
        .unwrap_or(-1)
}

async fn until_seen(standby: &mut PgConnection, rows: i64) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(standby).await != rows {
        assert!(Instant::now() < deadline, "the standby replays {rows} rows");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_standby_replays_the_primary_and_its_replay_can_be_held_back() {
    let Some(primary) = private_cluster() else {
        return;
    };
    let standby = primary.standby().expect("a standby");
    let mut writer = PgConnection::connect(&primary.url("postgres"))
        .await
        .expect("the primary");
    let mut reader = PgConnection::connect(&standby.url("postgres"))
        .await
        .expect("the standby");
    let recovering: bool = sqlx::query_scalar("SELECT pg_is_in_recovery()")
        .fetch_one(&mut reader)
        .await
        .expect("recovery");
    assert!(recovering, "a standby");
    sqlx::raw_sql("CREATE TABLE written (n int); INSERT INTO written VALUES (1)")
        .execute(&mut writer)
        .await
        .expect("write");
    until_seen(&mut reader, 1).await;

    sqlx::query("SELECT pg_wal_replay_pause()")
        .execute(&mut reader)
        .await
        .expect("pause");
    sqlx::query("INSERT INTO written VALUES (2)")
        .execute(&mut writer)
        .await
        .expect("write");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(count(&mut reader).await, 1, "held back");
    sqlx::query("SELECT pg_wal_replay_resume()")
        .execute(&mut reader)
        .await
        .expect("resume");
    until_seen(&mut reader, 2).await;
}
