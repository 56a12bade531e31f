//! The browser support itself: axe-core runs under a strict Content-Security-Policy and
//! finds what it should, forms are filled and submitted as a person would, screenshots
//! land where a failed run can be looked at, and nothing of the browser outlives it.

use super::site::Site;
use charter_tests::browser::{screenshots_root, Key};
use charter_tests::Browser;
use futures::FutureExt;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::Duration;

/// The message of the panic `future` ends in; fails if it ends without one.
async fn panic_message(future: impl std::future::Future<Output = ()>) -> String {
    let outcome = AssertUnwindSafe(future).catch_unwind().await;
    let payload = outcome.expect_err("a failure");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| {
            payload
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
        })
        .unwrap_or_default()
}

fn is_png(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_accessible_page_passes_axe_core_under_a_strict_content_security_policy() {
    let site = Site::start().await;
    let mut browser = Browser::start().await;
    browser.goto(&site.url("/accessible")).await;

    // The policy is in force: the page's inline script did not run.
    let marked = browser
        .execute("return document.body.dataset.inline || 'no';", vec![])
        .await;
    assert_eq!(marked, "no");
    browser.goto(&site.url("/no-policy")).await;
    let marked = browser
        .execute("return document.body.dataset.inline || 'no';", vec![])
        .await;
    assert_eq!(marked, "ran", "without the policy the same script runs");
    browser.goto(&site.url("/accessible")).await;

    assert_eq!(browser.violations().await.len(), 0);
    browser.check_page("accessible").await;
    browser
        .assert_accessible("the accessible page, again")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_without_alternative_text_and_an_unlabelled_field_are_reported_by_rule() {
    let site = Site::start().await;
    let mut browser = Browser::start().await;
    browser.goto(&site.url("/violations")).await;

    let violations = browser.violations().await;
    let mut rules: Vec<&str> = violations.iter().map(|v| v.id.as_str()).collect();
    rules.sort();
    assert_eq!(rules, ["image-alt", "label"], "{violations:#?}");
    let image = violations
        .iter()
        .find(|v| v.id == "image-alt")
        .expect("image-alt");
    assert_eq!(image.impact.as_deref(), Some("critical"));
    assert_eq!(image.nodes.len(), 1);
    assert!(image.nodes[0].html.starts_with("<img"), "{image:?}");

    let message = panic_message(browser.assert_accessible("the faulty page")).await;
    assert!(
        message.contains("2 violation(s) on the faulty page"),
        "{message}"
    );
    assert!(message.contains("- image-alt (critical)"), "{message}");
    assert!(message.contains("- label ("), "{message}");
    assert!(
        message.contains("    input  <input name=\"city\">"),
        "{message}"
    );

    browser.goto(&site.url("/accessible")).await;
    browser
        .assert_accessible("a clean page after a faulty one")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_is_filled_by_its_labels_and_submitted_and_each_step_is_photographed() {
    let site = Site::start().await;
    let mut browser = Browser::start().await;
    browser.goto(&site.url("/form")).await;
    let form = browser.screenshot("form").await;

    browser.fill("Your name", "Ada Lovelace").await;
    browser.select("Stage", "Candidate").await;
    browser.check("I agree").await;
    browser.fill("note", "Seen <twice> & \"quoted\"").await;
    browser.submit().await;

    assert!(browser.current_path().await.starts_with("/thanks?"));
    let text = browser.text().await;
    assert!(text.contains("Thank you, Ada Lovelace."), "{text}");
    assert!(
        text.contains("Stage: candidate. Agreed: yes. Note: Seen <twice> & \"quoted\"."),
        "{text}"
    );
    let thanks = browser.screenshot("thanks").await;

    browser.goto(&site.url("/form")).await;
    browser.fill("Your name", "Grace").await;
    browser.click_button("Send").await;
    browser.wait_for_text("Thank you, Grace.").await;
    browser.wait_for_text("Agreed: no.").await;

    let folder = screenshots_root()
        .join("browser.harness.a_form_is_filled_by_its_labels_and_submitted_and_each_step_is_photographed");
    assert_eq!(form, folder.join("01-form.png"));
    assert_eq!(thanks, folder.join("02-thanks.png"));
    assert!(is_png(&form) && is_png(&thanks));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_field_fails_saying_what_was_waited_for_and_what_the_page_said() {
    let site = Site::start().await;
    let mut browser = Browser::start().await;
    browser.goto(&site.url("/accessible")).await;

    browser.set_wait_limit(Duration::from_secs(2));
    let message = panic_message(browser.fill("Postcode", "34000")).await;
    assert!(
        message.contains("waited 2s for a field labelled or named \"Postcode\""),
        "{message}"
    );
    assert!(message.contains("Everything here has a name."), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_wider_than_a_phone_fails_the_phone_check_and_leaves_both_screenshots() {
    let site = Site::start().await;
    let mut browser = Browser::start().await;
    browser.goto(&site.url("/wide")).await;

    let message = panic_message(browser.check_page("wide")).await;
    assert!(
        message.contains("wide scrolls sideways on a 390-pixel phone"),
        "{message}"
    );
    let folder = screenshots_root()
        .join("browser.harness.a_page_wider_than_a_phone_fails_the_phone_check_and_leaves_both_screenshots");
    assert!(is_png(&folder.join("01-wide.png")));
    assert!(is_png(&folder.join("02-wide-phone.png")));

    // Back at desktop size afterwards.
    let width = browser.execute("return window.innerWidth;", vec![]).await;
    assert_eq!(width, 1280);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_without_a_viewport_declaration_fails_the_phone_check() {
    let site = Site::start().await;
    let mut browser = Browser::start().await;
    browser.goto(&site.url("/unscaled")).await;

    let message = panic_message(browser.check_page("unscaled")).await;
    assert!(
        message.contains("unscaled does not declare <meta name=\"viewport\""),
        "{message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hidden_focus_and_an_error_link_to_no_field_are_reported() {
    let site = Site::start().await;
    let mut browser = Browser::start().await;
    browser.goto(&site.url("/unseen")).await;

    let message = panic_message(browser.assert_focus_shows("the page")).await;
    assert!(message.contains("1 element(s) show no focus"), "{message}");
    assert!(message.contains("Hidden focus"), "{message}");
    assert!(!message.contains("A link that shows"), "{message}");
    let message = panic_message(browser.assert_stops_named("the page")).await;
    assert!(message.contains("do not say what they are"), "{message}");
    assert!(message.contains("A frame"), "{message}");
    let message = panic_message(browser.assert_errors_lead_to_fields("the page")).await;
    assert!(message.contains("links to no field"), "{message}");
    assert!(message.contains("#postcode"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn words_a_phone_shrinks_out_of_reading_fail_the_phone_check() {
    let site = Site::start().await;
    let mut browser = Browser::start().await;
    browser.goto(&site.url("/small")).await;

    let message = panic_message(browser.check_page("small")).await;
    assert!(
        message.contains("small on a phone has text smaller than 12 pixels"),
        "{message}"
    );
    assert!(message.contains("Tiny words"), "{message}");
    assert!(!message.contains("Readable"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keyboard_alone_tabs_through_a_form_fills_it_and_sends_it() {
    let site = Site::start().await;
    let mut browser = Browser::start().await;
    browser.goto(&site.url("/form")).await;

    let stops = browser.tab_through_page().await;
    let ids: Vec<&str> = stops.iter().map(|stop| stop.id.as_str()).collect();
    assert_eq!(ids, ["name", "stage", "", "note", ""], "{stops:?}");
    assert_eq!(stops[4].label, "Send");
    browser.goto(&site.url("/form")).await;
    let name = browser.tab(false).await;
    assert_eq!(name.label, "Your name (as on your passport)");
    browser.press(Key::End).await;
    browser.type_text(" of Ockham").await;
    browser
        .tab_to("the checkbox", |focused| focused.kind == "checkbox")
        .await;
    browser.press(Key::Space).await;
    browser
        .tab_to("the note", |focused| focused.id == "note")
        .await;
    browser.type_text("Typed, not pasted").await;
    // Shift+Tab goes back to the checkbox, Tab forward to the note again.
    assert_eq!(browser.tab(true).await.kind, "checkbox");
    browser
        .tab_to("the button", |focused| focused.label == "Send")
        .await;
    browser.press_for_next_page(Key::Enter, "sending").await;
    let text = browser.text().await;
    assert!(text.contains("Thank you, someone of Ockham."), "{text}");
    assert!(
        text.contains("Agreed: yes. Note: Typed, not pasted."),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_asks_for_pages_in_the_language_it_was_started_in() {
    let site = Site::start().await;
    let mut browser = Browser::start_in_language("tr").await;
    browser.goto(&site.url("/language")).await;
    browser.wait_for_text("Asked for: tr").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_browser_leaves_no_chromium_running() {
    let browser = Browser::start().await;
    let chromium = chromium_pid(&browser).expect("Chromium's process id");
    assert!(running(chromium), "Chromium runs while the browser is held");

    drop(browser);
    assert!(
        !running(chromium),
        "Chromium {chromium} outlived its browser"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_test_that_fails_with_a_browser_open_leaves_a_picture_of_its_last_page() {
    let site = Site::start().await;
    let chromium = std::cell::Cell::new(None);
    let message = panic_message(async {
        let mut browser = Browser::start().await;
        browser.goto(&site.url("/accessible")).await;
        chromium.set(chromium_pid(&browser));
        panic!("the test fails here");
    })
    .await;
    assert_eq!(message, "the test fails here");

    let folder = screenshots_root().join(
        "browser.harness.a_test_that_fails_with_a_browser_open_leaves_a_picture_of_its_last_page",
    );
    assert!(is_png(&folder.join("01-failure.png")));
    let chromium = chromium.get().expect("Chromium's process id");
    assert!(
        !running(chromium),
        "Chromium {chromium} outlived its failed test"
    );
}

/// The process id of the browser's Chromium, as chromedriver reports it.
fn chromium_pid(browser: &Browser) -> Option<u64> {
    browser
        .client()
        .capabilities()
        .and_then(|capabilities| capabilities.get("goog:processID"))
        .and_then(|pid| pid.as_u64())
}

/// Whether process `pid` exists and is not a zombie waiting to be reaped.
fn running(pid: u64) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // The state follows the command name, which is in parentheses.
    let state = stat.rsplit(')').next().unwrap_or_default().trim_start();
    !state.starts_with('Z') && !state.starts_with('X')
}
