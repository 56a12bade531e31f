//! Each role at the keyboard alone: one person signs in and completes one real action with
//! Tab, Shift+Tab, Enter, Space, the arrow keys of a radio group and typing, all pressed
//! through WebDriver's key actions: nothing is clicked, and no script moves the focus. On
//! every page the first Tab reaches a visible skip link whose Enter moves the focus to the
//! main content; every page reached by an address is first tabbed through from end to
//! end, each stop showing its focus and none a trap; a refused form's error summary takes
//! the focus and leads to its field; and after the last redirect the page shows what was
//! done.

use super::cast::{Cast, ADA, AYLA, INES, SELIN};
use crate::api::steps::{grant_eligibility, wait_for_stage};
use crate::notifications::support::received;
use crate::pages::support::{code_in, code_mail};
use charter_tests::browser::{Focused, Key};
use charter_tests::Browser;
use serde_json::json;

/// Tabs through the whole page shown, then loads it again, so that the keys that follow
/// start from the top as a person arriving does.
async fn fresh(browser: &mut Browser) {
    browser.tab_through_page().await;
    let url = browser.current_url().await;
    browser.goto(&url).await;
}

/// On a page just shown: the first Tab reaches the skip link, visibly, and Enter on it
/// moves the focus to the main content; the next Tab reaches the first stop inside it,
/// which is returned.
async fn skip_to_main(browser: &Browser) -> Focused {
    let first = browser.tab(false).await;
    assert!(
        first.classes.split_whitespace().any(|c| c == "skip-link"),
        "the first Tab reaches {first}, not the skip link"
    );
    browser.press(Key::Enter).await;
    let target = browser.focused().await;
    assert_eq!(
        target.as_ref().map(|focused| focused.id.as_str()),
        Some("main"),
        "Enter on the skip link moved the focus to {target:?}"
    );
    let next = browser.tab(false).await;
    assert!(
        next.in_main,
        "after the skip link, Tab reaches {next}, outside the main content"
    );
    next
}

/// From `at`, the element with the focus, tabs on until `wanted` accepts the focused one.
async fn reach(
    browser: &Browser,
    at: Focused,
    what: &str,
    wanted: impl Fn(&Focused) -> bool,
) -> Focused {
    if wanted(&at) {
        return at;
    }
    browser.tab_to(what, wanted).await
}

/// The button that reads `label`.
fn button(label: &'static str) -> impl Fn(&Focused) -> bool {
    move |focused| focused.tag == "button" && focused.label == label
}

/// From `at`, tabs to the radio group `name`, and moves through it with the arrow keys
/// until `value` is chosen (Space first, for a group where nothing is chosen yet).
async fn choose(browser: &Browser, at: Focused, name: &str, value: &str) -> Focused {
    let what = format!("the choices of {name}");
    let mut focused = reach(browser, at, &what, |focused| {
        focused.kind == "radio" && focused.name == name
    })
    .await;
    browser.press(Key::Space).await;
    for _ in 0..6 {
        if focused.value == value {
            break;
        }
        browser.press(Key::Down).await;
        focused = browser.focused().await.expect("a focused choice");
    }
    assert_eq!(focused.value, value, "the arrows never reached {value}");
    let checked = browser
        .execute("return document.activeElement.checked;", vec![])
        .await;
    assert_eq!(checked, true, "{focused} has the focus but is not chosen");
    focused
}

