//! A store with a history worth forging (an application, a document, a failed vote), the
//! checkpoints taken of it, and the forger's hand on the database.

use crate::api::steps::{
    appealed, committee, decide_by_vote, grant_eligibility, submit, wait_for_summary,
};
use charter_api::cli::audit::{self, AuditReport};
use charter_api::cli::VerifyArgs;
use charter_domain::Role;
use charter_store::history::audit::Difference;
use charter_store::history::Checkpoint;
use charter_tests::{spawn_app_with, Caller, TestApp};
use serde_json::json;
use std::path::PathBuf;

/// A store and what the forgeries aim at.
pub(super) struct Seeded {
    pub app: TestApp,
    pub secretariat: Caller,
    pub applicant: Caller,
    /// The id of the application with a document (not the one whose appeal failed).
    pub application: String,
    /// The vote that failed.
    pub vote: String,
}

/// A server without its history worker (the tests take checkpoints themselves, so that
/// the log grows only when they say), an eligible application with a document, and
/// another whose appeal was put to a vote that failed.
pub(super) async fn seeded() -> Seeded {
    let app = spawn_app_with(|settings| settings.checkpoint_interval = None).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let members = committee(&app).await;
    let (applicant, opened) = app.open_application("Porto").await;
    let application = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &application).await;
    submit(&app, &applicant, "preliminary_report", "the report's bytes").await;
    let (_, appealing) = appealed(&app, &secretariat, "Lisbon").await;
    let ballots: Vec<_> = members.iter().map(|member| (member, "no")).collect();
    let closed = decide_by_vote(
        &app,
        &secretariat,
        &appealing,
        json!({"kind": "appeal"}),
        &ballots,
    )
    .await;
    assert_eq!(closed["events"][0]["data"]["outcome"], "failed");
    wait_for_summary(&app, &secretariat, &appealing, "a dismissed appeal", |s| {
        s["appeal"] == "dismissed"
    })
    .await;
    let vote: String =
        sqlx::query_scalar("SELECT aggregate_id FROM events WHERE event_type = 'VoteClosed'")
            .fetch_one(&app.pool)
            .await
            .expect("the vote");
    Seeded {
        app,
        secretariat,
        applicant,
        application,
        vote,
    }
}

/// Signs a checkpoint as `charter audit checkpoint --out FILE` does; the checkpoint and
/// the file.
pub(super) async fn checkpoint(app: &TestApp) -> (Checkpoint, PathBuf) {
    let database = &app.database;
    let checkpoint = audit::checkpoint(&app.pool, &database.key_dir(), &database.anchor_dir())
        .await
        .expect("a checkpoint");
    let file = database.anchor_dir().join(format!(
        "kept-by-the-committee-{}.json",
        checkpoint.tree_size
    ));
    std::fs::write(
        &file,
        serde_json::to_string_pretty(&checkpoint).expect("JSON"),
    )
    .expect("write the checkpoint");
    (checkpoint, file)
}

/// `charter audit verify --checkpoint FILE...` on `app`'s database.
pub(super) async fn verify(app: &TestApp, files: &[&PathBuf]) -> AuditReport {
    verify_on(&app.pool, app, files).await
}

/// `charter audit verify --checkpoint FILE...` on `pool`, with `app`'s key directory.
pub(super) async fn verify_on(
    pool: &sqlx::PgPool,
    app: &TestApp,
    files: &[&PathBuf],
) -> AuditReport {
    let args = VerifyArgs {
        checkpoint: files.iter().map(|file| (*file).clone()).collect(),
        public_key: None,
    };
    audit::verify(pool, &app.database.key_dir(), &args)
        .await
        .expect("the verification runs")
}

/// The first difference the verification names; fails the test if there is none, or if
/// the report would let the command succeed.
pub(super) fn named(report: &AuditReport) -> &Difference {
    assert!(!report.intact(), "{report}");
    assert!(report.clone().into_result().is_err());
    report
        .log
        .first_difference
        .as_ref()
        .unwrap_or_else(|| panic!("no difference named: {report}"))
}

