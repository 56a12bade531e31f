//! Vote closings for the members who have not voted; the founders' revisions and
//! interviews; an application's stay in a stage, for the secretariat.

use super::{calendar, caught_up, due_at, event_time, rebuilt_alike, reminders};
use crate::api::steps::{committee, grant_eligibility, ok, request_revision, submit};
use charter_domain::{PersonId, Policy, Role};
use charter_projections::read_models::deadlines::DeadlineKind;
use charter_tests::spawn_app;
use chrono::{Duration, SubsecRound, Utc};
use serde_json::json;
use uuid::Uuid;

#[tokio::test]
async fn a_vote_closing_is_due_for_the_members_who_have_neither_voted_nor_recused() {
    let app = spawn_app().await;
    let policy = Policy::default();
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let members = committee(&app).await;
    let (_, opened) = app.open_application("Porto").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let closes_at = Utc::now().trunc_subsecs(0) + Duration::days(3);
    let vote = ok(
        app.post(
            "/api/v1/votes",
            &secretariat,
            &json!({"application_id": id, "motion": {"kind": "reject", "grounds": "No plan."},
                    "closes_at": closes_at}),
        )
        .await,
        201,
        "open a vote",
    )
    .await;
    let vote_id = vote["vote_id"].as_str().expect("vote id").to_owned();
    let ballots = format!("/api/v1/votes/{vote_id}/ballots");
    ok(
        app.post(&ballots, &members[0], &json!({"choice": "yes"}))
            .await,
        201,
        "cast",
    )
    .await;
    let recused = ok(
        app.post(
            &format!("/api/v1/votes/{vote_id}/recusals"),
            &members[1],
            &json!({"reason": "I mentored the founders."}),
        )
        .await,
        201,
        "recuse",
    )
    .await;
    caught_up(&app, &recused).await;

    let waiting = members[2].person.0;
    let key = |offset: &str| format!("vote_closes/{vote_id}/{offset}/{waiting}");
    assert_eq!(
        due_at(&app, closes_at - Duration::hours(3), &policy).await,
        [key("4h")]
    );
    assert_eq!(
        due_at(&app, closes_at - Duration::hours(47), &policy).await,
        [key("48h")]
    );
    assert!(due_at(&app, closes_at - Duration::hours(49), &policy)
        .await
        .is_empty());
    assert!(
        due_at(&app, closes_at + Duration::hours(1), &policy)
            .await
            .is_empty(),
        "a vote is never reminded of as overdue: it is closed"
    );
    let owed = calendar(&app, members[2].person).await;
    assert_eq!(owed.len(), 1, "{owed:?}");
    assert_eq!(owed[0].kind, DeadlineKind::VoteCloses);
    assert_eq!(owed[0].due_at, closes_at);
    assert_eq!(
        owed[0].motion.as_ref().map(|m| m.0["kind"].clone()),
        Some(json!("reject"))
    );
    assert!(calendar(&app, members[0].person).await.is_empty(), "voted");
    assert!(
        calendar(&app, members[1].person).await.is_empty(),
        "recused"
    );
    rebuilt_alike(&app).await;

    let closed = ok(
        app.post(
            &format!("/api/v1/votes/{vote_id}/close"),
            &secretariat,
            &json!({}),
        )
        .await,
        200,
        "close",
    )
    .await;
    caught_up(&app, &closed).await;
    assert!(calendar(&app, members[2].person).await.is_empty());
    assert!(due_at(&app, closes_at - Duration::hours(3), &policy)
        .await
        .is_empty());
    app.stop().await;
}

