//! What the database keeps of sign-in codes and sessions opens nothing for its reader,
//! and tells no name.

use crate::pages::support::{code_in, code_mail, pages_app, Visit};
use charter_domain::Role;
use charter_tests::SmtpServer;
use reqwest::redirect;
use sha2::{Digest, Sha256};
use uuid::Uuid;

#[tokio::test]
async fn a_reader_of_the_database_can_neither_take_a_session_over_nor_guess_a_code() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;
    visit.open("/account").await;
    assert_eq!(visit.path, "/account", "the visit is signed in");

    // The code: six digits, so its stored form must not be a hash anyone can compute.
    let (code_id, code_hash): (Uuid, Vec<u8>) =
        sqlx::query_as("SELECT code_id, code_hash FROM sign_in_codes")
            .fetch_one(&app.pool)
            .await
            .expect("the code's row");
    let code = code_in(&code_mail(&smtp, "ayla@hubs.test", 0).await);
    let mut guess = Sha256::new();
    guess.update(code_id.as_bytes());
    guess.update(code.as_bytes());
    assert_ne!(
        guess.finalize().to_vec(),
        code_hash,
        "the code is an unkeyed hash"
    );

    // What a session holds (the person's name, their roles) is sealed.
    let data: Vec<Vec<u8>> = sqlx::query_scalar("SELECT data FROM web_sessions")
        .fetch_all(&app.pool)
        .await
        .expect("the sessions' data");
    for data in &data {
        let text = String::from_utf8_lossy(data);
        assert!(
            !text.contains("Ayla"),
            "a session keeps the name in the clear: {text}"
        );
    }

    // Every session id the database holds, tried as a cookie.
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM web_sessions")
        .fetch_all(&app.pool)
        .await
        .expect("the sessions");
    assert!(!ids.is_empty());
    for id in ids {
        let stranger = reqwest::Client::builder()
            .redirect(redirect::Policy::none())
            .build()
            .expect("a client");
        let response = stranger
            .get(format!("{}/account", app.address))
            .header("cookie", format!("charter={id}"))
            .send()
            .await
            .expect("the page");
        assert!(
            response.status().is_redirection(),
            "the session stored as {id} was taken over: {}",
            response.status()
        );
    }
}
