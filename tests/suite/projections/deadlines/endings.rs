//! An application that ends owes nothing; an appeal granted makes it owe again.

use super::{calendar, caught_up, due_at, rebuilt_alike};
use crate::api::steps::{committee, decide_by_vote, ok, request_revision, submit, wait_for_stage};
use charter_domain::{PersonId, Policy, Role};
use charter_projections::read_models::deadlines::DeadlineKind;
use charter_tests::{Caller, TestApp};
use chrono::{Duration, SubsecRound, Utc};
use serde_json::json;
use uuid::Uuid;

#[tokio::test]
async fn a_rejection_closes_what_the_founders_owe_and_a_granted_appeal_reopens_it() {
    let app = charter_tests::spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let members = committee(&app).await;
    let (applicant, opened) = app.open_application("Braga").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let founder = PersonId(
        opened["events"][0]["data"]["founders"][0]["person_id"]
            .as_str()
            .expect("the founder's id")
            .parse::<Uuid>()
            .expect("a UUID"),
    );
    submit(&app, &applicant, "preliminary_report", "first draft").await;
    let deadline = Utc::now().trunc_subsecs(0) + Duration::days(20);
    let requested = request_revision(&app, &secretariat, &id, deadline).await;
    caught_up(&app, &requested).await;
    let owed = calendar(&app, founder).await;
    assert_eq!(owed.len(), 1, "{owed:?}");
    assert_eq!(owed[0].kind, DeadlineKind::RevisionDue);

    let rejected = ok(
        app.post(
            &format!("/api/v1/applications/{id}/rejection"),
            &secretariat,
            &json!({"reason": "The founders have no legal entity yet."}),
        )
        .await,
        200,
        "reject",
    )
    .await;
    caught_up(&app, &rejected).await;
    assert!(calendar(&app, founder).await.is_empty());
    let policy = Policy::default();
    assert!(due_at(&app, deadline - Duration::days(3), &policy)
        .await
        .is_empty());

    let appealed = ok(
        app.post(
            &format!("/api/v1/applications/{id}/appeals"),
            &applicant,
            &json!({"grounds": "The entity was registered last week."}),
        )
        .await,
        201,
        "appeal",
    )
    .await;
    caught_up(&app, &appealed).await;
    let ballots: Vec<(&Caller, &str)> = members.iter().map(|m| (m, "yes")).collect();
    decide_by_vote(&app, &secretariat, &id, json!({"kind": "appeal"}), &ballots).await;
    wait_for_stage(&app, &secretariat, &id, "applied").await;
    reopened(&app, founder).await;
    assert_eq!(calendar(&app, founder).await, owed);
    assert_eq!(
        due_at(&app, deadline - Duration::days(3), &policy).await,
        [format!("revision_due/{id}/1/7d/{}", founder.0)]
    );
    // The stay in `applied` begins again, and only the new one is open.
    let open_stays: Vec<String> = sqlx::query_scalar(
        "SELECT stage FROM deadlines
         WHERE application_id = $1 AND kind = 'stage_limit' AND done_at IS NULL",
    )
    .bind(Uuid::parse_str(&id).expect("a UUID"))
    .fetch_all(&app.pool)
    .await
    .expect("stays");
    assert_eq!(open_stays, ["applied"]);
    rebuilt_alike(&app).await;
    app.stop().await;
}

/// Waits (up to 10 s) until `founder` owes something again: the appeal is carried out
/// by the process manager, after the vote's own answer, and then projected.
async fn reopened(app: &TestApp, founder: PersonId) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while calendar(app, founder).await.is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the appeal never reopened the revision"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
