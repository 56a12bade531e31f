//! The pages before and around a role's own: the welcome, signing in by code and by link
//! (each refused once), choosing among several roles, the account page with its token
//! forms, the pages of a refusal and of an unknown address, and signing out.

use super::super::cast::{Cast, AYLA};
use super::Walk;
use crate::pages::support::link_in;
use charter_tests::Browser;
use serde_json::json;

/// The routes this walk opens.
pub(super) const ROUTES: &[&str] = &[
    "/",
    "/sign-in",
    "/sign-in/code",
    "/sign-in/link/{key}",
    "/sign-in/role",
    "/account",
    "/account/messages",
    "/signed-out",
    "/unsubscribe/{key}",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_and_account_pages_pass_axe_core_asked_refused_and_done() {
    let cast = Cast::gather().await;
    // Ayla joins the panel pool besides her seat: signing in, she chooses a role.
    let ayla = &cast.committee[0];
    let joined = cast
        .app
        .post(
            &format!("/api/v1/people/{}/panel-pool", ayla.person),
            &cast.secretariat,
            &json!({ "expertise": ["finance"] }),
        )
        .await;
    assert!(joined.status().is_success(), "{}", joined.status());
    let mut walk = Walk::start(&cast, "visitor", ROUTES).await;
    walk.open("/", "Sign in", "welcome").await;
    walk.open("/sign-in", "Send me a code", "sign-in").await;
    walk.refused("Send me a code", "sign-in-refused").await;

    let mail = cast.ask_for_mail(&mut walk.browser, AYLA).await;
    walk.open("/sign-in/code", "Check your e-mail", "code")
        .await;
    walk.browser.fill("Code", "000000").await;
    walk.refused("Continue", "code-refused").await;
    // The link of the same e-mail: a page that asks before it signs in.
    let link = link_in(&mail);
    let path = &link[link.find("/sign-in/link/").expect("a link's path")..];
    walk.open(path, "Sign in to Charter", "link").await;
    walk.press("Sign in", "How do you want to use Charter?", "role")
        .await;
    walk.refused("Continue", "role-refused").await;
    walk.browser.check("Committee member").await;
    walk.press("Continue", "Open votes", "committee-start")
        .await;
    walk.open(
        "/sign-in/role",
        "How do you want to use Charter?",
        "role-switch",
    )
    .await;
    walk.browser.check("Expert panelist").await;
    walk.press("Continue", "Your reviews", "panelist-start")
        .await;

    walk.open("/account", "API tokens", "account").await;
    walk.browser.fill("Days it works", "many").await;
    walk.refused("Make the token", "account-refused").await;
    walk.browser
        .fill("Name of the token", "My spreadsheet")
        .await;
    walk.browser.fill("Days it works", "30").await;
    walk.press("Make the token", "Copy it now", "account-token")
        .await;

    walk.open("/account/messages", "E-mails and calendar", "messages")
        .await;
    walk.choose("vote_closed", "daily_digest").await;
    walk.press(
        "Save the choices",
        "Your choices are saved.",
        "messages-saved",
    )
    .await;
    // A choice the list does not offer (a form tampered with) is refused beside it.
    walk.browser
        .execute(
            "const list = document.getElementById('vote_closed');\
             list.add(new Option('?', 'sometimes')); list.value = 'sometimes';",
            Vec::new(),
        )
        .await;
    walk.refused("Save the choices", "messages-refused").await;
    walk.press(
        "Replace the address",
        "Your calendar has a new address",
        "calendar-replaced",
    )
    .await;

    // A founder's page, refused to a panelist; and an address with no page.
    walk.browser.goto(&cast.url("/documents")).await;
    walk.browser.wait_for_text("You cannot see this page").await;
    walk.look("forbidden").await;
    walk.browser.goto(&cast.url("/no-such-page")).await;
    walk.browser.wait_for_text("Page not found").await;
    walk.look("not-found").await;

    cast.sign_out(&mut walk.browser).await;
    walk.open("/signed-out", "You have signed out", "signed-out")
        .await;

    // An e-mail's unsubscribe link, opened without signing in.
    let mut conn = cast.app.pool.acquire().await.expect("a connection");
    let key = charter_notifications::preferences::unsubscribe_key(&mut conn, ayla.person.0)
        .await
        .expect("a key");
    drop(conn);
    let link = format!("/unsubscribe/{key}?kind=stage_reached");
    walk.open(&link, "Stop the e-mails", "unsubscribe").await;
    walk.press("Yes, stop them", "Done:", "unsubscribed").await;
    walk.open(
        &format!("/unsubscribe/{key}?kind=gossip"),
        "This link does not work",
        "unsubscribe-invalid",
    )
    .await;
    walk.finish();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_in_turkish_pass_axe_core_and_name_the_language() {
    let cast = Cast::gather().await;
    let mut browser = Browser::start_in_language("tr").await;
    browser.goto(&cast.url("/sign-in")).await;
    browser.wait_for_text("Oturum açın").await;
    let lang = browser
        .execute("return document.documentElement.lang;", Vec::new())
        .await;
    assert_eq!(lang, json!("tr"));
    browser.check_page("sign-in-tr").await;
    browser.click_button("Bana bir kod gönderin").await;
    browser.wait_for_text("Bir sorun var").await;
    browser.check_page("sign-in-refused-tr").await;
}
