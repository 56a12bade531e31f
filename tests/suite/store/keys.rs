//! The key directory: keys an earlier version kept in the clear are wrapped at first start,
//! and a store started with a directory that is not its own is refused at once.

use charter_store::keys::{self, KeyError};
use charter_store::personal_data::KeyRing;
use charter_tests::{init_logs, TestDatabase};
use uuid::Uuid;

#[tokio::test]
async fn the_first_start_wraps_the_keys_kept_in_the_clear_and_they_open_as_before() {
    init_logs();
    let database = TestDatabase::create().await;
    let pool = database.pool(4).await;
    charter_store::db::migrate(&pool).await.expect("migrate");
    // As the version before this one left them.
    let subject = Uuid::new_v4();
    let vote = Uuid::new_v4();
    sqlx::query("INSERT INTO personal_data_keys (subject_id, key) VALUES ($1, $2)")
        .bind(subject)
        .bind([7u8; 32].as_slice())
        .execute(&pool)
        .await
        .expect("a key in the clear");
    sqlx::query("INSERT INTO vote_keys (vote_id, key) VALUES ($1, $2)")
        .bind(vote)
        .bind([8u8; 32].as_slice())
        .execute(&pool)
        .await
        .expect("a vote key in the clear");

    keys::open(&database.key_dir(), &pool).await.expect("open");

    let plain: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM personal_data_keys WHERE key IS NOT NULL)
              + (SELECT count(*) FROM vote_keys WHERE key IS NOT NULL)",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(plain, 0, "every key is wrapped");
    let mut conn = pool.acquire().await.expect("conn");
    let ring = KeyRing::load(&mut conn, &[subject]).await.expect("load");
    assert_eq!(ring.keys().collect::<Vec<_>>(), [(subject, [7u8; 32])]);
    let vote_key = keys::vote_keys::read(&pool, vote).await.expect("read");
    assert_eq!(vote_key, Some([8u8; 32]));
    // One KEK file in the store's folder, and nothing due any more.
    let due: bool = sqlx::query_scalar("SELECT rotation_due FROM key_encryption")
        .fetch_one(&pool)
        .await
        .expect("due");
    assert!(!due);
    let store = keys::registry::store_id(&pool).await.expect("store");
    let folder = database.key_dir().join(store.to_string());
    let keks: Vec<_> = std::fs::read_dir(folder)
        .expect("the store's folder")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .into_string()
                .expect("name")
        })
        .filter(|name| name.starts_with("kek-"))
        .collect();
    assert_eq!(keks.len(), 1, "{keks:?}");
}

#[tokio::test]
async fn a_key_directory_that_is_not_the_stores_is_refused_at_start() {
    init_logs();
    let database = TestDatabase::create().await;
    let pool = database.pool(4).await;
    charter_store::db::migrate(&pool).await.expect("migrate");
    keys::open(&database.key_dir(), &pool).await.expect("open");
    let elsewhere = database.key_dir().join("elsewhere");
    match keys::open(&elsewhere, &pool).await {
        Err(KeyError::UnknownKek(_)) => {}
        other => panic!("an empty key directory was accepted: {other:?}"),
    }
    // The right one still works.
    keys::open(&database.key_dir(), &pool)
        .await
        .expect("open again");
}

#[tokio::test]
async fn a_rotation_wraps_every_living_key_again_and_leaves_the_destroyed_ones_destroyed() {
    init_logs();
    let database = TestDatabase::create().await;
    let pool = database.pool(4).await;
    charter_store::db::migrate(&pool).await.expect("migrate");
    keys::open(&database.key_dir(), &pool).await.expect("open");
    let kept = Uuid::new_v4();
    let erased = Uuid::new_v4();
    let before = KeyRing::for_sealing(&pool, &[kept, erased])
        .await
        .expect("seal");
    charter_store::personal_data::destroy_key(&pool, erased)
        .await
        .expect("destroy");
    let rotation = keys::rotation::rotate_if_due(&pool)
        .await
        .expect("rotate")
        .expect("due after a destruction");
    assert_eq!(rotation.keys, 1);
    assert_eq!(rotation.destroyed, 1);
    assert!(keys::rotation::rotate_if_due(&pool)
        .await
        .expect("no")
        .is_none());
    let mut conn = pool.acquire().await.expect("conn");
    let after = KeyRing::load(&mut conn, &[kept, erased])
        .await
        .expect("load");
    let kept_key = |ring: &KeyRing| ring.keys().find(|(id, _)| *id == kept).map(|(_, k)| k);
    assert_eq!(kept_key(&after), kept_key(&before));
    assert!(after.keys().all(|(id, _)| id != erased));
}
