//! Each person chooses what they receive; the unsubscribe link in a message changes that
//! person's choice for that kind, without signing in, and nothing else; a daily digest
//! batches what they chose to batch.

use super::support::{
    mailing_app, mailing_app_with, received, summary, to, wait_for_mail, Received, PUBLIC_URL,
};
use charter_domain::Role;
use charter_tests::{assert_problem, Caller, SmtpServer, TestApp};
use serde_json::{json, Value};
use std::time::Duration;

/// Opens an application and assigns `panelists` to it; the last command's position.
async fn assign(app: &TestApp, secretariat: &Caller, city: &str, panelists: &[&Caller]) -> i64 {
    let (_, opened) = app.open_application(city).await;
    let id = opened["application_id"].as_str().expect("id");
    let mut position = 0;
    for panelist in panelists {
        let assigned = app
            .post(
                &format!("/api/v1/applications/{id}/panelists"),
                secretariat,
                &json!({"panelist_id": panelist.person.0}),
            )
            .await;
        assert_eq!(assigned.status(), 201);
        position = assigned.json::<Value>().await.expect("JSON")["position"]
            .as_i64()
            .expect("position");
    }
    position
}

pub(crate) async fn delivery_of(app: &TestApp, caller: &Caller, kind: &str) -> Value {
    let all = app
        .read("/api/v1/notifications/preferences", caller, 0)
        .await;
    all.as_array()
        .expect("a list")
        .iter()
        .find(|preference| preference["kind"] == kind)
        .map(|preference| preference["delivery"].clone())
        .expect("the kind is listed")
}

