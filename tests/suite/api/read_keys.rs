//! The keys a server's reads opened are forgotten as soon as it hears of an erasure made
//! by another process: a page shows no erased name for longer than the announcement takes.

use charter_domain::personal::ERASED;
use charter_domain::Role;
use charter_store::opening::ReadKeys;
use charter_tests::spawn_app;
use serde_json::Value;
use std::time::Duration;

#[tokio::test]
async fn an_erasure_by_another_process_empties_the_keys_reads_opened() {
    let app = spawn_app().await;
    // The listener is connected once the token cache serves.
    app.token_cache_serving(None).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let panelist = app.caller(Role::Panelist, "Octavia Brightwater").await;
    let subject = panelist.person.0;
    let keys = ReadKeys::of(&app.pool);

    let names = || async {
        let people: Value = app
            .get("/api/v1/people?limit=200", &secretariat)
            .await
            .json()
            .await
            .expect("JSON");
        people.to_string()
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !names().await.contains("Octavia Brightwater") {
        assert!(tokio::time::Instant::now() < deadline, "not on the roster");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(keys.holds(subject), "the list keeps the keys it opened");

    // Another instance destroys the key (as `destroy_key` does, but not in this process).
    sqlx::query(
        "UPDATE personal_data_keys SET key = NULL, wrapped = NULL, kek = NULL,
         erased_at = now() WHERE subject_id = $1",
    )
    .bind(subject)
    .execute(&app.pool)
    .await
    .expect("destroy the key elsewhere");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while keys.holds(subject) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the read cache still keeps the key destroyed elsewhere"
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    // The name opened for the list is forgotten with the key.
    let list = names().await;
    assert!(!list.contains("Octavia Brightwater"), "{list}");
    assert!(list.contains(ERASED), "{list}");
    app.stop().await;
}
