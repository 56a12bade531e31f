//! A closed secret vote's ballots cannot be opened from any copy of the database.

use super::pages::{every_page, holds};
use crate::api::steps::{appeal_vote, cast, close, AppealVote};
use charter_store::keys::data_keys::KeyOf;
use charter_store::keys::{registry, vote_keys};
use charter_tests::spawn_app;
use serde_json::json;
use uuid::Uuid;

#[tokio::test]
async fn after_the_close_no_page_of_the_database_nor_an_earlier_copy_opens_a_secret_ballot() {
    let app = spawn_app().await;
    let AppealVote {
        secretariat,
        members,
        vote,
        ..
    } = appeal_vote(&app, "Braga").await;
    let vote_id: Uuid = vote.parse().expect("a vote id");
    for (member, choice) in members.iter().zip(["no", "yes", "yes"]) {
        cast(&app, member, &vote, json!({"choice": choice})).await;
    }

    // While the vote is open, the database alone does not hold its key: only a wrapping
    // of it, under a key-encryption key the key directory keeps.
    let key = vote_keys::read(&app.pool, vote_id)
        .await
        .expect("the server opens the vote's key")
        .expect("an open vote has a key");
    let open_pages = every_page(&app.pool).await;
    assert!(
        !holds(&open_pages, &key),
        "an open vote's key is in the clear in the database"
    );
    // What a backup taken now holds.
    let (wrapped, kek): (Vec<u8>, Uuid) =
        sqlx::query_as("SELECT wrapped, kek FROM vote_keys WHERE vote_id = $1")
            .bind(vote_id)
            .fetch_one(&app.pool)
            .await
            .expect("the wrapped key");

    close(&app, &secretariat, &vote).await;
    sqlx::query("VACUUM")
        .execute(&app.pool)
        .await
        .expect("vacuum");

    let store = registry::store_id(&app.pool).await.expect("the store id");
    let keks = registry::of(store).expect("the store's KEKs");
    assert!(
        keks.unwrap(kek, &KeyOf::Vote(vote_id).context(), &wrapped)
            .expect("no error")
            .is_none(),
        "the backup's wrapped key still opens: its key-encryption key survived the close"
    );
    let closed_pages = every_page(&app.pool).await;
    assert!(
        !holds(&closed_pages, &key),
        "the closed vote's key survives in a page of the database"
    );
    // Every wrapping of the key still on a page (a dead row version) was made under a KEK
    // that is gone: nothing the key directory holds now opens any of them.
    let current: Uuid = sqlx::query_scalar("SELECT current FROM key_encryption")
        .fetch_one(&app.pool)
        .await
        .expect("the current KEK");
    assert_ne!(current, kek, "the close rotated the key-encryption key");
    app.stop().await;
}
