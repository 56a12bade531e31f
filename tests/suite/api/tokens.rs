//! Revoking tokens: the secretariat lists a person's tokens and revokes one over HTTP,
//! `charter token revoke` revokes one or all of a person's; a revoked token is refused from
//! its next request, and nothing else changes.

use charter_api::cli::{self, Cli, Command, RevokeArgs, TokenCommand};
use charter_domain::Role;
use charter_tests::{assert_problem, spawn_app, Caller, TestApp};
use reqwest::{Method, Response};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use uuid::Uuid;

/// A route `caller`'s role may read, to tell whether their token still works.
pub(super) const PANELIST_READ: &str = "/api/v1/reviews/queue";

/// `person`'s tokens as the secretariat lists them.
async fn tokens_of(app: &TestApp, secretariat: &Caller, person: &Caller) -> Vec<Value> {
    let path = format!("/api/v1/people/{}/tokens", person.person);
    let response = app.get(&path, secretariat).await;
    assert_eq!(response.status(), 200, "GET {path}");
    let listed: Value = response.json().await.expect("JSON");
    listed["items"].as_array().expect("a list").clone()
}

/// The id of the token `caller` holds, found by its hash as authentication finds it.
async fn token_id_of(app: &TestApp, caller: &Caller) -> Uuid {
    sqlx::query_scalar("SELECT token_id FROM api_tokens WHERE token_hash = $1")
        .bind(charter_api::auth::hash_token(&caller.token).as_slice())
        .fetch_one(&app.pool)
        .await
        .expect("the caller's token")
}

fn id_of(token: &Value) -> Uuid {
    token["token_id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .expect("a token id")
}

async fn revoke(app: &TestApp, caller: &Caller, token: Uuid) -> Response {
    app.request(
        Method::POST,
        &format!("/api/v1/tokens/{token}/revoke"),
        Some(caller),
    )
    .send()
    .await
    .expect("send")
}

/// The status `caller` gets on `path`.
pub(super) async fn status_on(app: &TestApp, path: &str, caller: &Caller) -> u16 {
    app.get(path, caller).await.status().as_u16()
}

/// Runs `charter token ...` in this process against the test database.
async fn charter_token(app: &TestApp, command: TokenCommand) -> anyhow::Result<()> {
    cli::run(Cli {
        database_url: app.database.url(),
        db_connections: 2,
        log_format: Default::default(),
        key_dir: app.database.key_dir(),
        anchor_dir: app.database.anchor_dir(),
        command: Command::Token { command },
    })
    .await
}

#[tokio::test]
async fn a_revoked_token_is_refused_from_its_next_request_while_the_persons_other_tokens_work() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let laptop = app.caller(Role::Panelist, "Paula Panel").await;
    let phone = app.another_token(&laptop).await;
    let bystander = app.caller(Role::Panelist, "Pedro Panel").await;
    assert_eq!(tokens_of(&app, &secretariat, &laptop).await.len(), 2);
    for caller in [&laptop, &phone, &bystander] {
        assert_eq!(status_on(&app, PANELIST_READ, caller).await, 200);
    }
    let gone = token_id_of(&app, &laptop).await;
    let events = app.event_count().await;

    let response = revoke(&app, &secretariat, gone).await;

    assert_eq!(response.status(), 200);
    let revoked: Value = response.json().await.expect("JSON");
    assert_eq!(revoked["token_id"], gone.to_string());
    assert_eq!(revoked["status"], "revoked");
    assert!(revoked["revoked_at"].is_string(), "{revoked}");
    assert_problem(app.get(PANELIST_READ, &laptop).await, 401, "unauthorized").await;
    assert_eq!(status_on(&app, PANELIST_READ, &phone).await, 200);
    assert_eq!(status_on(&app, PANELIST_READ, &bystander).await, 200);
    for token in tokens_of(&app, &secretariat, &laptop).await {
        let expected = if id_of(&token) == gone {
            "revoked"
        } else {
            "active"
        };
        assert_eq!(token["status"], expected, "{token}");
    }
    assert_eq!(app.event_count().await, events, "tokens are not events");
}

