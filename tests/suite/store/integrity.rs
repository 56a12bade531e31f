//! Tamper evidence: rows changed, removed or reordered behind Charter's back are found.

use crate::api::steps::{grant_eligibility, ok, submit};
use charter_domain::Role;
use charter_store::integrity::{verify, Verification};
use charter_tests::{spawn_app, Caller, TestApp};
use serde_json::Value;

/// An application with four events, and the global positions of them in order.
async fn seeded() -> (TestApp, String, Vec<i64>) {
    let (app, _, id, positions) = seeded_by_founder().await;
    (app, id, positions)
}

/// [`seeded`], with the founder who can write the application's next event.
async fn seeded_by_founder() -> (TestApp, Caller, String, Vec<i64>) {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let (applicant, opened) = app.open_application("Lisbon").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    submit(&app, &applicant, "preliminary_report", "first draft").await;
    submit(&app, &applicant, "preliminary_report", "second draft").await;
    let positions = sqlx::query_scalar(
        "SELECT global_position FROM events WHERE aggregate_id = $1 ORDER BY sequence",
    )
    .bind(&id)
    .fetch_all(&app.pool)
    .await
    .expect("positions");
    (app, applicant, id, positions)
}

/// Runs `statements` with the append-only trigger disabled, as someone with direct access
/// to the database could.
async fn tamper(app: &TestApp, statements: &[String]) {
    let mut tx = app.pool.begin().await.expect("begin");
    sqlx::query("ALTER TABLE events DISABLE TRIGGER events_append_only")
        .execute(&mut *tx)
        .await
        .expect("disable");
    for statement in statements {
        sqlx::query(statement)
            .execute(&mut *tx)
            .await
            .expect(statement);
    }
    sqlx::query("ALTER TABLE events ENABLE TRIGGER events_append_only")
        .execute(&mut *tx)
        .await
        .expect("enable");
    tx.commit().await.expect("commit");
}

/// A statement that changes the event `e` that `which` picks and recomputes its own hash
/// from the event before it, as a forger who knows the chain's formula would.
fn forged_and_rehashed(which: &str) -> String {
    format!(
        "UPDATE events e SET payload = '{{\"EligibilityGranted\":{{\"note\":\"forged\"}}}}',
             hash = event_hash(p.hash, e.aggregate_type, e.aggregate_id, e.sequence,
                               e.event_type, e.event_version,
                               '{{\"EligibilityGranted\":{{\"note\":\"forged\"}}}}',
                               e.metadata, e.global_position, e.event_id, e.recorded_at)
         FROM events p
         WHERE {which} AND p.aggregate_id = e.aggregate_id
           AND p.aggregate_type = e.aggregate_type AND p.sequence = e.sequence - 1"
    )
}

fn first(verification: &Verification) -> (&str, Option<i64>) {
    let link = verification.first_broken.as_ref().expect("a broken link");
    (link.problem.as_str(), link.global_position)
}

#[tokio::test]
async fn an_untouched_store_verifies_and_so_does_the_route() {
    let (app, _, positions) = seeded().await;
    let verification = verify(&app.pool).await.expect("verify");
    assert!(verification.intact, "{verification:?}");
    assert!(verification.events >= i64::try_from(positions.len()).expect("len"));
    // The secretariat (a committee member's seat would first have to reach the roster
    // read model).
    let member = app.caller(Role::Secretariat, "Sofia Staff").await;
    let body = ok(
        app.get("/api/v1/audit/verify", &member).await,
        200,
        "verify",
    )
    .await;
    assert_eq!(body["intact"], true);
    assert_eq!(body["first_broken"], Value::Null);

    tamper(
        &app,
        &[format!(
            "UPDATE events SET metadata = '{{}}' WHERE global_position = {}",
            positions[0]
        )],
    )
    .await;
    let body = ok(
        app.get("/api/v1/audit/verify", &member).await,
        200,
        "verify",
    )
    .await;
    assert_eq!(body["intact"], false);
    assert_eq!(body["first_broken"]["global_position"], positions[0]);
    app.stop().await;
}

