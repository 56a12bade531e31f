//! The token cache: a token is served from it until a change to the tokens is heard, and
//! a lost listener connection empties it until the connection is back.

use super::tokens::{status_on, PANELIST_READ};
use charter_domain::Role;
use charter_tests::{assert_problem, spawn_app, Caller, TestApp};

/// Silences (or restores) the notification a change to the tokens sends, as if it were
/// lost on its way.
async fn announce_token_changes(app: &TestApp, on: bool) {
    let change = if on { "ENABLE" } else { "DISABLE" };
    sqlx::query(&format!(
        "ALTER TABLE api_tokens {change} TRIGGER api_tokens_announce"
    ))
    .execute(&app.pool)
    .await
    .expect("switch the trigger");
}

async fn revoke_in_the_database(app: &TestApp, caller: &Caller) {
    sqlx::query("UPDATE api_tokens SET revoked_at = now() WHERE token_hash = $1")
        .bind(charter_api::auth::hash_token(&caller.token).as_slice())
        .execute(&app.pool)
        .await
        .expect("revoke");
}

#[tokio::test]
async fn a_token_is_served_from_the_cache_until_a_change_to_the_tokens_is_heard() {
    let app = spawn_app().await;
    app.token_cache_serving(None).await;
    let panelist = app.caller(Role::Panelist, "Paula Panel").await;
    let other = app.caller(Role::Panelist, "Pedro Panel").await;
    assert_eq!(status_on(&app, PANELIST_READ, &panelist).await, 200);
    assert_eq!(app.state.tokens.len(), 1, "kept after its first check");

    // Revoked, and the notification lost: the cache still answers for it, which shows it
    // is the cache that answers...
    announce_token_changes(&app, false).await;
    revoke_in_the_database(&app, &panelist).await;
    assert_eq!(status_on(&app, PANELIST_READ, &panelist).await, 200);
    // ...and the next change heard empties it: the revocation now counts.
    announce_token_changes(&app, true).await;
    let heard = app.state.tokens.generation();
    revoke_in_the_database(&app, &other).await;
    app.token_change_heard(heard).await;
    assert_problem(app.get(PANELIST_READ, &panelist).await, 401, "unauthorized").await;
    assert_problem(app.get(PANELIST_READ, &other).await, 401, "unauthorized").await;
    assert!(app.state.tokens.is_empty(), "refused tokens are not kept");
    app.stop().await;
}

#[tokio::test]
async fn a_lost_listener_connection_empties_the_cache_until_it_is_back() {
    let app = spawn_app().await;
    app.token_cache_serving(None).await;
    let panelist = app.caller(Role::Panelist, "Paula Panel").await;
    assert_eq!(status_on(&app, PANELIST_READ, &panelist).await, 200);
    assert_eq!(app.state.tokens.len(), 1);
    let connected = app.state.tokens.generation();

    // A revocation whose notification would have come while the connection was down.
    announce_token_changes(&app, false).await;
    revoke_in_the_database(&app, &panelist).await;
    let cut: i64 = sqlx::query_scalar(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("cut the listener's connection");
    assert_eq!(cut, 1, "one listener, for tokens, keys and events alike");
    app.token_cache_serving(Some(connected)).await;

    assert!(
        app.state.tokens.generation() >= connected + 2,
        "stopped, then started again"
    );
    assert_problem(app.get(PANELIST_READ, &panelist).await, 401, "unauthorized").await;
    announce_token_changes(&app, true).await;
    let tokens = app.state.tokens.clone();
    app.stop().await;
    assert!(!tokens.is_live(), "a stopped server's cache serves no one");
}
