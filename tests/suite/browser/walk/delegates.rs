//! A delegate's pages: signed in at a browser through the e-mailed code as a hub's
//! delegate, their home with the hub's open network vote, the vote's page with the ballot
//! form refused and then the hub's ballot cast, and the hub's recusal refused and then
//! checked; each page checked as every page is (axe-core, focus, phone).

use super::super::cast::{Cast, HANNA};
use super::Walk;
use crate::api::network_steps::{at_approval_gate, committee_approves, wait_for_recommendation};
use crate::api::steps::{cast as cast_ballot, open_vote};
use serde_json::json;

/// The routes this walk opens.
pub(super) const ROUTES: &[&str] = &["/", "/votes/{id}", "/votes/{id}/recusal", "/account"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_delegate_page_passes_axe_core_from_their_home_to_their_hubs_ballot() {
    let cast = Cast::gather().await;
    let (app, secretariat) = (&cast.app, &cast.secretariat);
    let geneva = cast.member_hubs().await;
    let (_, coimbra) = at_approval_gate(app, secretariat, &cast.committee, "Coimbra").await;
    committee_approves(app, secretariat, &cast.committee, &coimbra).await;
    wait_for_recommendation(app, secretariat, &coimbra).await;
    let vote = open_vote(
        app,
        secretariat,
        json!({"application_id": coimbra, "electorate": "network",
               "motion": {"kind": "advance", "to": "approved"}}),
    )
    .await;
    // Geneva has voted: a secret vote withholds which hub did.
    cast_ballot(app, &geneva, &vote, json!({"choice": "yes"})).await;
    cast.settle().await;

    let mut walk = Walk::start(&cast, "delegate", ROUTES).await;
    walk.sign_in(HANNA).await;
    walk.browser
        .wait_for_text("Votes of Impact Hub Hamburg")
        .await;
    walk.open("/", "Not voted yet", "home").await;
    walk.open(
        &format!("/votes/{vote}"),
        "How does your hub vote on this motion?",
        "vote",
    )
    .await;
    walk.refused("Cast your hub's ballot", "ballot-refused")
        .await;
    walk.pick("choice", "yes").await;
    walk.press(
        "Cast your hub's ballot",
        "Your hub's ballot has been recorded.",
        "ballot-cast",
    )
    .await;
    walk.browser.wait_for_text("By Hanna Vogel.").await;
    walk.open("/", "by Hanna Vogel", "home-voted").await;
    walk.open(
        &format!("/votes/{vote}/recusal"),
        "Say what ties your hub to the application.",
        "recusal",
    )
    .await;
    walk.refused("Continue", "recusal-refused").await;
    walk.browser
        .fill("Your reason", "Our manager advises the founders.")
        .await;
    walk.press(
        "Continue",
        "Check your answers before recusing",
        "recusal-check",
    )
    .await;
    walk.open("/account", "API tokens", "account").await;
    walk.finish();
}
