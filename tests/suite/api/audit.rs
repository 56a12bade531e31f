//! The audit log over HTTP: the full record of an application and its votes, paged.

use super::steps::{appealed, cast, close, committee, ok, open_vote};
use charter_domain::Role;
use charter_tests::spawn_app;
use serde_json::{json, Value};

#[tokio::test]
async fn the_audit_log_pages_through_every_event_of_an_application_and_its_votes() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let members = committee(&app).await;
    let (applicant, id) = appealed(&app, &secretariat, "Lisbon").await;
    let vote = open_vote(
        &app,
        &secretariat,
        json!({"application_id": id, "motion": {"kind": "appeal"}}),
    )
    .await;
    for member in &members {
        cast(
            &app,
            member,
            &vote,
            json!({"choice": "yes", "reason": "SEALED-REASON"}),
        )
        .await;
    }
    let closed = close(&app, &secretariat, &vote).await;
    let position = closed["position"].as_i64().expect("position");
    // Another application's events stay out of this log.
    app.open_application("Porto").await;
    super::steps::wait_for_summary(&app, &secretariat, &id, "a granted appeal", |s| {
        s["appeal"] == "granted"
    })
    .await;

    let mut entries: Vec<Value> = Vec::new();
    // The first page by the older `after`, the rest by the cursor each page gives.
    let mut start = "after=0".to_owned();
    loop {
        let response = app
            .get(
                &format!("/api/v1/applications/{id}/audit?limit=3&{start}&min_position={position}"),
                &members[0],
            )
            .await;
        let page: Value = ok(response, 200, "a page of the audit log").await;
        entries.extend(page["items"].as_array().expect("items").iter().cloned());
        match page["next"].as_str() {
            Some(next) => start = format!("cursor={next}"),
            None => break,
        }
    }
    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM events WHERE aggregate_id = $1 OR aggregate_id = $2",
    )
    .bind(&id)
    .bind(&vote)
    .fetch_one(&app.pool)
    .await
    .expect("count");
    assert_eq!(entries.len() as i64, stored, "every event, each once");
    let positions: Vec<i64> = entries
        .iter()
        .map(|e| e["global_position"].as_i64().expect("position"))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "in position order"
    );
    let types: Vec<&str> = entries
        .iter()
        .map(|e| e["event_type"].as_str().expect("type"))
        .collect();
    for expected in [
        "ApplicationOpened",
        "ApplicationRejected",
        "AppealLodged",
        "VoteOpened",
        "BallotCast",
        "VoteClosed",
        "AppealGranted",
    ] {
        assert!(types.contains(&expected), "{expected} in {types:?}");
    }
    let granted = entries
        .iter()
        .find(|e| e["event_type"] == "AppealGranted")
        .expect("granted");
    assert_eq!(granted["actor_role"], "system");
    let opened = &entries[0];
    assert_eq!(opened["actor_role"], "applicant");
    assert_eq!(opened["actor_id"], applicant.person.0.to_string());
    assert!(opened["request_id"].is_string() && opened["policy_version"].is_string());
    for ballot in entries.iter().filter(|e| e["event_type"] == "BallotCast") {
        assert_eq!(
            ballot["data"]["choice"],
            json!({"ballot": "sealed"}),
            "{ballot}"
        );
    }
    let text = Value::Array(entries).to_string();
    assert!(
        !text.contains("SEALED-REASON") && !text.contains("ciphertext"),
        "{text}"
    );

    for caller in [&applicant, &app.caller(Role::Panelist, "Pia").await] {
        let refused = app
            .get(&format!("/api/v1/applications/{id}/audit"), caller)
            .await;
        assert_eq!(refused.status(), 403);
    }
    let unknown = app
        .get(
            &format!("/api/v1/applications/{}/audit", uuid::Uuid::new_v4()),
            &secretariat,
        )
        .await;
    let problem = ok(unknown, 404, "unknown application").await;
    assert_eq!(problem["type"], "urn:charter:problem:not-found");
    app.stop().await;
}
