//! The deadlines read model, fed by the real server from commands given over HTTP: who is
//! due to act on what, who leaves when they act, what is done, and the reminders due at
//! chosen times.

mod endings;
mod reviews;
mod submissions;
mod votes;

use charter_domain::{PersonId, Policy};
use charter_projections::read_models::deadlines::{self, Deadline, DueReminder};
use charter_tests::TestApp;
use chrono::{DateTime, SubsecRound, Utc};
use serde_json::Value;
use std::time::Duration;

/// Waits until the deadlines read model has applied the command answered with `answer`.
async fn caught_up(app: &TestApp, answer: &Value) {
    let position = answer["position"].as_i64().expect("a position");
    app.state
        .watermark
        .wait_for(position, &[deadlines::NAME], Duration::from_secs(10))
        .await
        .expect("the deadlines caught up");
}

/// The reminders due at `now` under `policy`, each as its key.
async fn due_at(app: &TestApp, now: DateTime<Utc>, policy: &Policy) -> Vec<String> {
    reminders(app, now, policy)
        .await
        .iter()
        .map(DueReminder::reminder_key)
        .collect()
}

async fn reminders(app: &TestApp, now: DateTime<Utc>, policy: &Policy) -> Vec<DueReminder> {
    deadlines::reminders_due(&app.pool, now, policy)
        .await
        .expect("reminders due")
}

/// `person`'s open deadlines under the default policy.
async fn calendar(app: &TestApp, person: PersonId) -> Vec<Deadline> {
    deadlines::for_person(&app.pool, person, &Policy::default())
        .await
        .expect("a calendar")
}

/// The deadlines' rows, each as JSON, sorted, table by table.
async fn rows(app: &TestApp) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    for table in ["deadlines", "deadline_people", "deadline_parties"] {
        all.push(
            sqlx::query_scalar(&format!(
                "SELECT to_jsonb(t)::text FROM {table} t ORDER BY 1"
            ))
            .fetch_all(&app.pool)
            .await
            .expect("rows"),
        );
    }
    all
}

/// Rebuilds the deadlines from the first event, after damaging them, and checks that
/// the rows are the live ones again.
async fn rebuilt_alike(app: &TestApp) {
    rebuilt_in_batches_alike(app, 5).await;
}

/// [`rebuilt_alike`], `batch` events at a time.
async fn rebuilt_in_batches_alike(app: &TestApp, batch: i64) {
    let live = rows(app).await;
    sqlx::query("DELETE FROM deadline_people")
        .execute(&app.pool)
        .await
        .expect("damage");
    sqlx::query("UPDATE deadlines SET done_at = NULL, done_by = NULL")
        .execute(&app.pool)
        .await
        .expect("damage");
    assert_ne!(rows(app).await, live);
    charter_projections::Rebuild::run(
        &app.pool,
        std::sync::Arc::new(deadlines::DeadlinesProjection),
        batch,
        |_| {},
    )
    .await
    .expect("rebuild");
    assert_eq!(rows(app).await, live);
}

/// A time in a command's answer: the `at` of its `n`th event, to the microsecond the
/// database keeps.
fn event_time(answer: &Value, n: usize) -> DateTime<Utc> {
    answer["events"][n]["data"]["at"]
        .as_str()
        .expect("a time")
        .parse::<DateTime<Utc>>()
        .expect("an RFC 3339 time")
        .trunc_subsecs(6)
}
