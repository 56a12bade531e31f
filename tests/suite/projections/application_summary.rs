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
        summary.application.version, 10,
        "the opening and nine documents"
    );

    let unknown = application_summary::find(&pool, uuid::Uuid::new_v4())
        .await
        .expect("find");
    assert!(unknown.is_none());
}
