//! Reminders: found due in the deadlines read model by the scheduler, each sent once.

use super::support::{mailing_app_with, received, summary, to, wait_for_mail, Received};
use crate::api::steps::{assign, submit};
use charter_api::workers::scheduler;
use charter_domain::Role;
use charter_tests::{Caller, SmtpServer, TestApp};
use serde_json::json;
use std::time::Duration;

/// Runs scheduler rounds, two at a time as two instances would (were their lock to fail),
/// until the mail server holds `count` messages besides invitations; the messages.
async fn remind_until(app: &TestApp, smtp: &SmtpServer, count: usize) -> Vec<Received> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while received(smtp).len() < count && tokio::time::Instant::now() < deadline {
        let (one, other) = tokio::join!(
            scheduler::run_once(&app.state, None),
            scheduler::run_once(&app.state, None)
        );
        one.and(other).expect("scheduler rounds");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_for_mail(smtp, count).await
}

async fn member(app: &TestApp, name: &str, email: &str) -> Caller {
    app.issue_with_email(Role::Committee, name, Some(email))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_review_due_soon_and_a_vote_closing_soon_are_each_reminded_once_to_whom_still_owes_them()
{
    let smtp = SmtpServer::start().await;
    let app = mailing_app_with(&smtp, 5, |settings| {
        // A review due in 5 days: inside the 7-day reminder, not yet the 1-day one.
        settings.policy.review_days = 5;
    })
    .await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let mei = app
        .issue_with_email(Role::Panelist, "Mei Lin", Some("mei@panel.test"))
        .await;
    let carla = member(&app, "Carla Committee", "carla@committee.test").await;
    member(&app, "Dmitri Committee", "dmitri@committee.test").await;
    let (applicant, opened) = app.open_application("Porto").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    assign(&app, &secretariat, &id, &mei).await;
    submit(&app, &applicant, "preliminary_report", "report").await;
    // A vote closing in three hours: inside the 4-hour reminder. Carla votes at once.
    let opened = app
        .post(
            "/api/v1/votes",
            &secretariat,
            &json!({
                "application_id": id,
                "motion": {"kind": "reject", "grounds": "No space."},
                "closes_at": chrono::Utc::now() + chrono::Duration::hours(3),
            }),
        )
        .await;
    assert_eq!(opened.status(), 201);
    let vote = opened.json::<serde_json::Value>().await.expect("JSON")["vote_id"]
        .as_str()
        .expect("vote")
        .to_owned();
    let cast = app
        .post(
            &format!("/api/v1/votes/{vote}/ballots"),
            &carla,
            &json!({"choice": "no"}),
        )
        .await;
    assert_eq!(cast.status(), 201);
    // The scheduler reads the deadlines read model: let it take in the ballot first.
    let cast = cast.json::<serde_json::Value>().await.expect("JSON")["position"]
        .as_i64()
        .expect("position");
    app.read(&format!("/api/v1/applications/{id}"), &secretariat, cast)
        .await;

    // Told at once: Mei assigned, the document to review; both members the vote opened.
    // Reminded: Mei of the review due, Dmitri (only) of the vote closing.
    let mail = remind_until(&app, &smtp, 2 + 2 + 2).await;
    let reminders: Vec<&Received> = mail
        .iter()
        .filter(|message| message.subject.contains(" due ") || message.subject.contains("closes"))
        .collect();
    assert_eq!(reminders.len(), 2, "{}", summary(&mail));
    let review = to(&mail, "mei@panel.test");
    assert!(
        review.iter().any(|m| m
            .subject
            .starts_with("Impact Hub Porto: your review of the preliminary report is due")),
        "{review:#?}"
    );
    let vote_reminders = to(&mail, "dmitri@committee.test");
    assert!(vote_reminders.iter().any(|m| m
        .subject
        .starts_with("Impact Hub Porto: the vote to reject closes")));
    assert!(to(&mail, "carla@committee.test")
        .iter()
        .all(|m| !m.subject.contains("closes")));

    // More rounds send nothing again.
    for _ in 0..3 {
        scheduler::run_once(&app.state, None)
            .await
            .expect("a round");
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(received(&smtp).len(), mail.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_vote_closing_soon_is_reminded_to_every_member_voted_or_not() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app_with(&smtp, 5, |_| {}).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let carla = member(&app, "Carla Committee", "carla@committee.test").await;
    member(&app, "Dmitri Committee", "dmitri@committee.test").await;
    let (_, id) = crate::api::steps::appealed(&app, &secretariat, "Braga").await;
    // A secret vote (the appeal) closing in three hours: inside the 4-hour reminder.
    let opened = app
        .post(
            "/api/v1/votes",
            &secretariat,
            &json!({
                "application_id": id,
                "motion": {"kind": "appeal"},
                "closes_at": chrono::Utc::now() + chrono::Duration::hours(3),
            }),
        )
        .await;
    assert_eq!(opened.status(), 201);
    let vote = opened.json::<serde_json::Value>().await.expect("JSON")["vote_id"]
        .as_str()
        .expect("vote")
        .to_owned();
    let cast = app
        .post(
            &format!("/api/v1/votes/{vote}/ballots"),
            &carla,
            &json!({"choice": "no"}),
        )
        .await;
    assert_eq!(cast.status(), 201);
    let cast = cast.json::<serde_json::Value>().await.expect("JSON")["position"]
        .as_i64()
        .expect("position");
    app.read(&format!("/api/v1/votes/{vote}"), &secretariat, cast)
        .await;

    // Both are reminded, Carla who voted as Dmitri who did not: whom the reminders went
    // to (which the secretariat reads among the deliveries) tells nothing of who voted.
    let closing = |address: &str| -> Vec<Received> {
        to(&received(&smtp), address)
            .into_iter()
            .filter(|m| m.subject.contains("closes"))
            .cloned()
            .collect()
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while (closing("carla@committee.test").is_empty()
        || closing("dmitri@committee.test").is_empty())
        && tokio::time::Instant::now() < deadline
    {
        scheduler::run_once(&app.state, None)
            .await
            .expect("a round");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for address in ["carla@committee.test", "dmitri@committee.test"] {
        let reminders = closing(address);
        assert_eq!(reminders.len(), 1, "{address}: {reminders:#?}");
        let text = &reminders[0].text;
        assert!(text.contains("every member is reminded"), "{text}");
        assert!(!text.contains("and you have not voted yet"), "{text}");
    }
    app.stop().await;
}
