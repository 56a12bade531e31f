//! The application summary as read: one statement, the latest version of each kind.

use super::projector::{commands, database, founder, group, opening, submission_of};
use charter_domain::application::DocumentKind;
use charter_domain::{ApplicationId, Authored};
use charter_projections::read_models::application_summary;
use charter_store::EventMetadata;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_summary_shows_the_latest_version_of_each_kind_submitted() {
    let (_database, pool) = database().await;
    let commands = commands(&pool);
    let id = ApplicationId::new();
    let by = founder(id);
    let meta = EventMetadata::default();
    let now = chrono::Utc::now();
    let run = |command| {
        let commands = commands.clone();
        let by = by.clone();
        let meta = meta.clone();
        async move {
            commands
                .execute(
                    &id.to_string(),
                    Authored::new(by, now, command),
                    &meta,
                    None,
                )
                .await
                .expect("command");
        }
    };
    run(opening(id)).await;
    group(&pool).catch_up().await.expect("catch up");
    let opened = application_summary::find(&pool, id.0)
        .await
        .expect("find")
        .expect("the application");
    assert!(opened.documents.is_empty(), "nothing submitted yet");
    assert!(opened.panel.is_empty() && opened.revision_requests.is_empty());
    assert_eq!(opened.founders[0].name, "Ana Sousa");

    // Three kinds, interleaved, with 5, 1 and 3 versions; three kinds never submitted.
    let mut n = 0;
    for round in 0..5 {
        for (kind, versions) in [
            (DocumentKind::SpaceDesign, 5),
            (DocumentKind::FeasibilityStudy, 1),
            (DocumentKind::PreliminaryReport, 3),
        ] {
            if round < versions {
                n += 1;
                run(submission_of(kind, n)).await;
            }
        }
    }
    group(&pool).catch_up().await.expect("catch up");
    let summary = application_summary::find(&pool, id.0)
        .await
        .expect("find")
        .expect("the application");
    let latest: Vec<(String, i32)> = summary
        .documents
        .iter()
        .map(|d| (d.kind.clone(), d.version))
        .collect();
    assert_eq!(
        latest,
        [
            ("feasibility_study".to_owned(), 1),
            ("preliminary_report".to_owned(), 3),
            ("space_design".to_owned(), 5),
        ]
    );
    // Every field equals the stored row of that version, to the microsecond.
    let stored: Vec<(
        String,
        i32,
        String,
        i64,
        String,
        chrono::DateTime<chrono::Utc>,
    )> = sqlx::query_as(
        "SELECT DISTINCT ON (kind) kind, version, sha256, size, file_name, submitted_at
             FROM application_documents WHERE application_id = $1
             ORDER BY kind, version DESC",
    )
    .bind(id.0)
    .fetch_all(&pool)
    .await
    .expect("stored");
    let shown: Vec<_> = summary
        .documents
        .iter()
        .map(|d| {
            (
                d.kind.clone(),
                d.version,
                d.sha256.clone(),
                d.size,
                d.file_name.clone(),
                d.submitted_at,
            )
        })
        .collect();
    assert_eq!(shown, stored);
    assert!(summary.documents.iter().all(|d| d.submitted_by == by.id.0));
    assert_eq!(
        summary.application.version,
        Some(10),
        "the opening and nine documents"
    );

    let unknown = application_summary::find(&pool, uuid::Uuid::new_v4())
        .await
        .expect("find");
    assert!(unknown.is_none());
}

/// The reviews' rows: each review, each revision, and the count on the summary.
async fn review_rows(pool: &sqlx::PgPool) -> (Vec<String>, Vec<String>, i32) {
    let table = |name: &str| format!("SELECT to_jsonb(t)::text FROM {name} t ORDER BY 1");
    let reviews = sqlx::query_scalar(&table("application_reviews"))
        .fetch_all(pool)
        .await
        .expect("reviews");
    let revisions = sqlx::query_scalar(&table("application_review_revisions"))
        .fetch_all(pool)
        .await
        .expect("revisions");
    let count = sqlx::query_scalar("SELECT sum(review_count)::int FROM application_summaries")
        .fetch_one(pool)
        .await
        .expect("count");
    (reviews, revisions, count)
}

#[tokio::test]
async fn a_replay_of_the_reviews_events_changes_none_of_their_rows() {
    use crate::api::steps::{assign, ok, review, scores, submit};
    use charter_projections::engine::event::COLUMNS;
    use charter_projections::read_models::application_summary::ApplicationSummaryProjection;
    use charter_projections::{Projection, StoredEvent};
    use serde_json::json;

    let app = charter_tests::spawn_app().await;
    let secretariat = app.caller(charter_domain::Role::Secretariat, "Sam").await;
    let ada = app.caller(charter_domain::Role::Panelist, "Ada").await;
    let (founder, opened) = app.open_application("Aveiro").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    submit(&app, &founder, "preliminary_report", "the report").await;
    assign(&app, &secretariat, &id, &ada).await;
    review(&app, &ada, &id, "preliminary_report", 1, "revise").await;
    for (path, caller, body, status) in [
        (
            "reviews/1/release",
            &secretariat,
            json!({"revision": 1}),
            200,
        ),
        (
            "reviews/1/revisions",
            &ada,
            json!({"scores": scores(), "recommendation": "advance", "comments": "Better."}),
            201,
        ),
        (
            "reviews/1/release",
            &secretariat,
            json!({"revision": 2}),
            200,
        ),
    ] {
        let path = format!("/api/v1/applications/{id}/{path}");
        ok(app.post(&path, caller, &body).await, status, &path).await;
    }
    super::rebuild::settled(&app.pool).await;
    let before = review_rows(&app.pool).await;
    assert_eq!((before.0.len(), before.1.len(), before.2), (1, 2, 1));

    // The review's events again, straight into the read model, past the stream guards.
    let events: Vec<StoredEvent> = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM events
         WHERE event_type IN ('PanelReviewFiled', 'PanelReviewRevised', 'PanelFeedbackReleased')
         ORDER BY global_position"
    ))
    .fetch_all(&app.pool)
    .await
    .expect("events")
    .iter()
    .map(|row| StoredEvent::from_row(row).expect("an event"))
    .collect();
    assert_eq!(events.len(), 4);
    let mut tx = app.pool.begin().await.expect("begin");
    let all: Vec<&StoredEvent> = events.iter().collect();
    ApplicationSummaryProjection
        .apply_all(&mut tx, &all)
        .await
        .expect("a replay applies");
    // The first release again, after the second: the later release stands.
    ApplicationSummaryProjection
        .apply(&mut tx, &events[1])
        .await
        .expect("an older event applies");
    tx.commit().await.expect("commit");
    assert_eq!(review_rows(&app.pool).await, before);
    app.stop().await;
}
