//! W3C Trace Context: the trace id of a request's `traceparent` is recorded in the metadata
//! of the events it writes, and the record still verifies with events that carry one and
//! events written without.

use crate::api::steps::opening;
use charter_api::cli::{audit, VerifyArgs};
use charter_tests::{spawn_app, TestApp};
use reqwest::Method;
use uuid::Uuid;

/// The trace ids the events of application `id` were recorded under.
async fn recorded_trace_ids(app: &TestApp, id: Uuid) -> Vec<Option<String>> {
    sqlx::query_scalar(
        "SELECT metadata->>'trace_id' FROM events WHERE aggregate_id = $1 ORDER BY sequence",
    )
    .bind(id.to_string())
    .fetch_all(&app.pool)
    .await
    .expect("read the events")
}

#[tokio::test]
async fn a_requests_trace_id_is_recorded_with_its_events_and_the_record_still_verifies() {
    let app = spawn_app().await;
    let traced = app.applicant("Ana Sousa").await;
    let untraced = app.applicant("Rui Costa").await;
    let malformed = app.applicant("Eva Lima").await;
    let trace = "0af7651916cd43dd8448eb211c80319c";
    let open = |caller, traceparent: Option<String>| {
        let mut request = app.request(Method::POST, "/api/v1/applications", Some(caller));
        if let Some(traceparent) = traceparent {
            request = request.header("traceparent", traceparent);
        }
        request.json(&opening()).send()
    };

    let with = open(&traced, Some(format!("00-{trace}-b7ad6b7169203331-01")))
        .await
        .expect("send");
    let without = open(&untraced, None).await.expect("send");
    let bad = open(&malformed, Some("00-not-a-trace-01".to_owned()))
        .await
        .expect("send");

    for response in [with, without, bad] {
        assert_eq!(response.status(), 201);
    }
    assert_eq!(
        recorded_trace_ids(&app, TestApp::id_of(&traced)).await,
        [Some(trace.to_owned())]
    );
    assert_eq!(
        recorded_trace_ids(&app, TestApp::id_of(&untraced)).await,
        [None]
    );
    assert_eq!(
        recorded_trace_ids(&app, TestApp::id_of(&malformed)).await,
        [None]
    );
    let report = audit::verify(&app.pool, &app.database.key_dir(), &VerifyArgs::default())
        .await
        .expect("the verification runs");
    assert!(report.intact(), "{report}");
    app.stop().await;
}
