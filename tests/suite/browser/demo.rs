//! The demo network in Chromium: each person the demo prints signs in with the address it
//! prints, and their pages, full of four years of history, pass axe-core. The start pages'
//! screenshots are the README's.

use super::cast::sign_in;
use charter_api::demo;
use charter_api::settings::{MailSettings, MailTransport};
use charter_domain::Role;
use charter_notifications::outbox::deliver::Retry;
use charter_tests::{spawn_app_on, Browser, SmtpServer, TestDatabase};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demos_people_sign_in_with_the_addresses_it_prints_and_their_pages_pass_axe_core() {
    charter_tests::init_logs();
    let database = TestDatabase::create().await;
    let pool = database.pool(20).await;
    let mail = MailSettings {
        transport: MailTransport::Maildir(database.maildir()),
        ..MailSettings::default()
    };
    let policy = demo::policy().expect("the demo's policy");
    let report = demo::load(&pool, &policy, &mail, &database.key_dir())
        .await
        .expect("the demo loads");
    drop(pool);
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_on(database, move |settings| {
        settings.mail.transport = MailTransport::Smtp(url);
        settings.mail.poll = Duration::from_millis(50);
        settings.mail.retry = Retry {
            attempts: 3,
            give_up_after: Duration::ZERO,
            first_wait: Duration::from_millis(50),
            longest: Duration::from_millis(200),
        };
    })
    .await;

    let mut browser = Browser::start().await;
    for role in [
        Role::Secretariat,
        Role::Committee,
        Role::Panelist,
        Role::Applicant,
    ] {
        let token = report
            .tokens
            .iter()
            .find(|token| token.caller.role == role)
            .unwrap_or_else(|| panic!("the demo prints a {role}"));
        let address = token
            .email
            .as_deref()
            .unwrap_or_else(|| panic!("the demo prints the {role}'s address"));
        sign_in(&mut browser, &app, &smtp, address).await;
        browser.wait_for_text(&token.caller.name).await;
        browser
            .check_page(&format!("{}-start", role.as_str()))
            .await;
        browser.click_button("Sign out").await;
        browser.wait_for_text("You have signed out").await;
    }
}
