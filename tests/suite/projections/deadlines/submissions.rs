//! Documents submitted one after another are written together, a run of a batch in a few
//! statements: the rows are those of taking each event alone, whatever the batches.

use super::{caught_up, rebuilt_in_batches_alike, rows};
use crate::api::steps::{assign, grant_eligibility, submit};
use charter_domain::Role;
use charter_tests::spawn_app;

#[tokio::test]
async fn a_run_of_submissions_gives_the_rows_of_each_submission_alone() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let ada = app.caller(Role::Panelist, "Ada Panelist").await;
    let ben = app.caller(Role::Panelist, "Ben Panelist").await;
    let (applicant, opened) = app.open_application("Lisbon").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    assign(&app, &secretariat, &id, &ada).await;
    submit(&app, &applicant, "preliminary_report", "first").await;
    submit(&app, &applicant, "preliminary_report", "second").await;
    // Assigned once the first version is replaced: the second is theirs, the first not.
    assign(&app, &secretariat, &id, &ben).await;
    // Three submissions in a row, two kinds interleaved.
    submit(&app, &applicant, "feasibility_study", "first").await;
    submit(&app, &applicant, "preliminary_report", "third").await;
    let last = submit(&app, &applicant, "feasibility_study", "second").await;
    caught_up(&app, &last).await;

    let deadlines: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT deadline_key, done_by FROM deadlines WHERE kind = 'review_due'
         ORDER BY document_kind, document_version",
    )
    .fetch_all(&app.pool)
    .await
    .expect("deadlines");
    let key = |kind: &str, version: u32| format!("review_due/{id}/{kind}/{version}");
    let replaced = Some("replaced".to_owned());
    assert_eq!(
        deadlines,
        [
            (key("feasibility_study", 1), replaced.clone()),
            (key("feasibility_study", 2), None),
            (key("preliminary_report", 1), replaced.clone()),
            (key("preliminary_report", 2), replaced),
            (key("preliminary_report", 3), None),
        ]
    );
    let due_from: Vec<i64> = sqlx::query_scalar(
        "SELECT count(*) FROM deadline_people GROUP BY deadline_key ORDER BY deadline_key",
    )
    .fetch_all(&app.pool)
    .await
    .expect("people");
    // Ada for every version, Ben for all but the first report.
    assert_eq!(due_from, [2, 2, 1, 2, 2]);

    // One event at a time, the whole history in one batch, and batches that cut the run.
    rebuilt_in_batches_alike(&app, 1).await;
    let alone = rows(&app).await;
    for batch in [1_000, 2, 3] {
        rebuilt_in_batches_alike(&app, batch).await;
        assert_eq!(rows(&app).await, alone, "batches of {batch}");
    }
    app.stop().await;
}
