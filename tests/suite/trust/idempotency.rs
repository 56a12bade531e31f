//! A ballot's Idempotency-Key tells nothing of its choice: not through the API after the
//! close, not from the fingerprint kept in the database.

use crate::api::steps::{appeal_vote, cast, close, AppealVote};
use charter_domain::Role;
use charter_tests::spawn_app;
use reqwest::Method;
use serde_json::json;
use sha2::{Digest, Sha256};

#[tokio::test]
async fn replaying_a_closed_secret_ballots_key_answers_the_same_for_every_choice() {
    let app = spawn_app().await;
    let AppealVote {
        secretariat,
        members,
        vote,
        ..
    } = appeal_vote(&app, "Braga").await;
    let path = format!("/api/v1/votes/{vote}/ballots");
    let send = |choice: &'static str| {
        app.request(Method::POST, &path, Some(&members[0]))
            .header("idempotency-key", "ballot-1")
            .json(&json!({"choice": choice}))
            .send()
    };
    let first = send("no").await.expect("send");
    assert_eq!(first.status(), 201);
    for member in &members[1..] {
        cast(&app, member, &vote, json!({"choice": "yes"})).await;
    }
    close(&app, &secretariat, &vote).await;

    let mut answers = Vec::new();
    for choice in ["yes", "no", "abstain"] {
        let replayed = send(choice).await.expect("send");
        let status = replayed.status();
        answers.push((status, replayed.text().await.expect("body")));
    }
    assert!(
        answers.iter().all(|answer| *answer == answers[0]),
        "the answers differ by choice: {answers:?}"
    );
    assert_eq!(answers[0].0, 201, "the first answer, replayed");
    assert!(!answers[0].1.contains("\"no\""), "{}", answers[0].1);

    // The attacker with the database: the kept fingerprint is no hash they can compute
    // from a guessed body, and the kept answer names no choice.
    let (fingerprint, body): (Vec<u8>, Vec<u8>) =
        sqlx::query_as("SELECT fingerprint, body FROM idempotency_keys WHERE key = 'ballot-1'")
            .fetch_one(&app.pool)
            .await
            .expect("the kept key");
    for choice in ["yes", "no", "abstain"] {
        for body in [
            json!({"choice": choice}).to_string(),
            format!("{{\"choice\":\"{choice}\"}}"),
        ] {
            let mut hash = Sha256::new();
            hash.update(format!("POST\0{path}\0application/json\0{body}"));
            assert_ne!(hash.finalize().to_vec(), fingerprint);
        }
    }
    let body = String::from_utf8_lossy(&body);
    assert!(!body.contains("\"no\""), "{body}");
    app.stop().await;
}

#[tokio::test]
async fn another_body_under_a_used_key_is_still_refused_outside_ballots() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let send = |name: &'static str| {
        app.request(Method::POST, "/api/v1/people", Some(&secretariat))
            .header("idempotency-key", "person-1")
            .json(&json!({"name": name, "email": "ana@example.org"}))
            .send()
    };
    let first = send("Ana Pool").await.expect("send");
    assert_eq!(
        first.status(),
        201,
        "{}",
        first.text().await.unwrap_or_default()
    );
    assert_eq!(send("Ana Pool").await.expect("send").status(), 201);
    assert_eq!(send("Someone Else").await.expect("send").status(), 422);
    app.stop().await;
}

#[tokio::test]
async fn a_kept_answer_is_sealed_and_opens_no_more_once_the_person_it_names_is_erased() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let send = |key: &'static str| {
        app.request(Method::POST, "/api/v1/people", Some(&secretariat))
            .header("idempotency-key", key)
            .json(&json!({"name": "Ana Pool", "email": "ana@example.org"}))
            .send()
    };
    let first = send("person-1").await.expect("send");
    assert_eq!(first.status(), 201);
    let person = first.json::<serde_json::Value>().await.expect("JSON")["person_id"]
        .as_str()
        .expect("id")
        .to_owned();
    // The row as a backup taken now keeps it.
    let (fingerprint, kept): (Vec<u8>, Vec<u8>) =
        sqlx::query_as("SELECT fingerprint, body FROM idempotency_keys WHERE key = 'person-1'")
            .fetch_one(&app.pool)
            .await
            .expect("the kept answer");
    let text = String::from_utf8_lossy(&kept);
    assert!(
        text.starts_with("sealed:v1:") && text.contains(&person),
        "{text}"
    );
    assert!(
        !text.contains("Ana Pool") && !text.contains("ana@example"),
        "{text}"
    );
    let replayed = send("person-1").await.expect("send");
    assert_eq!(replayed.status(), 201);
    assert!(replayed.text().await.expect("body").contains("Ana Pool"));

    let erased = app
        .post(
            &format!("/api/v1/people/{person}/erasure"),
            &secretariat,
            &json!({}),
        )
        .await;
    assert!(erased.status().is_success());
    // The backup's row, restored under another key: it opens no more.
    sqlx::query(
        "INSERT INTO idempotency_keys (person_id, key, fingerprint, status, headers, body)
         VALUES ($1, 'person-copy', $2, 201, '{}', $3)",
    )
    .bind(secretariat.person.0)
    .bind(&fingerprint)
    .bind(&kept)
    .execute(&app.pool)
    .await
    .expect("restore");
    let answer = send("person-copy").await.expect("send");
    let status = answer.status();
    let body = answer.text().await.expect("body");
    assert!(!body.contains("Ana Pool"), "{body}");
    assert_eq!(status, 409, "{body}");
    app.stop().await;
}
