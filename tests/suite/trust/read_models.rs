//! An erased person's name, address and the words written about them are in no page of
//! the database once they are erased: not in the read models, not in a stored answer, not
//! in an old row version that an UPDATE left behind.

use super::pages::{holds, pages_by_relation};
use crate::api::erasure::{erase, story, ERASED_TEXTS};
use crate::projections::rebuild::settled;
use charter_tests::spawn_app;
use reqwest::Method;
use serde_json::json;

/// Registered by the secretariat with an Idempotency-Key, so that the stored answer
/// names her.
const REGISTERED: &str = "Wilhelmina Thistlewood";

#[tokio::test]
async fn after_an_erasure_no_page_of_the_database_holds_an_erased_name() {
    let app = spawn_app().await;
    let story = story(&app).await;
    let registered = app
        .request(Method::POST, "/api/v1/people", Some(&story.secretariat))
        .header("idempotency-key", "register-wilhelmina")
        .json(&json!({"name": REGISTERED, "email": "wilhelmina@thistle.example"}))
        .send()
        .await
        .expect("send");
    assert_eq!(registered.status(), 201);
    let registered: serde_json::Value = registered.json().await.expect("JSON");
    let registered = registered["person_id"]
        .as_str()
        .expect("id")
        .parse()
        .expect("a UUID");
    settled(&app.pool).await;

    for subject in [
        story.founder.person.0,
        story.panelist.person.0,
        story.member.person.0,
        registered,
    ] {
        erase(&app, &story.secretariat, subject).await;
    }
    settled(&app.pool).await;
    sqlx::query("VACUUM")
        .execute(&app.pool)
        .await
        .expect("vacuum");

    let mut needles: Vec<&str> = ERASED_TEXTS.to_vec();
    needles.extend(["Wilhelmina", "Thistlewood", "wilhelmina@thistle"]);
    let found: Vec<String> = pages_by_relation(&app.pool)
        .await
        .iter()
        .flat_map(|(relation, bytes)| {
            needles
                .iter()
                .filter(|needle| holds(bytes, needle.as_bytes()))
                .map(move |needle| format!("{needle} in {relation}"))
        })
        .collect();
    assert_eq!(found, Vec::<String>::new(), "erased values left on disk");
    app.stop().await;
}