#[tokio::test]
async fn a_listed_token_shows_what_it_is_for_and_never_its_secret() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let (applicant, _) = app.open_application("Lisbon").await;

    let listed = tokens_of(&app, &secretariat, &applicant).await;

    assert_eq!(listed.len(), 1);
    let token = listed[0].as_object().expect("an object");
    let fields: BTreeSet<&str> = token.keys().map(String::as_str).collect();
    assert_eq!(
        fields,
        BTreeSet::from([
            "token_id",
            "person_id",
            "name",
            "role",
            "application_id",
            "label",
            "status",
            "created_at",
            "expires_at",
            "revoked_at",
        ])
    );
    // Issued by the secretariat: no label of the holder's.
    assert_eq!(token["label"], serde_json::Value::Null);
    assert_eq!(token["role"], "applicant");
    assert_eq!(token["status"], "active");
    assert_eq!(
        token["application_id"],
        TestApp::id_of(&applicant).to_string()
    );
    let text = listed[0].to_string();
    assert!(
        !text.contains(&applicant.token),
        "the secret is never shown"
    );
    let nobody = format!("/api/v1/people/{}/tokens", Uuid::new_v4());
    let response = app.get(&nobody, &secretariat).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.expect("JSON"),
        json!({"items": [], "next": null})
    );
}

#[tokio::test]
async fn an_unknown_token_is_404_and_revoking_a_revoked_one_is_409_and_changes_nothing() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let panelist = app.caller(Role::Panelist, "Paula Panel").await;
    let token = id_of(&tokens_of(&app, &secretariat, &panelist).await[0]);

    let unknown = Uuid::new_v4();
    let body = assert_problem(revoke(&app, &secretariat, unknown).await, 404, "not-found").await;
    assert_eq!(body["detail"], format!("there is no token {unknown}"));

    assert_eq!(revoke(&app, &secretariat, token).await.status(), 200);
    let before = tokens_of(&app, &secretariat, &panelist).await;
    let again = revoke(&app, &secretariat, token).await;
    let body = assert_problem(again, 409, "token-already-revoked").await;
    let detail = body["detail"].as_str().expect("a detail");
    assert!(detail.contains("already revoked"), "{detail}");
    assert_eq!(tokens_of(&app, &secretariat, &panelist).await, before);
}

#[tokio::test]
async fn a_revocation_sent_again_with_its_idempotency_key_repeats_the_first_answer() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let panelist = app.caller(Role::Panelist, "Paula Panel").await;
    let token = id_of(&tokens_of(&app, &secretariat, &panelist).await[0]);
    let send = || {
        app.request(
            Method::POST,
            &format!("/api/v1/tokens/{token}/revoke"),
            Some(&secretariat),
        )
        .header("Idempotency-Key", "revoke-paula-1")
        .send()
    };

    let first = send().await.expect("send");
    assert_eq!(first.status(), 200);
    let first: Value = first.json().await.expect("JSON");
    let again = send().await.expect("send");

    assert_eq!(again.status(), 200, "the first answer, not 409");
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.expect("JSON"), first);
}

#[tokio::test]
async fn only_the_secretariat_lists_or_revokes_tokens_and_a_refusal_changes_nothing() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let panelist = app.caller(Role::Panelist, "Paula Panel").await;
    let token = id_of(&tokens_of(&app, &secretariat, &panelist).await[0]);
    let (applicant, _) = app.open_application("Lisbon").await;
    let committee = app.caller(Role::Committee, "Carlos Committee").await;
    let before = tokens_of(&app, &secretariat, &panelist).await;

    // The panelist may not revoke even their own token: the secretariat does that.
    for caller in [&applicant, &panelist, &committee] {
        assert_problem(revoke(&app, caller, token).await, 403, "forbidden").await;
        let path = format!("/api/v1/people/{}/tokens", panelist.person);
        assert_problem(app.get(&path, caller).await, 403, "forbidden").await;
    }

    assert_eq!(tokens_of(&app, &secretariat, &panelist).await, before);
    assert_eq!(status_on(&app, PANELIST_READ, &panelist).await, 200);
}

