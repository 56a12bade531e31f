//! An application's own record verified alone: its stream and its votes', at the cost of
//! what they hold; a change elsewhere is not its concern, a change in it is found.

use crate::api::steps::{grant_eligibility, ok, open_vote};
use charter_domain::Role;
use charter_tests::spawn_app;
use serde_json::json;

#[tokio::test]
async fn an_applications_record_is_verified_alone_its_votes_included() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    app.caller(Role::Committee, "Cleo Member").await;
    let (_, lisbon) = app.open_application("Lisbon").await;
    let (_, porto) = app.open_application("Porto").await;
    let lisbon = lisbon["application_id"].as_str().expect("id").to_owned();
    let porto = porto["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &lisbon).await;
    let vote = open_vote(
        &app,
        &secretariat,
        json!({"application_id": lisbon, "motion": {"kind": "reject", "grounds": "No entity."}}),
    )
    .await;
    let at = sqlx::query_scalar::<_, i64>("SELECT max(global_position) FROM events")
        .fetch_one(&app.pool)
        .await
        .expect("a position");
    let verified = |id: &str| {
        let app = &app;
        let secretariat = &secretariat;
        let path = format!("/api/v1/audit/verify?application_id={id}&min_position={at}");
        async move { ok(app.get(&path, secretariat).await, 200, "verify").await }
    };
    // Lisbon's record: its two events and the vote's one, in two streams.
    let whole = verified(&lisbon).await;
    assert_eq!(whole["intact"], true, "{whole}");
    assert_eq!(
        (whole["events"].as_i64(), whole["streams"].as_i64()),
        (Some(3), Some(2))
    );

    // A vote event changed behind Charter's back: Lisbon's record is broken, Porto's not.
    let mut tx = app.pool.begin().await.expect("begin");
    sqlx::query("ALTER TABLE events DISABLE TRIGGER events_append_only")
        .execute(&mut *tx)
        .await
        .expect("disable");
    sqlx::query("UPDATE events SET metadata = '{}' WHERE aggregate_id = $1")
        .bind(&vote)
        .execute(&mut *tx)
        .await
        .expect("tamper");
    sqlx::query("ALTER TABLE events ENABLE TRIGGER events_append_only")
        .execute(&mut *tx)
        .await
        .expect("enable");
    tx.commit().await.expect("commit");
    let broken = verified(&lisbon).await;
    assert_eq!(broken["intact"], false, "{broken}");
    assert_eq!(broken["first_broken"]["aggregate_id"], vote.as_str());
    let other = verified(&porto).await;
    assert_eq!(other["intact"], true, "{other}");
    assert_eq!(other["events"], 1);
}