#[tokio::test]
async fn the_founders_are_reminded_of_revisions_and_interviews_and_the_secretariat_of_a_long_stay()
{
    let app = spawn_app().await;
    let policy = Policy::default();
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let (applicant, opened) = app.open_application("Faro").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let founder: Uuid = opened["events"][0]["data"]["founders"][0]["person_id"]
        .as_str()
        .expect("the founder's id")
        .parse()
        .expect("a UUID");
    let granted = grant_eligibility(&app, &secretariat, &id).await;
    let entered = event_time(&granted, 0);
    submit(&app, &applicant, "preliminary_report", "first draft").await;
    let revision_due = Utc::now().trunc_subsecs(0) + Duration::days(10);
    request_revision(&app, &secretariat, &id, revision_due).await;
    let interview = |when: chrono::DateTime<Utc>| json!({"scheduled_for": when, "location": "Faro hub, first floor"});
    let path = format!("/api/v1/applications/{id}/interviews");
    let cancelled_at = Utc::now().trunc_subsecs(0) + Duration::days(4);
    ok(
        app.post(&path, &secretariat, &interview(cancelled_at))
            .await,
        201,
        "schedule an interview",
    )
    .await;
    ok(
        app.post(
            &format!("{path}/1/cancel"),
            &secretariat,
            &json!({"reason": "The founders are away."}),
        )
        .await,
        200,
        "cancel it",
    )
    .await;
    let meets_at = Utc::now().trunc_subsecs(0) + Duration::days(2);
    let scheduled = ok(
        app.post(&path, &secretariat, &interview(meets_at)).await,
        201,
        "schedule another",
    )
    .await;
    caught_up(&app, &scheduled).await;

    let owed = calendar(&app, PersonId(founder)).await;
    let kinds: Vec<_> = owed.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [DeadlineKind::Interview, DeadlineKind::RevisionDue],
        "soonest first, the cancelled interview gone: {owed:?}"
    );
    assert_eq!(owed[0].due_at, meets_at);
    assert_eq!(owed[0].interview, Some(2));
    assert_eq!(owed[0].location.as_deref(), Some("Faro hub, first floor"));
    assert_eq!(owed[1].due_at, revision_due);
    assert_eq!(
        (owed[1].request, owed[1].document_kind.as_deref()),
        (Some(1), Some("preliminary_report"))
    );
    assert!(
        calendar(&app, applicant.person).await.is_empty(),
        "the applicant's token is not one of the founders"
    );

    let soon = reminders(&app, meets_at - Duration::hours(2), &policy).await;
    assert_eq!(soon.len(), 1, "{soon:?}");
    assert_eq!(soon[0].deadline.kind, DeadlineKind::Interview);
    assert_eq!(soon[0].person, Some(PersonId(founder)));
    assert_eq!(
        due_at(&app, revision_due - Duration::days(3), &policy).await,
        [format!("revision_due/{id}/1/7d/{founder}")]
    );
    assert!(
        due_at(&app, revision_due + Duration::hours(1), &policy)
            .await
            .is_empty(),
        "a revision overdue is the scheduler's event, not a reminder"
    );

    // The eligible stage is limited to 365 days: the day after, the secretariat is told.
    let limit = entered + Duration::days(365);
    let stay = reminders(&app, limit + Duration::hours(1), &policy).await;
    assert_eq!(stay.len(), 1, "{stay:?}");
    assert_eq!(stay[0].deadline.kind, DeadlineKind::StageLimit);
    assert_eq!(stay[0].deadline.stage.as_deref(), Some("eligible"));
    assert_eq!(stay[0].deadline.due_at, limit);
    assert!(stay[0].reminder_key().ends_with("/overdue/secretariat"));
    let mut unlimited = policy.clone();
    unlimited.max_days_in_stage.clear();
    assert!(due_at(&app, limit + Duration::hours(1), &unlimited)
        .await
        .is_empty());
    rebuilt_alike(&app).await;

    // Withdrawn: the founders owe nothing, and the stay is over.
    let withdrawn = ok(
        app.post(
            &format!("/api/v1/applications/{id}/withdrawal"),
            &applicant,
            &json!({"reason": "We found another building."}),
        )
        .await,
        200,
        "withdraw",
    )
    .await;
    caught_up(&app, &withdrawn).await;
    assert!(calendar(&app, PersonId(founder)).await.is_empty());
    assert!(due_at(&app, limit + Duration::hours(1), &policy)
        .await
        .is_empty());
    rebuilt_alike(&app).await;
    app.stop().await;
}