#[tokio::test]
async fn charter_token_revoke_with_a_person_revokes_every_token_they_hold_and_no_one_elses() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let laptop = app.caller(Role::Panelist, "Paula Panel").await;
    let phone = app.another_token(&laptop).await;
    let tablet = app.another_token(&laptop).await;
    let bystander = app.caller(Role::Panelist, "Pedro Panel").await;
    // One revoked before: the all-form revokes the rest and leaves its time as it was.
    let first = tokens_of(&app, &secretariat, &laptop).await[0].clone();
    assert_eq!(
        revoke(&app, &secretariat, id_of(&first)).await.status(),
        200
    );
    let revoked_first = tokens_of(&app, &secretariat, &laptop).await[0].clone();

    let all = TokenCommand::Revoke(RevokeArgs {
        token_id: None,
        person: Some(laptop.person.0),
        json: false,
    });
    // Another process: the server hears of it by notification.
    let heard = app.state.tokens.generation();
    charter_token(&app, all)
        .await
        .expect("charter token revoke --person");
    app.token_change_heard(heard).await;

    for caller in [&laptop, &phone, &tablet] {
        assert_problem(app.get(PANELIST_READ, caller).await, 401, "unauthorized").await;
    }
    assert_eq!(status_on(&app, PANELIST_READ, &bystander).await, 200);
    // Still authenticated (403 for the panelist's route, not 401).
    assert_eq!(status_on(&app, PANELIST_READ, &secretariat).await, 403);
    let listed = tokens_of(&app, &secretariat, &laptop).await;
    assert!(listed.iter().all(|token| token["status"] == "revoked"));
    assert_eq!(listed[0], revoked_first);
    // Again: nothing left to revoke, and not an error.
    assert_eq!(
        charter_api::auth::revoke_all_for_person(&app.pool, laptop.person)
            .await
            .expect("revoke all"),
        0
    );
    assert_eq!(tokens_of(&app, &secretariat, &laptop).await, listed);
}

#[tokio::test]
async fn charter_token_revoke_revokes_one_token_and_fails_on_an_unknown_one() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let panelist = app.caller(Role::Panelist, "Paula Panel").await;
    let token = id_of(&tokens_of(&app, &secretariat, &panelist).await[0]);
    let one = |token_id| {
        TokenCommand::Revoke(RevokeArgs {
            token_id: Some(token_id),
            person: None,
            json: false,
        })
    };

    let unknown = Uuid::new_v4();
    let error = charter_token(&app, one(unknown))
        .await
        .expect_err("an unknown token fails");
    assert!(
        error
            .to_string()
            .contains(&format!("there is no token {unknown}")),
        "{error}"
    );
    assert_eq!(status_on(&app, PANELIST_READ, &panelist).await, 200);

    let heard = app.state.tokens.generation();
    charter_token(&app, one(token)).await.expect("revoke one");
    app.token_change_heard(heard).await;
    assert_problem(app.get(PANELIST_READ, &panelist).await, 401, "unauthorized").await;
    // Already revoked: said so, not an error, nothing changed.
    let before = tokens_of(&app, &secretariat, &panelist).await;
    charter_token(&app, one(token)).await.expect("revoke again");
    assert_eq!(tokens_of(&app, &secretariat, &panelist).await, before);
    let list = TokenCommand::List {
        person: panelist.person.0,
        json: false,
    };
    charter_token(&app, list).await.expect("charter token list");
}

#[tokio::test]
async fn the_revocation_route_offers_an_idempotency_key_but_no_if_match() {
    let app = spawn_app().await;
    let response = app
        .request(Method::GET, "/api/openapi.json", None)
        .send()
        .await
        .expect("send");
    let document: Value = response.json().await.expect("JSON");
    let operation = &document["paths"]["/api/v1/tokens/{id}/revoke"]["post"];

    let headers: Vec<&str> = operation["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter(|p| p["in"] == "header")
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(headers, ["Idempotency-Key"]);
    let responses = operation["responses"].as_object().expect("responses");
    for status in ["200", "401", "403", "404", "409"] {
        assert!(responses.contains_key(status), "{status} is documented");
    }
    assert!(!responses.contains_key("412"));
}
