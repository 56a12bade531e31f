//! A network vote is told to the delegates of its hubs on the day it opens, and only to
//! them: not to a delegate appointed later, nor to the committee; its closing is reminded
//! to the delegates of the hubs that have not voted.

use super::support::{mailing_app_with, received, summary, to, wait_for_mail, Received};
use crate::api::steps::{grant_eligibility, open_vote};
use charter_api::workers::scheduler;
use charter_domain::policy::{Electorate, DEFAULT_POLICY};
use charter_domain::{Policy, Role};
use charter_tests::SmtpServer;
use serde_json::json;
use std::time::Duration;

/// A network whose rejections are decided by the member hubs.
fn network_rejects() -> Policy {
    let mut policy = Policy::from_toml(DEFAULT_POLICY).expect("the default policy");
    policy.version = "network-rejects".to_owned();
    policy.motions.rejection.electorate = Electorate::Network;
    policy
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_delegates_of_a_network_votes_hubs_hear_it_opened() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app_with(&smtp, 5, |settings| settings.policy = network_rejects()).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    app.issue_with_email(
        Role::Committee,
        "Carla Committee",
        Some("carla@committee.test"),
    )
    .await;
    let body = json!({"name": "Impact Hub Berlin", "city": "Berlin", "country": "DE",
                      "joined": "2015-01-01"});
    let hub = app.post("/api/v1/hubs", &secretariat, &body).await;
    assert_eq!(hub.status(), 201);
    let hub: serde_json::Value = hub.json().await.expect("JSON");
    let hub = hub["hub_id"].as_str().expect("hub id").to_owned();
    app.delegate_with_email(&hub, "Bruno Berlin", Some("bruno@berlin.test"))
        .await;
    app.delegate_with_email(&hub, "Greta Berlin", Some("greta@berlin.test"))
        .await;

    let (_, opened) = app.open_application("Lisbon").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    let reject = json!({"application_id": id,
                        "motion": {"kind": "reject", "grounds": "No team yet."}});
    open_vote(&app, &secretariat, reject).await;
    // Appointed after the vote opened: not told of it.
    app.delegate_with_email(&hub, "Lena Later", Some("lena@berlin.test"))
        .await;

    // The founder's eligibility, then the vote to two delegates (the invitations to sign
    // in are not counted).
    let mail = wait_for_mail(&smtp, 1 + 2).await;
    assert_eq!(mail.len(), 3, "{}", summary(&mail));
    for address in ["bruno@berlin.test", "greta@berlin.test"] {
        let theirs = to(&mail, address);
        let opened: Vec<_> = theirs
            .iter()
            .filter(|m| m.subject.contains("a vote is open"))
            .collect();
        assert_eq!(opened.len(), 1, "{address}: {}", summary(&mail));
        assert!(
            opened[0].text.contains("one hub one vote"),
            "{}",
            opened[0].text
        );
    }
    for address in ["lena@berlin.test", "carla@committee.test"] {
        assert!(
            to(&mail, address)
                .iter()
                .all(|m| !m.subject.contains("a vote is open")),
            "{address}"
        );
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_network_vote_closing_soon_is_reminded_to_the_delegates_of_hubs_yet_to_vote() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app_with(&smtp, 5, |settings| settings.policy = network_rejects()).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let berlin = app.register_hub(&secretariat, "Impact Hub Berlin").await;
    let zurich = app.register_hub(&secretariat, "Impact Hub Zurich").await;
    let bruno = app
        .delegate_with_email(&berlin, "Bruno Berlin", Some("bruno@berlin.test"))
        .await;
    app.delegate_with_email(&berlin, "Greta Berlin", Some("greta@berlin.test"))
        .await;
    app.delegate_with_email(&zurich, "Zoe Zurich", Some("zoe@zurich.test"))
        .await;
    let (_, opened) = app.open_application("Porto").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    // Closing in three hours: inside the 4-hour reminder. Bruno votes for Berlin at once.
    let body = json!({"application_id": id, "motion": {"kind": "reject", "grounds": "No space."},
                      "closes_at": chrono::Utc::now() + chrono::Duration::hours(3)});
    let vote = open_vote(&app, &secretariat, body).await;
    let cast = app
        .post(
            &format!("/api/v1/votes/{vote}/ballots"),
            &bruno,
            &json!({"choice": "no"}),
        )
        .await;
    assert_eq!(cast.status(), 201);
    let cast: serde_json::Value = cast.json().await.expect("JSON");
    let position = cast["position"].as_i64().expect("position");
    app.read(
        &format!("/api/v1/applications/{id}"),
        &secretariat,
        position,
    )
    .await;

    // The vote opened (3), then one reminder: Zoe's (invitations are not counted).
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while received(&smtp).len() < 4 && tokio::time::Instant::now() < deadline {
        scheduler::run_once(&app.state, None)
            .await
            .expect("a round");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mail = wait_for_mail(&smtp, 4).await;
    let reminders: Vec<&Received> = mail
        .iter()
        .filter(|m| m.subject.contains("closes"))
        .collect();
    assert_eq!(reminders.len(), 1, "{}", summary(&mail));
    assert_eq!(reminders[0].to, "zoe@zurich.test");
    app.stop().await;
}
