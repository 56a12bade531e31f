//! Reviews due: each panelist of the application, for the latest version of each document.

use super::{calendar, caught_up, due_at, rebuilt_alike, reminders};
use crate::api::steps::{assign, grant_eligibility, ok, review, submit};
use charter_domain::{Policy, Role};
use charter_projections::read_models::deadlines::DeadlineKind;
use charter_tests::spawn_app;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

#[tokio::test]
async fn a_review_is_due_for_each_panelist_until_they_file_it_or_a_new_version_replaces_it() {
    let app = spawn_app().await;
    let policy = Policy::default();
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let ada = app.caller(Role::Panelist, "Ada Panelist").await;
    let ben = app.caller(Role::Panelist, "Ben Panelist").await;
    let cy = app.caller(Role::Panelist, "Cy Panelist").await;
    let (applicant, opened) = app.open_application("Lisbon").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    assign(&app, &secretariat, &id, &ada).await;
    submit(&app, &applicant, "preliminary_report", "first draft").await;
    // Assigned after the submission: the latest version is theirs to review too.
    assign(&app, &secretariat, &id, &ben).await;
    assign(&app, &secretariat, &id, &cy).await;
    let declared = ok(
        app.post(
            &format!("/api/v1/applications/{id}/conflicts"),
            &cy,
            &json!({"reason": "I advised the founders."}),
        )
        .await,
        201,
        "declare a conflict",
    )
    .await;
    caught_up(&app, &declared).await;

    let owed = calendar(&app, ada.person).await;
    assert_eq!(owed.len(), 1, "{owed:?}");
    let deadline = &owed[0];
    assert_eq!(deadline.kind, DeadlineKind::ReviewDue);
    assert_eq!(
        (deadline.document_kind.as_deref(), deadline.document_version),
        (Some("preliminary_report"), Some(1))
    );
    assert_eq!(
        deadline.deadline_key,
        format!("review_due/{id}/preliminary_report/1")
    );
    // The review queue's due date: the same rule, so the reminder and the queue agree.
    let queue = app.read("/api/v1/reviews/queue", &ada, 0).await;
    let queued: DateTime<Utc> = queue["awaiting"][0]["due_at"]
        .as_str()
        .expect("a due date")
        .parse()
        .expect("a time");
    assert_eq!(deadline.due_at, queued);
    assert_eq!(calendar(&app, ben.person).await, owed);
    assert!(calendar(&app, cy.person).await.is_empty(), "recused");

    let due = deadline.due_at;
    let key = |person: &charter_tests::Caller, offset: &str| {
        format!(
            "review_due/{id}/preliminary_report/1/{offset}/{}",
            person.person.0
        )
    };
    // Due in 5 days: inside the 7-day window, not yet the 1-day one.
    let mut soon = due_at(&app, due - Duration::days(5), &policy).await;
    soon.sort();
    let mut expected = vec![key(&ada, "7d"), key(&ben, "7d")];
    expected.sort();
    assert_eq!(soon, expected);
    assert!(due_at(&app, due - Duration::days(8), &policy)
        .await
        .is_empty());
    // Within a day of it: only the nearer reminder, though the 7-day window holds too.
    let late = reminders(&app, due - Duration::hours(12), &policy).await;
    assert_eq!(late.len(), 2, "{late:?}");
    assert!(late
        .iter()
        .all(|r| r.offset.map(|o| o.to_string()) == Some("1d".into())));
    // Overdue, for a day.
    let overdue = due_at(&app, due + Duration::hours(1), &policy).await;
    assert_eq!(overdue.len(), 2, "{overdue:?}");
    assert!(overdue.contains(&key(&ada, "overdue")), "{overdue:?}");
    assert!(due_at(&app, due + Duration::hours(25), &policy)
        .await
        .is_empty());
    // The offsets are the policy's: with none for reviews, only the overdue ones remain.
    let mut quiet = policy.clone();
    quiet.reminders.review_due.clear();
    assert!(due_at(&app, due - Duration::days(5), &quiet)
        .await
        .is_empty());
    assert_eq!(
        due_at(&app, due + Duration::hours(1), &quiet).await,
        overdue
    );

    // Ada files her review: she is no longer reminded, Ben still is.
    let filed = review(&app, &ada, &id, "preliminary_report", 1, "revise").await;
    caught_up(&app, &filed).await;
    assert_eq!(
        due_at(&app, due - Duration::days(5), &policy).await,
        [key(&ben, "7d")]
    );
    assert!(calendar(&app, ada.person).await.is_empty());

    // A second version replaces the first: both owe a review of it, none of the first.
    let second = submit(&app, &applicant, "preliminary_report", "second draft").await;
    caught_up(&app, &second).await;
    for panelist in [&ada, &ben] {
        let owed = calendar(&app, panelist.person).await;
        assert_eq!(owed.len(), 1, "{owed:?}");
        assert_eq!(owed[0].document_version, Some(2));
        assert!(owed[0].due_at > due, "due from the second submission");
    }
    let now_due = due_at(&app, due - Duration::days(5), &policy).await;
    assert_eq!(now_due.len(), 2, "{now_due:?}");
    assert!(
        now_due
            .iter()
            .all(|key| key.contains("/preliminary_report/2/")),
        "{now_due:?}"
    );
    rebuilt_alike(&app).await;

    // Withdrawn: nothing is due any more.
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
    assert!(calendar(&app, ada.person).await.is_empty());
    assert!(calendar(&app, ben.person).await.is_empty());
    rebuilt_alike(&app).await;
    app.stop().await;
}
