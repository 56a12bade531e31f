//! A claim on an `Idempotency-Key` left behind by a crash: settled at once when the instance
//! that made it has died, by its age when it names none, and by the events that carry the
//! key: a command that took effect is not carried out again, and its retry learns where to
//! read what it did.

use super::retries::{interview_route, post_with, problem_type};
use charter_domain::Role;
use charter_tests::spawn_app;

#[tokio::test]
async fn a_claim_left_by_a_crash_is_settled_by_the_events() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let (path, body) = interview_route(&app).await;
    let first = post_with(
        &app,
        &path,
        &secretariat,
        &body,
        &[("Idempotency-Key", "k1")],
    )
    .await;
    assert_eq!(first.status(), 201);

    // An instance that crashed after the events were written, before the answer was
    // kept: its claim is fresh, but no one holds its instance's lock any more.
    let dead = app.state.instance.wrapping_add(1);
    sqlx::query(
        "UPDATE idempotency_keys SET status = NULL, headers = NULL, body = NULL, instance = $1
         WHERE key = 'k1'",
    )
    .bind(dead)
    .execute(&app.pool)
    .await
    .expect("crash");
    let events = app.event_count().await;
    let lost = post_with(
        &app,
        &path,
        &secretariat,
        &body,
        &[("Idempotency-Key", "k1")],
    )
    .await;
    assert_eq!(lost.status(), 409);
    // It says what the command acted on, where the answer would have.
    let application = path.split('/').nth(4).expect("the application's id");
    assert_eq!(
        lost.headers()["location"],
        format!("/api/v1/applications/{application}").as_str()
    );
    let token: i64 = lost.headers()["consistency-token"]
        .to_str()
        .expect("a token")
        .parse()
        .expect("a position");
    let last: i64 = sqlx::query_scalar(
        "SELECT max(global_position) FROM events WHERE metadata ->> 'idempotency_key' = 'k1'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("the last event");
    assert_eq!(token, last, "the token of what the command wrote");
    assert_eq!(
        problem_type(lost).await,
        "urn:charter:problem:idempotency-key-answer-lost"
    );
    assert_eq!(app.event_count().await, events, "not carried out twice");

    // A crash before anything was written: the retry takes the claim over and runs, at
    // once for a claim of an instance that died, after its age for an older claim that
    // names no instance.
    sqlx::query(
        "INSERT INTO idempotency_keys (person_id, key, fingerprint, instance)
         SELECT person_id, 'k2', fingerprint, $1 FROM idempotency_keys WHERE key = 'k1'
         UNION ALL
         SELECT person_id, 'k4', fingerprint, NULL FROM idempotency_keys WHERE key = 'k1'",
    )
    .bind(dead)
    .execute(&app.pool)
    .await
    .expect("claims without events");
    let retried = post_with(
        &app,
        &path,
        &secretariat,
        &body,
        &[("Idempotency-Key", "k2")],
    )
    .await;
    assert_eq!(retried.status(), 201);
    assert_eq!(app.event_count().await, events + 1);
    let unnamed = post_with(
        &app,
        &path,
        &secretariat,
        &body,
        &[("Idempotency-Key", "k4")],
    )
    .await;
    assert_eq!(unnamed.status(), 409, "in flight while it is young");
    sqlx::query(
        "UPDATE idempotency_keys SET claimed_at = now() - interval '10 minutes' WHERE key = 'k4'",
    )
    .execute(&app.pool)
    .await
    .expect("age");
    let unnamed = post_with(
        &app,
        &path,
        &secretariat,
        &body,
        &[("Idempotency-Key", "k4")],
    )
    .await;
    assert_eq!(unnamed.status(), 201);
    assert_eq!(app.event_count().await, events + 2);
    sqlx::query("DELETE FROM idempotency_keys WHERE key = 'k4'")
        .execute(&app.pool)
        .await
        .expect("forget k4");

    // A claim of an instance that lives is a request in flight.
    sqlx::query(
        "INSERT INTO idempotency_keys (person_id, key, fingerprint, instance)
         SELECT person_id, 'k3', fingerprint, $1 FROM idempotency_keys WHERE key = 'k1'",
    )
    .bind(app.state.instance)
    .execute(&app.pool)
    .await
    .expect("a claim in flight");
    let busy = post_with(
        &app,
        &path,
        &secretariat,
        &body,
        &[("Idempotency-Key", "k3")],
    )
    .await;
    assert_eq!(busy.status(), 409);

    // Keys are kept at least a day; the scheduler drops them after two.
    sqlx::query(
        "UPDATE idempotency_keys SET claimed_at = now() - interval '49 hours' WHERE key = 'k2'",
    )
    .execute(&app.pool)
    .await
    .expect("age");
    sqlx::query(
        "UPDATE idempotency_keys SET claimed_at = now() - interval '25 hours' WHERE key = 'k3'",
    )
    .execute(&app.pool)
    .await
    .expect("age");
    charter_api::workers::scheduler::run_once(&app.state, None)
        .await
        .expect("scheduler");
    let left: Vec<String> = sqlx::query_scalar("SELECT key FROM idempotency_keys ORDER BY key")
        .fetch_all(&app.pool)
        .await
        .expect("keys");
    assert_eq!(left, ["k1", "k3"]);
    app.stop().await;
}