#[tokio::test]
async fn a_changed_event_is_caught_even_when_its_own_hash_is_recomputed() {
    let (app, _, positions) = seeded().await;
    tamper(
        &app,
        &[format!(
            "UPDATE events SET payload = '{{\"EligibilityGranted\":{{\"note\":\"forged\"}}}}'
             WHERE global_position = {}",
            positions[1]
        )],
    )
    .await;
    assert_eq!(
        first(&verify(&app.pool).await.expect("verify")),
        ("altered", Some(positions[1]))
    );

    // A forger who also recomputes the changed event's hash breaks the next link instead.
    let (app, _, positions) = seeded().await;
    tamper(
        &app,
        &[forged_and_rehashed(&format!(
            "e.global_position = {}",
            positions[1]
        ))],
    )
    .await;
    assert_eq!(
        first(&verify(&app.pool).await.expect("verify")),
        ("altered", Some(positions[2]))
    );
    app.stop().await;
}

#[tokio::test]
async fn a_forged_last_event_stays_caught_after_the_next_append() {
    let (app, applicant, id, _) = seeded_by_founder().await;
    // The stream's last event changed and its own hash recomputed: only the stream's head
    // still holds the hash it had.
    tamper(
        &app,
        &[forged_and_rehashed(&format!(
            "e.aggregate_id = '{id}' AND e.sequence = 4"
        ))],
    )
    .await;
    assert_eq!(
        first(&verify(&app.pool).await.expect("verify")).0,
        "head",
        "before the next append"
    );

    // The next event is chained to the head, not to the forged hash: the forgery is not
    // laundered into a chain that verifies.
    submit(&app, &applicant, "preliminary_report", "third draft").await;
    let next: i64 = sqlx::query_scalar(
        "SELECT global_position FROM events WHERE aggregate_id = $1 AND sequence = 5",
    )
    .bind(&id)
    .fetch_one(&app.pool)
    .await
    .expect("the next event");
    assert_eq!(
        first(&verify(&app.pool).await.expect("verify")),
        ("altered", Some(next))
    );
    app.stop().await;
}

#[tokio::test]
async fn a_removed_event_is_caught_in_the_middle_and_at_the_end() {
    let (app, _, positions) = seeded().await;
    tamper(
        &app,
        &[format!(
            "DELETE FROM events WHERE global_position = {}",
            positions[1]
        )],
    )
    .await;
    assert_eq!(
        first(&verify(&app.pool).await.expect("verify")),
        ("missing", Some(positions[2]))
    );

    // The last event leaves no gap; the aggregate's head still points at it.
    let (app, id, positions) = seeded().await;
    let last = *positions.last().expect("last");
    tamper(
        &app,
        &[format!("DELETE FROM events WHERE global_position = {last}")],
    )
    .await;
    let verification = verify(&app.pool).await.expect("verify");
    let link = verification.first_broken.expect("broken");
    assert_eq!(
        (link.problem.as_str(), link.aggregate_id.as_str()),
        ("head", id.as_str())
    );
    app.stop().await;
}

#[tokio::test]
async fn reordered_events_are_caught() {
    let (app, id, positions) = seeded().await;
    tamper(
        &app,
        &[
            format!(
                "UPDATE events SET sequence = 1000 WHERE aggregate_id = '{id}' AND sequence = 3"
            ),
            format!("UPDATE events SET sequence = 3 WHERE aggregate_id = '{id}' AND sequence = 4"),
            format!(
                "UPDATE events SET sequence = 4 WHERE aggregate_id = '{id}' AND sequence = 1000"
            ),
        ],
    )
    .await;
    let verification = verify(&app.pool).await.expect("verify");
    assert!(!verification.intact);
    let broken: Vec<Option<i64>> = verification
        .broken
        .iter()
        .filter(|link| link.problem == "altered")
        .map(|link| link.global_position)
        .collect();
    assert!(broken.contains(&Some(positions[2])), "{verification:?}");
    assert!(broken.contains(&Some(positions[3])), "{verification:?}");
    app.stop().await;
}
