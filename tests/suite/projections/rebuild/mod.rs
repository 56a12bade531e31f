//! `charter projections rebuild`: a copy built from the first event beside the live read
//! model, then switched in. Here the network it is tried on and the views compared.

mod due;
mod refusals;
mod switch;

use crate::api::steps::{
    assign, committee, decide_by_vote, grant_eligibility, hold_interview, ok, request_revision,
    review, submit, wait_for_stage,
};
use charter_tests::{Caller, TestApp};
use serde_json::json;
use sqlx::PgPool;
use std::collections::BTreeMap;
use std::time::Duration;

/// A network with every kind of event: documents, a panel, reviews and a revision, a
/// revision request, an interview, open and secret votes, a rejection, an appeal granted,
/// a withdrawal and roster changes.
pub(super) async fn seed(app: &TestApp) -> Caller {
    let secretariat = app
        .caller(charter_domain::Role::Secretariat, "Sam Secretariat")
        .await;
    let ada = app
        .caller(charter_domain::Role::Panelist, "Ada Panelist")
        .await;
    let ben = app
        .caller(charter_domain::Role::Panelist, "Ben Panelist")
        .await;
    let members = committee(app).await;

    let (applicant, opened) = app.open_application("Lisbon").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(app, &secretariat, &id).await;
    submit(app, &applicant, "preliminary_report", "first draft").await;
    assign(app, &secretariat, &id, &ada).await;
    assign(app, &secretariat, &id, &ben).await;
    review(app, &ada, &id, "preliminary_report", 1, "revise").await;
    request_revision(
        app,
        &secretariat,
        &id,
        chrono::Utc::now() + chrono::Duration::days(30),
    )
    .await;
    submit(app, &applicant, "preliminary_report", "second draft").await;
    review(app, &ada, &id, "preliminary_report", 2, "advance").await;
    review(app, &ben, &id, "preliminary_report", 2, "advance").await;
    hold_interview(app, &secretariat, &id).await;
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/reviews/1/release"),
            &secretariat,
            &json!({"revision": 1, "note": "What the panel thought of the first draft."}),
        )
        .await,
        200,
        "release feedback",
    )
    .await;
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/interviews"),
            &secretariat,
            &json!({"scheduled_for": "2099-01-01T10:00:00Z", "location": "Lisbon"}),
        )
        .await,
        201,
        "schedule a second interview",
    )
    .await;
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/interviews/2/cancel"),
            &secretariat,
            &json!({"reason": "Not needed after all."}),
        )
        .await,
        200,
        "cancel it",
    )
    .await;
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/advance"),
            &secretariat,
            &json!({"to": "pre_candidate"}),
        )
        .await,
        200,
        "advance",
    )
    .await;

    // Rejected by an open vote, then reopened by a secret appeal vote.
    let (_, rejected) = app.open_application("Porto").await;
    let rejected = rejected["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(app, &secretariat, &rejected).await;
    let ballots: Vec<(&Caller, &str)> = members.iter().map(|m| (m, "yes")).collect();
    decide_by_vote(
        app,
        &secretariat,
        &rejected,
        json!({"kind": "reject", "grounds": "No legal entity."}),
        &ballots,
    )
    .await;
    wait_for_stage(app, &secretariat, &rejected, "rejected").await;
    let (_, appealed) = crate::api::steps::appealed(app, &secretariat, "Braga").await;
    decide_by_vote(
        app,
        &secretariat,
        &appealed,
        json!({"kind": "appeal"}),
        &ballots,
    )
    .await;
    wait_for_stage(app, &secretariat, &appealed, "applied").await;

    let (withdrawing, opened) = app.open_application("Faro").await;
    let withdrawn = opened["application_id"].as_str().expect("id").to_owned();
    ok(
        app.post(
            &format!("/api/v1/applications/{withdrawn}/withdrawal"),
            &withdrawing,
            &json!({"reason": "We found another building."}),
        )
        .await,
        200,
        "withdraw",
    )
    .await;
    secretariat
}

/// Waits until every read model has applied every event.
pub(crate) async fn settled(pool: &PgPool) {
    for _ in 0..500 {
        let mut behind = 0;
        for projection in charter_projections::all() {
            behind += charter_projections::lag(pool, projection.name())
                .await
                .expect("lag")
                .0;
        }
        if behind == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the read models did not catch up");
}

/// Every row of every read-model table, each as JSON with its sealed values opened (each
/// projection seals them afresh, under a new nonce), sorted; the stream guards; the
/// checkpoints; and the names and definitions of the indexes and constraints.
pub(crate) async fn snapshot(pool: &PgPool) -> BTreeMap<String, Vec<String>> {
    let mut snapshot = BTreeMap::new();
    for projection in charter_projections::all() {
        for table in projection.tables() {
            let mut rows: Vec<serde_json::Value> =
                sqlx::query_scalar(&format!("SELECT to_jsonb(t) FROM public.{table} t"))
                    .fetch_all(pool)
                    .await
                    .expect("rows");
            charter_store::opening::open_texts(
                pool,
                rows.iter_mut().flat_map(charter_store::opening::strings_in),
            )
            .await
            .expect("the sealed values open");
            let mut rows: Vec<String> = rows.iter().map(|row| row.to_string()).collect();
            rows.sort();
            snapshot.insert((*table).to_owned(), rows);
            let structure: Vec<String> = sqlx::query_scalar(
                "SELECT indexname || ': ' || indexdef FROM pg_indexes
                 WHERE schemaname = 'public' AND tablename = $1
                 UNION ALL
                 SELECT conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint
                 WHERE conrelid = ('public.' || $1)::regclass
                 ORDER BY 1",
            )
            .bind(table)
            .fetch_all(pool)
            .await
            .expect("structure");
            snapshot.insert(format!("{table} (structure)"), structure);
        }
        let streams: Vec<String> = sqlx::query_scalar(
            "SELECT to_jsonb(s)::text FROM projection_streams s WHERE projection = $1 ORDER BY 1",
        )
        .bind(projection.name())
        .fetch_all(pool)
        .await
        .expect("streams");
        snapshot.insert(format!("{} (streams)", projection.name()), streams);
        let checkpoint: Vec<String> = sqlx::query_scalar(
            "SELECT tx_id::text || '/' || global_position FROM projection_checkpoints
             WHERE projection = $1",
        )
        .bind(projection.name())
        .fetch_all(pool)
        .await
        .expect("checkpoint");
        snapshot.insert(format!("{} (checkpoint)", projection.name()), checkpoint);
    }
    snapshot
}
