//! Signing in through the e-mailed code in a real Chromium, each role's start page and the
//! account page checked with axe-core, on a desktop and on a phone.

use crate::pages::support::{code_in, code_mail, pages_app};
use charter_domain::Role;
use charter_tests::{Browser, SmtpServer, TestApp};
use serde_json::json;

/// Signs `address` in through the pages, as a person at a browser does.
pub(super) async fn sign_in(
    browser: &mut Browser,
    app: &TestApp,
    smtp: &SmtpServer,
    address: &str,
) {
    crate::pages::support::settled(&app.state, &app.pool).await;
    let before = crate::notifications::support::received(smtp).len();
    browser.goto(&format!("{}/sign-in", app.address)).await;
    browser.fill("E-mail address", address).await;
    browser.click_button("Send me a code").await;
    browser.wait_for_text("Check your e-mail").await;
    browser.check_page("code").await;
    let code = code_in(&code_mail(smtp, address, before).await);
    browser.fill("Code", &code).await;
    browser.click_button("Continue").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_role_signs_in_with_the_emailed_code_and_its_pages_pass_axe_core() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app
        .issue_with_email(Role::Secretariat, "Selin Aydın", Some("selin@hubs.test"))
        .await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    app.issue_with_email(Role::Panelist, "Deniz Kaya", Some("deniz@hubs.test"))
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
    assert!(
        opened.status().is_success(),
        "{}",
        opened.text().await.unwrap_or_default()
    );
    let _ = secretariat;

    let mut browser = Browser::start().await;
    browser.goto(&format!("{}/", app.address)).await;
    browser.check_page("welcome").await;
    browser.goto(&format!("{}/sign-in", app.address)).await;
    browser.check_page("sign-in").await;
    // A refused form: the error summary, checked too.
    browser.click_button("Send me a code").await;
    browser.wait_for_text("There is a problem").await;
    browser.check_page("sign-in-refused").await;

    for (address, start_page, name) in [
        ("selin@hubs.test", "Pipeline", "secretariat"),
        ("ayla@hubs.test", "Open votes", "committee"),
        ("deniz@hubs.test", "Your reviews", "panelist"),
        ("ines@hubs.test", "Impact Hub Porto", "founder"),
    ] {
        sign_in(&mut browser, &app, &smtp, address).await;
        browser.wait_for_text(start_page).await;
        browser.check_page(&format!("{name}-start")).await;
        browser.goto(&format!("{}/account", app.address)).await;
        browser.wait_for_text("API tokens").await;
        browser.check_page(&format!("{name}-account")).await;
        browser.click_button("Sign out").await;
        browser.wait_for_text("You have signed out").await;
    }
    browser.check_page("signed-out").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_in_turkish_pass_axe_core_and_name_the_language() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let mut browser = Browser::start_in_language("tr").await;
    browser.goto(&format!("{}/sign-in", app.address)).await;
    browser.wait_for_text("Oturum açın").await;
    let lang = browser
        .execute("return document.documentElement.lang;", Vec::new())
        .await;
    assert_eq!(lang, json!("tr"));
    browser.check_page("sign-in-tr").await;
}