fn link_path(message: &Received) -> String {
    let link = message
        .unsubscribe
        .clone()
        .expect("a List-Unsubscribe link");
    assert!(link.starts_with(PUBLIC_URL), "{link}");
    link.trim_start_matches(PUBLIC_URL).to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsubscribe_link_stops_that_kind_for_that_person_only_and_needs_no_sign_in() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp, 5).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let mei = app
        .issue_with_email(Role::Panelist, "Mei Lin", Some("mei@panel.test"))
        .await;
    let ola = app
        .issue_with_email(Role::Panelist, "Ola Berg", Some("ola@panel.test"))
        .await;
    assign(&app, &secretariat, "Porto", &[&mei, &ola]).await;
    let mail = wait_for_mail(&smtp, 2).await;
    let path = link_path(to(&mail, "mei@panel.test")[0]);
    assert!(to(&mail, "mei@panel.test")[0].text.contains(&path));

    // Opening the link leads to a page that changes nothing; its button does.
    let page = app
        .request(reqwest::Method::GET, &path, None)
        .send()
        .await
        .expect("send");
    assert_eq!(page.status(), 200);
    assert!(
        page.url().path().starts_with("/unsubscribe/"),
        "{}",
        page.url()
    );
    assert!(page
        .text()
        .await
        .expect("text")
        .contains("<form method=\"post\" action=\"/unsubscribe/"));
    assert_eq!(
        delivery_of(&app, &mei, "panelist_assigned").await,
        "immediate"
    );
    let done = app
        .request(reqwest::Method::POST, &path, None)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("send");
    assert_eq!(done.status(), 200);
    assert_eq!(delivery_of(&app, &mei, "panelist_assigned").await, "off");
    assert_eq!(
        delivery_of(&app, &ola, "panelist_assigned").await,
        "immediate"
    );
    assert_eq!(delivery_of(&app, &mei, "vote_closed").await, "immediate");

    // The next assignment reaches Ola only.
    assign(&app, &secretariat, "Braga", &[&mei, &ola]).await;
    let mail = wait_for_mail(&smtp, 3).await;
    assert_eq!(to(&mail, "ola@panel.test").len(), 2);
    assert_eq!(to(&mail, "mei@panel.test").len(), 1, "{}", summary(&mail));

    // A kind about a deadline is batched, never stopped, by its link.
    let required = path.replace("kind=panelist_assigned", "kind=document_awaits_review");
    let batched = app
        .request(reqwest::Method::POST, &required, None)
        .send()
        .await
        .expect("send");
    assert_eq!(batched.status(), 200);
    assert_eq!(
        delivery_of(&app, &mei, "document_awaits_review").await,
        "daily_digest"
    );

    // A link that is not one, or a kind that is not one, changes nothing.
    for bad in [
        path.replace("/unsubscribe/", "/unsubscribe/0000"),
        path.replace("kind=panelist_assigned", "kind=gossip"),
    ] {
        let refused = app
            .request(reqwest::Method::POST, &bad, None)
            .send()
            .await
            .expect("send");
        assert_eq!(refused.status(), 404, "{bad}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_sets_their_choices_all_or_none_and_cannot_switch_off_a_vote() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp, 5).await;
    let member = app.caller(Role::Committee, "Cleo Member").await;
    let set = |choices: Value| {
        app.request(
            reqwest::Method::PUT,
            "/api/v1/notifications/preferences",
            Some(&member),
        )
        .json(&json!({ "choices": choices }))
        .send()
    };
    let refused = set(json!({"vote_closed": "off", "vote_opened": "off"}))
        .await
        .expect("send");
    let problem = assert_problem(refused, 422, "cannot-switch-off").await;
    assert_eq!(problem["field"], "choices.vote_opened", "{problem}");
    assert_eq!(delivery_of(&app, &member, "vote_closed").await, "immediate");
    let unknown = set(json!({"gossip": "off"})).await.expect("send");
    let problem = assert_problem(unknown, 400, "bad-request").await;
    assert_eq!(problem["field"], "choices.gossip", "{problem}");
    let nonsense = set(json!({"vote_closed": "sometimes"}))
        .await
        .expect("send");
    assert_problem(nonsense, 422, "invalid-body").await;
    assert_eq!(delivery_of(&app, &member, "vote_closed").await, "immediate");

    let changed = set(json!({"vote_closed": "off", "vote_opened": "daily_digest"}))
        .await
        .expect("send");
    assert_eq!(changed.status(), 200);
    assert_eq!(delivery_of(&app, &member, "vote_closed").await, "off");
    assert_eq!(
        delivery_of(&app, &member, "vote_opened").await,
        "daily_digest"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_a_person_chose_to_batch_arrives_together_in_one_daily_digest() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app_with(&smtp, 5, |settings| {
        settings.mail.digest_after = Duration::from_millis(1500);
    })
    .await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let mei = app
        .issue_with_email(Role::Panelist, "Mei Lin", Some("mei@panel.test"))
        .await;
    let chosen = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/notifications/preferences",
            Some(&mei),
        )
        .json(&json!({"choices": {"panelist_assigned": "daily_digest"}}))
        .send()
        .await
        .expect("send");
    assert_eq!(chosen.status(), 200);
    assign(&app, &secretariat, "Porto", &[&mei]).await;
    let position = assign(&app, &secretariat, "Braga", &[&mei]).await;
    let held = app
        .list(
            "/api/v1/notifications/deliveries?status=held",
            &secretariat,
            position,
        )
        .await;
    assert_eq!(held.as_array().map(Vec::len), Some(2), "{held:#}");
    assert!(received(&smtp).is_empty(), "held, not sent");

    let mail = wait_for_mail(&smtp, 1).await;
    assert_eq!(mail.len(), 1, "{}", summary(&mail));
    assert_eq!(
        mail[0].subject,
        "Your daily digest from Charter: 2 messages"
    );
    assert!(mail[0]
        .text
        .contains("Impact Hub Porto: you are on its review panel"));
    assert!(mail[0]
        .text
        .contains("Impact Hub Braga: you are on its review panel"));
    let digested = app
        .list(
            "/api/v1/notifications/deliveries?status=digested",
            &secretariat,
            0,
        )
        .await;
    let digest_id = mail[0].message_id.split('@').next().unwrap_or_default();
    for row in digested.as_array().expect("a list") {
        assert_eq!(row["digest_id"], digest_id, "{row:#}");
    }
}
