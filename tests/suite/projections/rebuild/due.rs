//! The rebuilds migrations ask for: a database upgraded in place answers from events
//! written before its new tables were added, as if it had always had them.

use super::settled;
use crate::api::steps::{assign, ok, review, scores, submit};
use charter_domain::Role;
use charter_tests::{spawn_app, spawn_app_on};
use serde_json::json;
use sqlx::PgPool;

/// The migration that gave the reviews their revisions and releases.
const REVIEW_REVISIONS: i64 = 20261210000002;

async fn due(pool: &PgPool) -> Vec<String> {
    charter_projections::rebuilds_due(pool)
        .await
        .expect("rebuilds due")
        .into_iter()
        .map(|due| due.projection)
        .collect()
}

#[tokio::test]
async fn a_database_upgraded_in_place_answers_the_reviews_written_before_the_upgrade() {
    let app = spawn_app().await;
    // A new database has nothing to rebuild.
    assert_eq!(due(&app.pool).await, Vec::<String>::new());
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let ada = app.caller(Role::Panelist, "Ada Panelist").await;
    let (founder, opened) = app.open_application("Aveiro").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    submit(&app, &founder, "preliminary_report", "the report").await;
    assign(&app, &secretariat, &id, &ada).await;
    review(&app, &ada, &id, "preliminary_report", 1, "revise").await;
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/reviews/1/release"),
            &secretariat,
            &json!({"revision": 1}),
        )
        .await,
        200,
        "release",
    )
    .await;
    let revised = ok(
        app.post(
            &format!("/api/v1/applications/{id}/reviews/1/revisions"),
            &ada,
            &json!({"scores": scores(), "recommendation": "advance", "comments": "Better."}),
        )
        .await,
        201,
        "revise",
    )
    .await;
    let path = format!("/api/v1/applications/{id}/reviews");
    let position = revised["position"].as_i64().expect("position");
    let staff = app.list(&path, &secretariat, position).await;
    let founders = app.list(&path, &founder, position).await;
    assert_eq!(
        staff[0]["revisions"].as_array().map(Vec::len),
        Some(2),
        "{staff}"
    );
    assert_eq!(founders[0]["revision"], 1, "{founders}");
    settled(&app.pool).await;
    let database = app.stop_keeping_database().await;

    // The database as the release before the migration left it: every event applied, the
    // reviews without their revisions and releases, the migration not yet run.
    let pool = database.pool(1).await;
    for undo in [
        "DROP TABLE application_review_revisions".to_owned(),
        "ALTER TABLE application_reviews DROP COLUMN released_revision".to_owned(),
        format!("DELETE FROM _sqlx_migrations WHERE version = {REVIEW_REVISIONS}"),
    ] {
        sqlx::query(&undo).execute(&pool).await.expect(&undo);
    }
    pool.close().await;

    // The upgraded server runs the migration, which asks for the summary's rebuild, and
    // carries it out before it serves: no new event is needed to fill the new table.
    let app = spawn_app_on(database, |_| {}).await;
    assert_eq!(due(&app.pool).await, Vec::<String>::new(), "carried out");
    let revisions: i64 = sqlx::query_scalar("SELECT count(*) FROM application_review_revisions")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(revisions, 2);
    assert_eq!(app.list(&path, &secretariat, 0).await, staff);
    assert_eq!(app.list(&path, &founder, 0).await, founders);
    app.stop().await;
}

#[tokio::test]
async fn a_rebuild_prepared_after_the_request_clears_it_and_one_prepared_before_does_not() {
    let app = spawn_app().await;
    let summary: std::sync::Arc<dyn charter_projections::Projection> = std::sync::Arc::new(
        charter_projections::read_models::application_summary::ApplicationSummaryProjection,
    );
    let request = "INSERT INTO projection_rebuilds_due (projection, reason)
                   VALUES ('application_summary', 'a test asks')";
    sqlx::query(request).execute(&app.pool).await.expect("ask");

    // Prepared after the request: its switch clears it.
    charter_projections::Rebuild::run(&app.pool, summary.clone(), 100, |_| {})
        .await
        .expect("rebuild");
    assert_eq!(due(&app.pool).await, Vec::<String>::new());

    // Prepared before the request: the request stays, for the next rebuild.
    let early = charter_projections::Rebuild::prepare(&app.pool, summary, 100)
        .await
        .expect("prepare");
    sqlx::query(request)
        .execute(&app.pool)
        .await
        .expect("ask again");
    early.switch().await.expect("switch");
    assert_eq!(due(&app.pool).await, ["application_summary"]);
    let rebuilt = charter_projections::rebuild_due(&app.pool, &charter_projections::all(), 100)
        .await
        .expect("rebuild what is due");
    assert_eq!(rebuilt, ["application_summary"]);
    assert_eq!(due(&app.pool).await, Vec::<String>::new());
    app.stop().await;
}

/// The migration that gave each person a version of their own.
const PEOPLE_VERSIONS: i64 = 20261215000101;

#[tokio::test]
async fn a_database_upgraded_in_place_tags_each_person_with_their_own_version() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let (person, _) = app.register(&secretariat, "Pia Pool").await;
    let joined = ok(
        app.post(
            &format!("/api/v1/people/{person}/panel-pool"),
            &secretariat,
            &json!({"expertise": ["finance"]}),
        )
        .await,
        201,
        "join the pool",
    )
    .await;
    // Someone else changes after her: her version stays at her own last change.
    app.caller(Role::Committee, "Carla Committee").await;
    let version = joined["version"].as_i64().expect("a version");
    settled(&app.pool).await;
    let database = app.stop_keeping_database().await;

    // As the release before the migration left it: no version column, the migration not
    // yet run.
    let pool = database.pool(1).await;
    for undo in [
        "ALTER TABLE people DROP COLUMN version".to_owned(),
        format!("DELETE FROM _sqlx_migrations WHERE version = {PEOPLE_VERSIONS}"),
    ] {
        sqlx::query(&undo).execute(&pool).await.expect(&undo);
    }
    pool.close().await;

    let app = spawn_app_on(database, |_| {}).await;
    assert_eq!(due(&app.pool).await, Vec::<String>::new(), "carried out");
    let read = app
        .get(&format!("/api/v1/people/{person}"), &secretariat)
        .await;
    assert_eq!(read.status(), 200);
    assert_eq!(read.headers()["etag"], format!("\"{version}\"").as_str());
    app.stop().await;
}
