//! Every role's pages in Chromium, on an application with a panel, a document, a review
//! and an open vote: each passes axe-core on a desktop and on a phone.

use super::sign_in::sign_in;
use crate::api::steps::{assign, grant_eligibility, open_vote, review, submit};
use crate::pages::support::pages_app;
use charter_domain::Role;
use charter_tests::{Browser, SmtpServer};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_roles_pages_pass_axe_core_on_a_desktop_and_a_phone() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app
        .issue_with_email(Role::Secretariat, "Selin Aydın", Some("selin@hubs.test"))
        .await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let ada = app
        .issue_with_email(Role::Panelist, "Ada Panel", Some("ada@hubs.test"))
        .await;
    let founder = app
        .issue_with_email(Role::Applicant, "Ines Moreau", Some("ines@hubs.test"))
        .await;
    let opened = app
        .post(
            "/api/v1/applications",
            &founder,
            &json!({
                "city": "Porto", "country": "PT", "hub_name": "Impact Hub Porto",
                "founders": [{ "name": "Ines Moreau", "email": "ines@hubs.test" }]
            }),
        )
        .await;
    assert!(opened.status().is_success());
    let id = founder.application.expect("an application").0.to_string();
    grant_eligibility(&app, &secretariat, &id).await;
    assign(&app, &secretariat, &id, &ada).await;
    submit(&app, &founder, "preliminary_report", "the report").await;
    review(&app, &ada, &id, "preliminary_report", 1, "advance").await;
    let vote = open_vote(
        &app,
        &secretariat,
        json!({"application_id": id, "motion": {"kind": "reject", "grounds": "No legal entity yet."}}),
    )
    .await;
    let person = secretariat.person;

    let walks: [(&str, Vec<String>); 4] = [
        (
            "selin@hubs.test",
            vec![
                "/".to_owned(),
                format!("/applications/{id}"),
                "/people".to_owned(),
                format!("/people/{person}"),
                "/deliveries".to_owned(),
            ],
        ),
        (
            "ayla@hubs.test",
            vec![
                "/".to_owned(),
                format!("/votes/{vote}"),
                "/register".to_owned(),
                "/dashboard".to_owned(),
                format!("/applications/{id}/audit"),
            ],
        ),
        (
            "ada@hubs.test",
            vec!["/".to_owned(), format!("/applications/{id}/review")],
        ),
        (
            "ines@hubs.test",
            vec![
                "/".to_owned(),
                "/documents".to_owned(),
                "/timeline".to_owned(),
                "/withdraw".to_owned(),
            ],
        ),
    ];
    let mut browser = Browser::start().await;
    for (address, pages) in walks {
        sign_in(&mut browser, &app, &smtp, address).await;
        let who = address.split('@').next().unwrap_or_default().to_owned();
        for path in pages {
            browser.goto(&format!("{}{path}", app.address)).await;
            let name = format!("{who}{}", path.replace('/', "-"));
            browser.check_page(&name).await;
        }
        browser.click_button("Sign out").await;
        browser.wait_for_text("You have signed out").await;
    }
}