/// Signs `address` in at the keyboard: the address typed on the sign-in page and sent
/// with its button, then the code from the e-mail typed and sent with Enter.
async fn sign_in(cast: &Cast, browser: &mut Browser, address: &str) {
    cast.settle().await;
    browser.goto(&cast.url("/sign-in")).await;
    fresh(browser).await;
    let at = skip_to_main(browser).await;
    reach(browser, at, "the address field", |focused| {
        focused.id == "address"
    })
    .await;
    browser.type_text(address).await;
    browser
        .tab_to("the send button", button("Send me a code"))
        .await;
    let before = received(&cast.smtp).len();
    browser
        .press_for_next_page(Key::Enter, "sending the address")
        .await;
    browser.wait_for_text("Check your e-mail").await;
    let code = code_in(&code_mail(&cast.smtp, address, before).await);
    fresh(browser).await;
    let at = skip_to_main(browser).await;
    reach(browser, at, "the code field", |focused| {
        focused.id == "code"
    })
    .await;
    browser.type_text(&code).await;
    // Enter in a text field sends its form.
    browser
        .press_for_next_page(Key::Enter, "entering the code")
        .await;
}

/// From the page shown, follows the link that reads `label` with Enter, and tabs through
/// the page it leads to once it shows `text`; the first stop of its main content.
async fn follow(browser: &mut Browser, label: &str, text: &str) -> Focused {
    fresh(browser).await;
    let at = skip_to_main(browser).await;
    reach(browser, at, &format!("the link {label:?}"), |focused| {
        focused.tag == "a" && focused.label == label
    })
    .await;
    browser
        .press_for_next_page(Key::Enter, &format!("following {label:?}"))
        .await;
    browser.wait_for_text(text).await;
    fresh(browser).await;
    skip_to_main(browser).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_founder_withdraws_at_the_keyboard_through_the_check_page() {
    let cast = Cast::gather().await;
    let mut browser = Browser::start().await;
    sign_in(&cast, &mut browser, INES).await;
    browser.wait_for_text("What you can do").await;
    let at = follow(
        &mut browser,
        "Withdraw your application",
        "Withdrawing cannot be undone",
    )
    .await;
    reach(&browser, at, "the reason", |focused| focused.id == "reason").await;
    browser
        .type_text("We found another way to serve Porto.")
        .await;
    browser.tab_to("Continue", button("Continue")).await;
    browser
        .press_for_next_page(Key::Enter, "continuing to the check page")
        .await;
    browser.wait_for_text("Check before you withdraw").await;

    let at = skip_to_main(&browser).await;
    let confirm = reach(
        &browser,
        at,
        "the confirmation",
        button("Withdraw the application"),
    )
    .await;
    // Shift+Tab goes back the way Tab came, and Tab forward again.
    let back = browser.tab(true).await;
    assert_ne!(back.path, confirm.path);
    let again = browser.tab(false).await;
    assert_eq!(
        again.path, confirm.path,
        "Shift+Tab then Tab leads to {again}, not back to {confirm}"
    );
    browser.press_for_next_page(Key::Enter, "withdrawing").await;
    browser
        .wait_for_text("Your application has been withdrawn.")
        .await;
    browser.wait_for_text("Withdrawn").await;
    wait_for_stage(&cast.app, &cast.secretariat, &cast.id, "withdrawn").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panelist_files_a_review_at_the_keyboard_through_check_your_answers() {
    let cast = Cast::gather().await;
    cast.eligible_with_panel(&cast.id).await;
    cast.submitted(&cast.founder, "preliminary_report").await;
    let mut browser = Browser::start().await;
    sign_in(&cast, &mut browser, ADA).await;
    browser.wait_for_text("Impact Hub Porto").await;
    let mut at = follow(&mut browser, "Preliminary report, version 1", "Comments").await;
    for (criterion, score) in [
        ("team", "4"),
        ("community", "5"),
        ("feasibility", "3"),
        ("impact", "4"),
    ] {
        at = choose(&browser, at, &format!("score-{criterion}"), score).await;
    }
    let at = choose(&browser, at, "recommendation", "revise").await;
    reach(&browser, at, "the comments", |focused| {
        focused.id == "comments"
    })
    .await;
    browser
        .type_text("The plan needs a budget for the first year.")
        .await;
    browser.tab_to("Continue", button("Continue")).await;
    browser
        .press_for_next_page(Key::Enter, "continuing to check the answers")
        .await;
    browser
        .wait_for_text("Check your review before filing it")
        .await;

    let at = skip_to_main(&browser).await;
    reach(&browser, at, "the filing", button("File the review")).await;
    browser
        .press_for_next_page(Key::Enter, "filing the review")
        .await;
    browser.wait_for_text("Your review has been filed.").await;
    browser.wait_for_text("Revise your review").await;
    // What was filed is what the keys chose.
    let filed: String = sqlx::query_scalar(
        "SELECT payload::text FROM events WHERE event_type = 'PanelReviewFiled'",
    )
    .fetch_one(&cast.app.pool)
    .await
    .expect("the filed review");
    let filed = filed.replace(' ', "");
    assert!(
        filed.contains("\"revise\"") && filed.contains("\"feasibility\":3"),
        "{filed}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_committee_member_casts_a_ballot_at_the_keyboard() {
    let cast = Cast::gather().await;
    grant_eligibility(&cast.app, &cast.secretariat, &cast.id).await;
    let vote = cast
        .vote_on(
            &cast.id,
            json!({"kind": "reject", "grounds": "No legal entity yet."}),
        )
        .await;
    let mut browser = Browser::start().await;
    sign_in(&cast, &mut browser, AYLA).await;
    browser.wait_for_text("Open votes").await;
    let at = follow(
        &mut browser,
        "Reject the application",
        "How do you vote on this motion?",
    )
    .await;
    // Sent with no choice: the refusal's summary takes the focus, visibly, and its link
    // leads to the field to correct.
    reach(
        &browser,
        at,
        "the ballot's button",
        button("Cast your ballot"),
    )
    .await;
    browser
        .press_for_next_page(Key::Enter, "casting no ballot")
        .await;
    browser.wait_for_text("There is a problem").await;
    let summary = browser.focused().await.expect("the focus on the summary");
    assert!(
        summary.classes.contains("error-summary") && summary.indicated,
        "the refusal leaves the focus on {summary}"
    );
    let link = browser.tab(false).await;
    assert_eq!(link.label, "Choose yes, no or abstain");
    browser.press(Key::Enter).await;
    let field = browser.focused().await.expect("the focus on the field");
    assert_eq!(field.id, "choice", "the summary's link leads to {field}");
    let at = choose(&browser, field, "choice", "no").await;
    reach(&browser, at, "the reason", |focused| focused.id == "reason").await;
    browser.type_text("They may yet register it.").await;
    browser
        .tab_to("the ballot's button", button("Cast your ballot"))
        .await;
    browser
        .press_for_next_page(Key::Enter, "casting the ballot")
        .await;
    browser
        .wait_for_text("Your ballot has been recorded.")
        .await;
    browser.wait_for_text("You have cast a ballot.").await;
    let record = cast
        .app
        .get(&format!("/api/v1/votes/{vote}"), &cast.secretariat)
        .await
        .json::<serde_json::Value>()
        .await
        .expect("JSON");
    assert_eq!(record["ballots"][0]["choice"], "no", "{record}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretariat_grants_eligibility_at_the_keyboard() {
    let cast = Cast::gather().await;
    let mut browser = Browser::start().await;
    sign_in(&cast, &mut browser, SELIN).await;
    browser.wait_for_text("Impact Hub Porto").await;
    let at = follow(&mut browser, "Impact Hub Porto", "Grant eligibility").await;
    reach(&browser, at, "the note", |focused| {
        focused.id == "eligibility-note"
    })
    .await;
    browser.type_text("Team and city checked.").await;
    browser
        .tab_to("the grant", button("Grant eligibility"))
        .await;
    browser
        .press_for_next_page(Key::Enter, "granting eligibility")
        .await;
    browser.wait_for_text("Eligibility granted.").await;
    browser.wait_for_text("Eligible").await;
    wait_for_stage(&cast.app, &cast.secretariat, &cast.id, "eligible").await;
}