/// Runs `statements` as a superuser who switched off the append-only triggers, in one
/// transaction.
pub(super) async fn forge(app: &TestApp, statements: &[String]) {
    let mut tx = app.pool.begin().await.expect("begin");
    for table in ["events", "merkle_leaves", "merkle_nodes"] {
        sqlx::query(&format!("ALTER TABLE {table} DISABLE TRIGGER USER"))
            .execute(&mut *tx)
            .await
            .expect("disable the triggers");
    }
    // The chain trigger must still chain what the forger inserts.
    sqlx::query("ALTER TABLE events ENABLE TRIGGER events_chain")
        .execute(&mut *tx)
        .await
        .expect("keep the chain trigger");
    for statement in statements {
        sqlx::query(statement)
            .execute(&mut *tx)
            .await
            .unwrap_or_else(|error| panic!("{statement}: {error}"));
    }
    for table in ["events", "merkle_leaves", "merkle_nodes"] {
        sqlx::query(&format!("ALTER TABLE {table} ENABLE TRIGGER USER"))
            .execute(&mut *tx)
            .await
            .expect("enable the triggers");
    }
    tx.commit().await.expect("commit");
}

/// Statements that recompute, with the database's own formula, the hashes of the event
/// at `position` and of every later one of its stream, and move the stream's head to its
/// last event: a forger who knows the chain leaves it verifying.
pub(super) fn rehash(position: i64) -> Vec<String> {
    vec![
        format!(
            "DO $$
             DECLARE
                 e record;
                 previous bytea;
             BEGIN
                 FOR e IN SELECT x.* FROM events x JOIN events f
                            ON f.global_position = {position}
                           AND x.aggregate_type = f.aggregate_type
                           AND x.aggregate_id = f.aggregate_id AND x.sequence >= f.sequence
                          ORDER BY x.sequence
                 LOOP
                     SELECT hash INTO previous FROM events
                     WHERE aggregate_type = e.aggregate_type AND aggregate_id = e.aggregate_id
                       AND sequence = e.sequence - 1;
                     UPDATE events SET hash = event_hash(previous, e.aggregate_type,
                         e.aggregate_id, e.sequence, e.event_type, e.event_version, e.payload,
                         e.metadata, e.global_position, e.event_id, e.recorded_at)
                     WHERE global_position = e.global_position;
                 END LOOP;
             END $$"
        ),
        reset_heads(),
    ]
}

/// A statement that points every stream's head at its last event (and drops the heads of
/// streams without one): the forger's tidying after cutting or rehashing.
pub(super) fn reset_heads() -> String {
    "WITH last AS (SELECT DISTINCT ON (aggregate_type, aggregate_id)
                          aggregate_type, aggregate_id, sequence, hash
                   FROM events ORDER BY aggregate_type, aggregate_id, sequence DESC),
          dropped AS (DELETE FROM stream_heads h WHERE NOT EXISTS (
                          SELECT 1 FROM last l WHERE l.aggregate_type = h.aggregate_type
                                                 AND l.aggregate_id = h.aggregate_id))
     UPDATE stream_heads h SET sequence = l.sequence, hash = l.hash
     FROM last l WHERE l.aggregate_type = h.aggregate_type AND l.aggregate_id = h.aggregate_id"
        .to_owned()
}

/// The global position of the only event of type `event_type`.
pub(super) async fn position_of(app: &TestApp, event_type: &str) -> i64 {
    sqlx::query_scalar("SELECT global_position FROM events WHERE event_type = $1")
        .bind(event_type)
        .fetch_one(&app.pool)
        .await
        .expect("the event")
}

/// The name reports give the event at `position`.
pub(super) async fn name_of(app: &TestApp, position: i64) -> String {
    sqlx::query_scalar(
        "SELECT aggregate_type || ' ' || aggregate_id || ' #' || sequence
                || ' (position ' || global_position || ')'
         FROM events WHERE global_position = $1",
    )
    .bind(position)
    .fetch_one(&app.pool)
    .await
    .expect("the event")
}

/// The leaf the log gives the event at `position`.
pub(super) async fn leaf_of(app: &TestApp, position: i64) -> u64 {
    let index: i64 =
        sqlx::query_scalar("SELECT leaf_index FROM merkle_leaves WHERE global_position = $1")
            .bind(position)
            .fetch_one(&app.pool)
            .await
            .expect("the event's leaf");
    u64::try_from(index).expect("an index")
}
