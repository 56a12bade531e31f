//! A person put on the roster with an address is invited, by name, to sign in.

use super::support::{
    mailing_app, notifier_caught_up, received, summary, to, wait_for_invitations, PUBLIC_URL,
};
use charter_domain::Role;
use charter_tests::SmtpServer;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_registered_with_an_address_is_invited_to_sign_in_and_one_without_is_not() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp, 5).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    for body in [
        json!({"name": "Jonas Weber"}),
        json!({"name": "Ines Moreau", "email": "ines@hubs.test"}),
    ] {
        let registered = app.post("/api/v1/people", &secretariat, &body).await;
        assert_eq!(registered.status(), 201, "{body}");
    }

    let mail = wait_for_invitations(&smtp, 1).await;
    assert_eq!(mail.len(), 1, "one invitation, to Ines: {}", summary(&mail));
    assert!(received(&smtp).is_empty(), "and nothing else");
    let invitation = to(&mail, "ines@hubs.test");
    assert_eq!(invitation.len(), 1);
    let message = invitation[0];
    assert_eq!(message.subject, "You are invited to Charter");
    assert!(
        message.text.starts_with("Hello Ines Moreau,"),
        "{}",
        message.text
    );
    assert!(
        message
            .text
            .contains("invited to Charter, where the network keeps the record of its admissions, as Ines Moreau"),
        "{}",
        message.text
    );
    let sign_in = format!("{PUBLIC_URL}/sign-in");
    assert!(
        message.text.contains(&format!("Sign in: {sign_in}")),
        "{}",
        message.text
    );
    assert!(
        message.html.contains(&format!("href=\"{sign_in}\"")),
        "{}",
        message.html
    );
    // Nobody opts out of their invitation: it has no unsubscribe link.
    assert_eq!(message.unsubscribe, None);
    assert!(!message.text.contains("/unsubscribe/"), "{}", message.text);

    let deliveries = app
        .list(
            "/api/v1/notifications/deliveries?kind=invited",
            &secretariat,
            0,
        )
        .await;
    let rows = deliveries.as_array().expect("a list");
    assert_eq!(rows.len(), 1, "{deliveries:#}");
    assert_eq!(rows[0]["status"], "sent", "{deliveries:#}");
    assert_eq!(rows[0]["application_id"], Value::Null, "{deliveries:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joining_the_secretariat_invites_nobody_again() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp, 5).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let registered = app
        .post(
            "/api/v1/people",
            &secretariat,
            &json!({"name": "Ines Moreau", "email": "ines@hubs.test"}),
        )
        .await;
    assert_eq!(registered.status(), 201);
    let person = registered.json::<Value>().await.expect("JSON")["person_id"]
        .as_str()
        .expect("a person")
        .to_owned();
    let joined = app
        .post(
            &format!("/api/v1/people/{person}/secretariat"),
            &secretariat,
            &json!({}),
        )
        .await;
    assert_eq!(joined.status(), 201);
    // Once the notifier has read the joining, a second invitation would be on its way.
    notifier_caught_up(&app).await;
    let mail = wait_for_invitations(&smtp, 1).await;
    assert_eq!(mail.len(), 1, "one invitation: {}", summary(&mail));
    assert!(received(&smtp).is_empty(), "and nothing else");
}
