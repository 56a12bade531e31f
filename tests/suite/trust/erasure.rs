//! An erased person's key cannot be recovered from any copy of the database.

use super::pages::{every_page, holds};
use charter_store::keys::data_keys::KeyOf;
use charter_store::keys::registry;
use charter_store::personal_data::KeyRing;
use charter_tests::spawn_app;
use serde_json::json;
use uuid::Uuid;

#[tokio::test]
async fn after_an_erasure_no_page_of_the_database_nor_an_earlier_copy_holds_the_persons_key() {
    let app = spawn_app().await;
    let secretariat = app.caller(charter_domain::Role::Secretariat, "Sam").await;
    let (founder, _) = app.open_application("Lisbon").await;
    let subject = founder.person.0;
    let mut conn = app.pool.acquire().await.expect("a connection");
    let ring = KeyRing::load(&mut conn, &[subject])
        .await
        .expect("the keys");
    drop(conn);
    let key = ring
        .keys()
        .find(|(id, _)| *id == subject)
        .map(|(_, key)| key)
        .expect("the founder's key");
    assert!(
        !holds(&every_page(&app.pool).await, &key),
        "a person's key is in the clear in the database"
    );
    let (wrapped, kek): (Vec<u8>, Uuid) =
        sqlx::query_as("SELECT wrapped, kek FROM personal_data_keys WHERE subject_id = $1")
            .bind(subject)
            .fetch_one(&app.pool)
            .await
            .expect("the wrapped key");

    let erased = app
        .post(
            &format!("/api/v1/people/{subject}/erasure"),
            &secretariat,
            &json!({}),
        )
        .await;
    assert!(
        erased.status().is_success(),
        "{}",
        erased.text().await.unwrap_or_default()
    );
    sqlx::query("VACUUM")
        .execute(&app.pool)
        .await
        .expect("vacuum");

    let keks = registry::of(registry::store_id(&app.pool).await.expect("store")).expect("KEKs");
    assert!(
        keks.unwrap(kek, &KeyOf::Person(subject).context(), &wrapped)
            .expect("no error")
            .is_none(),
        "a backup's wrapping of the erased key still opens"
    );
    assert!(
        !holds(&every_page(&app.pool).await, &key),
        "the erased person's key survives in a page of the database"
    );
    app.stop().await;
}
