//! The secretariat's pages: people (a registration refused, then one whose invitation
//! cannot be delivered), a committee member's and a panelist's page, the erasure page,
//! the member hubs (a registration refused) and a hub's page (a suspension refused, a
//! departure's check page), the messages with their failed ones and one of them; the board, filtered and refused;
//! applications applied, under review with an interview and a vote, and approved, with
//! their forms (one refused), an interview's page refused and a held one's attendees, and a
//! rejection's check page.

use super::super::cast::{Cast, SELIN};
use super::Walk;
use std::time::{Duration, Instant};

/// The routes this walk opens.
pub(super) const ROUTES: &[&str] = &[
    "/",
    "/applications/{id}",
    "/applications/{id}/interviews/{interview}",
    "/people",
    "/people/{id}",
    "/people/{id}/erasure",
    "/hubs",
    "/hubs/{id}",
    "/deliveries",
    "/deliveries/{id}",
    "/account",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_secretariat_page_passes_axe_core_from_the_roster_to_an_approved_application() {
    let cast = Cast::gather().await;
    let mut walk = Walk::start(&cast, "secretariat", ROUTES).await;
    walk.sign_in(SELIN).await;
    walk.browser.wait_for_text("Impact Hub Porto").await;

    walk.open("/people", "We e-mail them an invitation", "people")
        .await;
    walk.refused("Register a person", "people-refused").await;
    // The invitation meets a mail server that refuses every try: a failed message.
    cast.smtp.refuse_next(3);
    walk.browser.fill("Name", "Mert Öz").await;
    walk.browser.fill("E-mail address", "mert@hubs.test").await;
    walk.press("Register a person", "Person registered", "registered")
        .await;
    let failed = failed_message(&mut walk).await;
    walk.open("/deliveries", "Tries", "messages").await;
    walk.open("/deliveries?status=dead", "Tries", "failed-messages")
        .await;
    walk.open(&failed, "Send it again", "failed-message").await;
    walk.open(
        "/deliveries?application_id=none",
        "There is a problem",
        "messages-refused",
    )
    .await;
    let (ayla, ada) = (&cast.committee[0].person, &cast.panelists[0].person);
    walk.open(
        &format!("/people/{ayla}"),
        "End the committee seat",
        "person-seated",
    )
    .await;
    walk.open(
        &format!("/people/{ada}"),
        "Leave the panel pool",
        "person-in-pool",
    )
    .await;
    walk.open(
        &format!("/people/{ada}/erasure"),
        "Erase for good",
        "erasure",
    )
    .await;

    // Braga under review: reviews to release, an interview to hold, a vote to close.
    let (braga_founder, braga) = cast
        .another_founder("Jonas Berg", "jonas@hubs.test", "Braga")
        .await;
    cast.eligible_with_panel(&braga).await;
    cast.submitted_and_reviewed(&braga_founder, &braga, &["preliminary_report"])
        .await;
    let interview = cast.interview_scheduled(&braga).await;
    cast.vote_on(
        &braga,
        serde_json::json!({"kind": "reject", "grounds": "No legal entity yet."}),
    )
    .await;
    // Coimbra approved: the association's signature is asked for.
    let (coimbra_founder, coimbra) = cast
        .another_founder("Lea Costa", "lea@hubs.test", "Coimbra")
        .await;
    cast.approved(&coimbra_founder, &coimbra).await;
    cast.settle().await;

    walk.open("/", "Impact Hub Coimbra", "board").await;
    walk.open("/?stage=applied", "Impact Hub Porto", "board-applied")
        .await;
    walk.open("/?stage=nowhere", "There is a problem", "board-refused")
        .await;
    let porto = cast.id.clone();
    walk.open(
        &format!("/applications/{porto}"),
        "Grant eligibility",
        "applied",
    )
    .await;
    walk.refused("Schedule", "applied-refused").await;
    walk.open(
        &format!("/applications/{braga}"),
        "Close the vote now",
        "under-review",
    )
    .await;
    walk.open(
        &format!("/applications/{braga}/interviews/{interview}"),
        "Move the interview",
        "interview",
    )
    .await;
    walk.refused("Record the interview as held", "interview-refused")
        .await;
    walk.browser
        .goto(&cast.url(&format!("/applications/{braga}")))
        .await;
    walk.browser
        .fill(
            "Reason for the rejection",
            "The founders have no legal entity.",
        )
        .await;
    walk.press(
        "Continue",
        "Check the rejection before you confirm it",
        "rejection-check",
    )
    .await;
    walk.open(
        &format!("/applications/{coimbra}"),
        "Record the association's signature",
        "approved",
    )
    .await;
    walk.open(
        &format!("/applications/{coimbra}/interviews/1"),
        "Erase the personal data of Sam Secretariat",
        "interview-held",
    )
    .await;
    // Coimbra's approval was put to the network: its member hubs are registered.
    walk.open("/hubs", "Register a hub", "hubs").await;
    walk.refused("Register a hub", "hubs-refused").await;
    let hub = walk.link_to("/hubs/").await;
    walk.open(&hub, "Appoint a delegate", "hub").await;
    walk.refused("Suspend the hub", "hub-refused").await;
    walk.browser
        .fill("Why the hub leaves", "The hub closed its space.")
        .await;
    walk.press(
        "Continue",
        "Check the departure before you record it",
        "departure-check",
    )
    .await;
    walk.open("/account", "API tokens", "account").await;
    walk.finish();
}

/// The address of the failed message's page, once the invitation has failed every try.
async fn failed_message(walk: &mut Walk<'_>) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        walk.browser
            .goto(&walk.cast.url("/deliveries?status=dead"))
            .await;
        let link = walk
            .browser
            .execute(
                "const a = document.querySelector('main a[href^=\"/deliveries/\"]');\
                 return a ? a.getAttribute('href') : null;",
                vec![],
            )
            .await;
        if let Some(link) = link.as_str() {
            return link.to_owned();
        }
        assert!(
            Instant::now() < deadline,
            "the invitation never failed for good"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
