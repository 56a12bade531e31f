//! The keys reads open are kept in the process only while a listener hears erasures, and
//! none is kept past an erasure made here, not even for the moment its announcement takes.

use charter_domain::personal::{self, ERASED};
use charter_store::opening::{open_texts, ReadKeys};
use charter_store::personal_data::{destroy_key, KeyRing};
use charter_tests::{init_logs, TestDatabase};
use sqlx::PgPool;
use uuid::Uuid;

/// A store with one person's key, and "Ana" sealed under it.
async fn one_sealed_name() -> (TestDatabase, PgPool, Uuid, String) {
    init_logs();
    let database = TestDatabase::create().await;
    let pool = database.pool(4).await;
    charter_store::db::migrate(&pool).await.expect("migrate");
    charter_store::keys::open(&database.key_dir(), &pool)
        .await
        .expect("keys");
    let subject = Uuid::new_v4();
    let ring = KeyRing::for_sealing(&pool, &[subject])
        .await
        .expect("a key");
    let keys: Vec<_> = ring.keys().collect();
    let sealed = personal::seal("Ana", &keys, [3; 12]);
    (database, pool, subject, sealed)
}

async fn opened(pool: &PgPool, sealed: &str) -> String {
    let mut text = sealed.to_owned();
    open_texts(pool, [&mut text]).await.expect("open");
    text
}

#[tokio::test]
async fn while_no_listener_hears_erasures_every_read_asks_the_database() {
    let (_database, pool, subject, sealed) = one_sealed_name().await;
    let keys = ReadKeys::of(&pool);

    assert_eq!(opened(&pool, &sealed).await, "Ana");
    assert!(!keys.holds(subject), "a key was kept with no one listening");
    assert!(
        !keys.holds_value(&sealed),
        "a value was kept with no one listening"
    );

    keys.listening(true);
    assert_eq!(opened(&pool, &sealed).await, "Ana");
    assert!(
        keys.holds(subject),
        "a read while erasures are heard keeps its keys"
    );

    // The listener is lost: what it would have heard meanwhile is not, so nothing kept
    // before serves, and nothing is kept until it is back.
    keys.listening(false);
    assert!(!keys.holds(subject));
    assert!(!keys.holds_value(&sealed));
    assert_eq!(opened(&pool, &sealed).await, "Ana");
    assert!(!keys.holds(subject));
    assert!(!keys.holds_value(&sealed));
}

#[tokio::test]
async fn an_erasure_here_forgets_the_kept_key_before_it_answers() {
    let (_database, pool, subject, sealed) = one_sealed_name().await;
    let keys = ReadKeys::of(&pool);
    keys.listening(true);
    assert_eq!(opened(&pool, &sealed).await, "Ana");
    assert!(keys.holds(subject));
    assert!(keys.holds_value(&sealed));

    // No listener will ever hear this one: the erasure itself must empty the cache. The
    // read comes first, so that nothing else here has emptied it before.
    destroy_key(&pool, subject).await.expect("erase");
    assert_eq!(opened(&pool, &sealed).await, ERASED);
    assert!(!keys.holds(subject), "the erased key is still kept");
    assert!(!keys.holds_value(&sealed), "an erased value is kept");
}
