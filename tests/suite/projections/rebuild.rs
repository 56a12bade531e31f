//! `charter projections rebuild`: a copy built from the first event beside the live read
//! model, then switched in.

use crate::api::steps::{
    assign, committee, decide_by_vote, grant_eligibility, hold_interview, ok, request_revision,
    review, submit, wait_for_stage,
};
use charter_projections::{Projection, Rebuild};
use charter_tests::{spawn_app, Caller, TestApp};
use serde_json::json;
use sqlx::PgPool;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A network with every kind of event: documents, a panel, reviews and a revision, a
/// revision request, an interview, open and secret votes, a rejection, an appeal granted,
/// a withdrawal and roster changes.
async fn seed(app: &TestApp) -> Caller {
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

/// Every row of every read-model table, each as JSON, sorted; the stream guards; the
/// checkpoints; and the names and definitions of the indexes and constraints.
pub(crate) async fn snapshot(pool: &PgPool) -> BTreeMap<String, Vec<String>> {
    let mut snapshot = BTreeMap::new();
    for projection in charter_projections::all() {
        for table in projection.tables() {
            let rows: Vec<String> = sqlx::query_scalar(&format!(
                "SELECT to_jsonb(t)::text FROM public.{table} t ORDER BY 1"
            ))
            .fetch_all(pool)
            .await
            .expect("rows");
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

#[tokio::test]
async fn a_rebuild_gives_exactly_the_rows_of_the_live_read_models() {
    let app = spawn_app().await;
    seed(&app).await;
    settled(&app.pool).await;
    let live = snapshot(&app.pool).await;
    assert!(
        live["application_reviews"].len() >= 3,
        "the seed has reviews"
    );
    assert!(live["vote_ballots"].len() >= 3, "the seed has ballots");
    assert_eq!(
        live["application_feedback"].len(),
        1,
        "the seed released feedback"
    );
    assert_eq!(
        live["application_interviews"].len(),
        2,
        "the seed has interviews"
    );

    // Damage the live tables behind the projector's back: a rebuild reads the events, not
    // the tables, so it puts everything right.
    sqlx::query("UPDATE application_summaries SET hub_name = 'damaged'")
        .execute(&app.pool)
        .await
        .expect("damage");
    sqlx::query("DELETE FROM vote_ballots")
        .execute(&app.pool)
        .await
        .expect("damage");
    sqlx::query("DELETE FROM people")
        .execute(&app.pool)
        .await
        .expect("damage");
    assert_ne!(snapshot(&app.pool).await, live);

    for projection in charter_projections::all() {
        let mut reports = 0;
        let done = Rebuild::run(&app.pool, projection, 7, |_| reports += 1)
            .await
            .expect("rebuild");
        assert!(reports > 1, "progress is reported batch by batch");
        assert_eq!(done.read, done.total, "every event was read once");
        assert!((done.percent() - 100.0).abs() < f64::EPSILON);
    }
    assert_eq!(snapshot(&app.pool).await, live);
    let leftovers: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'charter_re%'")
            .fetch_one(&app.pool)
            .await
            .expect("schemas");
    assert_eq!(leftovers, 0, "the copies and the old tables are dropped");

    // Every read model together, in one pass over the events: the same rows again.
    for damage in [
        "UPDATE application_summaries SET hub_name = 'damaged'",
        "DELETE FROM application_timeline",
        "DELETE FROM vote_ballots",
    ] {
        sqlx::query(damage)
            .execute(&app.pool)
            .await
            .expect("damage");
    }
    assert_ne!(snapshot(&app.pool).await, live);
    let done = Rebuild::run_group(
        &app.pool,
        "read_models",
        charter_projections::all(),
        7,
        |_| {},
    )
    .await
    .expect("rebuild all");
    assert_eq!(done.read, done.total, "every event was read once");
    assert_eq!(snapshot(&app.pool).await, live);
    app.stop().await;
}

#[tokio::test]
async fn readers_keep_the_live_model_during_a_rebuild_and_writes_made_meanwhile_are_kept() {
    let app = spawn_app().await;
    let secretariat = seed(&app).await;
    settled(&app.pool).await;
    let projection: Arc<dyn Projection> =
        Arc::new(charter_projections::application_summary::ApplicationSummaryProjection);

    // A reader lists applications over and over through the whole rebuild.
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (client, address, token, stop) = (
            app.client.clone(),
            app.address.clone(),
            secretariat.token.clone(),
            stop.clone(),
        );
        tokio::spawn(async move {
            let mut seen = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let response = client
                    .get(format!("{address}/api/v1/applications"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .expect("send");
                assert_eq!(response.status(), 200, "a read during the rebuild");
                let list: Vec<serde_json::Value> = response.json().await.expect("JSON");
                assert!(
                    list.iter().all(|a| a["hub_name"] != "stray"),
                    "the copy is never visible"
                );
                seen.push(list.len());
            }
            seen
        })
    };

    let mut rebuild = Rebuild::prepare(&app.pool, projection, 5)
        .await
        .expect("prepare");
    rebuild.catch_up(|_| {}).await.expect("catch up");
    // The copy is built but not in use: the live model still answers, and a row put
    // only into the copy shows nowhere.
    sqlx::query(
        "INSERT INTO charter_rebuild_application_summary.application_summaries
           (application_id, city, country, hub_name, founders, stage, stage_since, opened_at,
            version, updated_at)
         VALUES (gen_random_uuid(), 'Nowhere', 'XX', 'stray', '[]', 'applied', now(), now(), 1, now())",
    )
    .execute(&app.pool)
    .await
    .expect("a stray row in the copy");
    sqlx::query("DELETE FROM charter_rebuild_application_summary.application_summaries WHERE hub_name = 'stray'")
        .execute(&app.pool)
        .await
        .expect("remove it again");

    // Written after the copy caught up: the live projector applies it, and the switch
    // brings the copy up to the live checkpoint first.
    let (_, late) = app.open_application("Coimbra").await;
    let late_id = late["application_id"].as_str().expect("id").to_owned();
    let position = late["position"].as_i64().expect("position");
    let seen_live = app
        .read(
            &format!("/api/v1/applications/{late_id}"),
            &secretariat,
            position,
        )
        .await;
    assert_eq!(seen_live["city"], "Coimbra");
    let before = snapshot(&app.pool).await;

    rebuild.switch().await.expect("switch");
    // The switch brought the copy up to the live checkpoint: the late application is there
    // the moment the switch commits, not only once the live projector moves on.
    let present: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM application_summaries WHERE application_id = $1::text::uuid",
    )
    .bind(&late_id)
    .fetch_one(&app.pool)
    .await
    .expect("count");
    assert_eq!(present, 1);
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.store(true, Ordering::Relaxed);
    let seen = reader.await.expect("reader");
    assert!(!seen.is_empty());
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "the list never shrank: {seen:?}"
    );
    let seen_after = app
        .read(
            &format!("/api/v1/applications/{late_id}"),
            &secretariat,
            position,
        )
        .await;
    assert_eq!(seen_after, seen_live);
    settled(&app.pool).await;
    assert_eq!(snapshot(&app.pool).await, before);
    app.stop().await;
}

#[tokio::test]
async fn a_second_rebuild_of_the_same_read_model_is_refused_while_one_runs() {
    let app = spawn_app().await;
    let projection: Arc<dyn Projection> = Arc::new(charter_projections::roster::RosterProjection);
    let first = Rebuild::prepare(&app.pool, projection.clone(), 100)
        .await
        .expect("prepare");
    let second = Rebuild::prepare(&app.pool, projection.clone(), 100).await;
    assert!(
        matches!(
            second,
            Err(charter_projections::RebuildError::Busy("roster"))
        ),
        "{second:?}"
    );
    first.abandon().await.expect("abandon");
    let again = Rebuild::prepare(&app.pool, projection, 100)
        .await
        .expect("free again");
    again.switch().await.expect("switch");
    app.stop().await;
}

#[tokio::test]
async fn a_rebuild_refuses_to_undo_a_migration_or_to_lose_what_depends_on_a_table() {
    let app = spawn_app().await;
    app.caller(charter_domain::Role::Committee, "Carla Committee")
        .await;
    let projection: Arc<dyn Projection> = Arc::new(charter_projections::roster::RosterProjection);

    // A migration while the copy is built: switching in the old shape would undo it.
    let mut rebuild = Rebuild::prepare(&app.pool, projection.clone(), 100)
        .await
        .expect("prepare");
    rebuild.catch_up(|_| {}).await.expect("catch up");
    sqlx::query("ALTER TABLE people ADD COLUMN pronouns text")
        .execute(&app.pool)
        .await
        .expect("migrate");
    let refused = rebuild.switch().await;
    assert!(
        matches!(&refused, Err(charter_projections::RebuildError::ShapeChanged { table }) if table == "people"),
        "{refused:?}"
    );
    let kept: i64 = sqlx::query_scalar("SELECT count(pronouns) + count(*) FROM people")
        .fetch_one(&app.pool)
        .await
        .expect("the live table keeps its new column and its rows");
    assert_eq!(kept, 1);

    // A view on a table would be dropped with the old table.
    sqlx::query("CREATE VIEW seated AS SELECT person_id FROM committee_seats")
        .execute(&app.pool)
        .await
        .expect("view");
    let refused = Rebuild::prepare(&app.pool, projection, 100).await;
    assert!(
        matches!(&refused, Err(charter_projections::RebuildError::Uncopyable { table, .. }) if table == "committee_seats"),
        "{refused:?}"
    );
    let leftovers: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'charter_re%'")
            .fetch_one(&app.pool)
            .await
            .expect("schemas");
    assert_eq!(leftovers, 0);
    app.stop().await;
}
