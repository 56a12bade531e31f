//! The committee's pages: the open votes, an open ballot refused, cast and then open to
//! change, a secret ballot, a closed vote's record with its tally, a recusal refused and
//! then checked, the register with the member's own record, the dashboard and an audit log.

use super::super::cast::{Cast, AYLA};
use super::Walk;
use crate::api::steps::{cast as cast_ballot, close, grant_eligibility};
use serde_json::json;

/// The routes this walk opens.
pub(super) const ROUTES: &[&str] = &[
    "/",
    "/votes/{id}",
    "/votes/{id}/recusal",
    "/register",
    "/dashboard",
    "/applications/{id}/audit",
    "/account",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_committee_page_passes_axe_core_from_a_ballot_to_the_audit_log() {
    let cast = Cast::gather().await;
    let id = cast.id.clone();
    grant_eligibility(&cast.app, &cast.secretariat, &id).await;
    let open = cast
        .vote_on(
            &id,
            json!({"kind": "reject", "grounds": "No legal entity yet."}),
        )
        .await;
    // An appeal's vote is a secret ballot.
    let (jonas, braga) = cast
        .another_founder("Jonas Berg", "jonas@hubs.test", "Braga")
        .await;
    cast.rejected(&braga).await;
    cast.appealed(&jonas, &braga).await;
    let secret = cast.vote_on(&braga, json!({"kind": "appeal"})).await;
    // A vote Berk and Cem decided, Ayla not voting.
    let (_, coimbra) = cast
        .another_founder("Lea Costa", "lea@hubs.test", "Coimbra")
        .await;
    grant_eligibility(&cast.app, &cast.secretariat, &coimbra).await;
    let closed = cast
        .vote_on(
            &coimbra,
            json!({"kind": "reject", "grounds": "The space is not secured."}),
        )
        .await;
    for member in &cast.committee[1..] {
        cast_ballot(&cast.app, member, &closed, json!({"choice": "no"})).await;
    }
    close(&cast.app, &cast.secretariat, &closed).await;
    cast.settle().await;

    let mut walk = Walk::start(&cast, "committee", ROUTES).await;
    walk.sign_in(AYLA).await;
    walk.open("/", "Impact Hub Porto", "open-votes").await;
    walk.open(
        &format!("/votes/{open}"),
        "How do you vote on this motion?",
        "vote",
    )
    .await;
    walk.refused("Cast your ballot", "ballot-refused").await;
    walk.pick("choice", "yes").await;
    walk.browser
        .fill("Reason (optional)", "No entity, no agreement.")
        .await;
    walk.press(
        "Cast your ballot",
        "Your ballot has been recorded.",
        "ballot-cast",
    )
    .await;
    walk.browser.wait_for_text("Change your ballot").await;
    walk.open(
        &format!("/votes/{secret}"),
        "What a secret ballot means",
        "vote-secret",
    )
    .await;
    walk.open(&format!("/votes/{closed}"), "Tally", "vote-closed")
        .await;
    walk.open(
        &format!("/votes/{secret}/recusal"),
        "Your reason",
        "recusal",
    )
    .await;
    walk.refused("Continue", "recusal-refused").await;
    walk.browser
        .fill("Your reason", "I advised the founders last year.")
        .await;
    walk.press(
        "Continue",
        "Check your answers before recusing",
        "recusal-check",
    )
    .await;
    walk.open("/register", "Your voting record", "register")
        .await;
    walk.open("/dashboard", "Pipeline dashboard", "dashboard")
        .await;
    walk.open(&format!("/applications/{id}/audit"), "Audit log", "audit")
        .await;
    walk.open("/account", "API tokens", "account").await;
    walk.finish();
}
