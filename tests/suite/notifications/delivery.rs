//! From a command to the mail of the people it concerns, over real SMTP.

use super::support::{mailing_app, summary, to, wait_for_mail, PUBLIC_URL};
use charter_domain::Role;
use charter_tests::{assert_problem, SmtpServer};
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_people_an_event_concerns_receive_its_message_with_a_link_to_act_on() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp, 5).await;
    let secretariat = app
        .issue_with_email(Role::Secretariat, "Sam Secretary", Some("sam@hubs.test"))
        .await;
    let panelist = app
        .issue_with_email(Role::Panelist, "Mei Lin", Some("mei@panel.test"))
        .await;
    let (_, opened) = app.open_application("Porto").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();

    let assigned = app
        .post(
            &format!("/api/v1/applications/{id}/panelists"),
            &secretariat,
            &json!({"panelist_id": panelist.person.0}),
        )
        .await;
    assert_eq!(assigned.status(), 201);
    let eligible = app
        .post(
            &format!("/api/v1/applications/{id}/eligibility"),
            &secretariat,
            &json!({"note": null}),
        )
        .await;
    assert_eq!(eligible.status(), 200);
    let position = eligible.json::<Value>().await.expect("JSON")["position"]
        .as_i64()
        .expect("position");

    let mail = wait_for_mail(&smtp, 2).await;
    assert_eq!(
        mail.len(),
        2,
        "one for the panelist, one for the founder: {}",
        summary(&mail)
    );
    let panel = to(&mail, "mei@panel.test");
    assert_eq!(panel.len(), 1);
    assert_eq!(
        panel[0].subject,
        "Impact Hub Porto: you are on its review panel"
    );
    assert!(
        panel[0].text.starts_with("Hello Mei Lin,"),
        "{}",
        panel[0].text
    );
    assert!(panel[0]
        .text
        .contains(&format!("{PUBLIC_URL}/api/v1/applications/{id}")));
    let founder = to(&mail, "ana@porto.example");
    assert_eq!(founder.len(), 1);
    assert_eq!(
        founder[0].subject,
        "Impact Hub Porto: your application is eligible"
    );
    assert!(founder[0].html.contains(&format!(
        "href=\"{PUBLIC_URL}/api/v1/applications/{id}/status\""
    )));
    // Neither names the panelist to the founders.
    assert!(!founder[0].text.contains("Mei"));
    for message in &mail {
        assert!(
            message.message_id.ends_with("@hubs.test"),
            "{}",
            message.message_id
        );
    }

    // The secretariat sees both delivered, and nobody else may look.
    let deliveries = app
        .list(
            &format!("/api/v1/notifications/deliveries?application_id={id}"),
            &secretariat,
            position,
        )
        .await;
    let rows = deliveries.as_array().expect("a list");
    assert_eq!(rows.len(), 2, "{deliveries:#}");
    for row in rows {
        assert_eq!(row["status"], "sent", "{row:#}");
        assert_eq!(row["attempts"], 1);
        let message_id = format!("{}@hubs.test", row["message_id"].as_str().expect("id"));
        assert!(mail.iter().any(|m| m.message_id == message_id));
        // The list never shows the words or the address.
        assert!(!row.to_string().contains("ana@porto.example"));
    }
    let kinds: Vec<&str> = rows.iter().filter_map(|r| r["kind"].as_str()).collect();
    assert!(kinds.contains(&"panelist_assigned") && kinds.contains(&"eligibility_granted"));
    let one = app
        .read(
            &format!(
                "/api/v1/notifications/deliveries/{}",
                rows[0]["message_id"].as_str().expect("id")
            ),
            &secretariat,
            0,
        )
        .await;
    assert_eq!(one["tries"][0]["outcome"], "sent", "{one:#}");

    let refused = app.get("/api/v1/notifications/deliveries", &panelist).await;
    assert_problem(refused, 403, "forbidden").await;
    for bad in ["status=lost", "kind=gossip", "limit=0", "recipient=nobody"] {
        let refused = app
            .get(
                &format!("/api/v1/notifications/deliveries?{bad}"),
                &secretariat,
            )
            .await;
        assert_problem(refused, 400, "bad-request").await;
    }
}
