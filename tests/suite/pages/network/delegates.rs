//! A delegate on the pages: signed in as their hub's delegate, their home with the hub's
//! open votes, their hub's ballot cast and changed, the other hubs' part withheld while the
//! secret vote is open, a hub recused after checking, and the ballots the vote refuses
//! (no choice, a suspended hub) written nowhere.

use super::{Network, HANNA, ZOE};
use crate::api::steps::ok;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_delegate_signs_in_casts_their_hubs_ballot_and_changes_it_from_their_home() {
    let mut network = Network::at_gate().await;
    let vote = network.open_network_vote().await;
    let mut hanna = network.signed_in(HANNA).await;

    // Their home: the hub, its standing, and its open vote, not yet voted.
    assert_eq!(hanna.path, "/");
    assert!(hanna.shows("Votes of Impact Hub Berlin"), "{}", hanna.html);
    assert!(hanna.shows("Hanna Vogel · Delegate of a member hub"));
    assert!(hanna.shows("Member in good standing"));
    assert!(hanna.shows("Impact Hub Porto Advance to Approved Secret"));
    assert!(hanna.shows("Not voted yet"), "{}", hanna.html);
    assert!(hanna.html.contains(&format!("href=\"/votes/{vote}\"")));
    assert!(!hanna.html.contains("href=\"/register\""), "no register");

    assert_eq!(hanna.open(&format!("/votes/{vote}")).await, StatusCode::OK);
    assert!(hanna.shows("Your hub's ballot"), "{}", hanna.html);
    assert!(hanna.shows("Your hub has not voted yet."));
    assert!(hanna.shows("2 member hubs, fixed when the vote opened"));
    assert!(hanna.shows("How does your hub vote on this motion?"));
    assert!(
        !hanna.html.contains("/audit"),
        "a delegate reads no audit log"
    );
    let status = hanna
        .submit(&format!("/votes/{vote}/ballot"), &[("choice", "yes")])
        .await;
    assert_eq!(status, StatusCode::OK, "{}", hanna.html);
    assert!(hanna.shows("Your hub's ballot has been recorded."));
    assert!(
        hanna.shows("Your hub has cast its ballot."),
        "{}",
        hanna.html
    );
    assert!(hanna.shows("By Hanna Vogel."), "{}", hanna.html);
    hanna
        .submit(&format!("/votes/{vote}/ballot"), &[("choice", "no")])
        .await;
    assert!(
        hanna.shows("Your hub has cast its ballot and changed it; 2 ballots are recorded."),
        "{}",
        hanna.html
    );
    hanna.open("/").await;
    assert!(
        hanna.shows("Voted and changed (2 ballots), last on"),
        "{}",
        hanna.html
    );
    assert!(hanna.shows("by Hanna Vogel"));

    // Zurich's delegate sees how many hubs took part, not which, and recuses their hub.
    let mut zoe = network.signed_in(ZOE).await;
    zoe.open(&format!("/votes/{vote}")).await;
    assert!(zoe.shows("Voted 1 Recused 0 Yet to vote 1"), "{}", zoe.html);
    assert!(zoe.shows("Impact Hub Berlin Withheld"), "{}", zoe.html);
    assert!(!zoe.shows("Hanna Vogel"), "who voted is withheld");
    zoe.open(&format!("/votes/{vote}/recusal")).await;
    assert!(zoe.shows("your hub will be recused from this vote"));
    let check = format!("/votes/{vote}/recusal/check");
    let reason = "Our manager advises the Porto founders.";
    zoe.submit(&check, &[("reason", reason)]).await;
    assert!(
        zoe.shows("Check your answers before recusing"),
        "{}",
        zoe.html
    );
    assert!(zoe.shows("Recuse my hub from this vote"));
    zoe.submit(
        &format!("/votes/{vote}/recusal/confirm"),
        &[("reason", reason)],
    )
    .await;
    assert_eq!(zoe.path, format!("/votes/{vote}"));
    assert!(
        zoe.shows("Your hub is recused from this vote."),
        "{}",
        zoe.html
    );
    assert!(zoe.shows("By Zoe Keller."), "{}", zoe.html);
    assert!(!zoe.html.contains("name=\"choice\""), "no ballot form");
    zoe.open("/").await;
    assert!(zoe.shows("Recused on"), "{}", zoe.html);
    network.app.stop().await;
}

#[tokio::test]
async fn a_hub_ballot_without_a_choice_or_from_a_suspended_hub_is_refused_and_nothing_is_written() {
    let mut network = Network::at_gate().await;
    let vote = network.open_network_vote().await;
    let mut hanna = network.signed_in(HANNA).await;
    hanna.open(&format!("/votes/{vote}")).await;

    let ballot = format!("/votes/{vote}/ballot");
    let status = hanna.submit(&ballot, &[("reason", "Unsure.")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = hanna.error_summary().expect("an error summary");
    assert!(summary.contains("Choose yes, no or abstain"), "{summary}");
    assert!(hanna.html.contains("href=\"#choice\""));
    assert!(
        hanna.html.contains(">Unsure.</textarea>"),
        "the reason is kept"
    );
    let voted = |record: &serde_json::Value| record["participation"]["voted"].as_i64();
    assert_eq!(voted(&network.vote(&vote).await), Some(0));

    // Suspended after the page was shown: the vote refuses the hub's ballot.
    let berlin = network.hubs[0].clone();
    ok(
        network
            .app
            .post(
                &format!("/api/v1/hubs/{berlin}/suspension"),
                &network.secretariat,
                &json!({"reason": "Dues unpaid for two years."}),
            )
            .await,
        200,
        "suspend",
    )
    .await;
    hanna.settle().await;
    let status = hanna.submit(&ballot, &[("choice", "yes")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{}", hanna.html);
    let summary = hanna.error_summary().expect("an error summary");
    assert!(
        summary.contains("suspended or has left the network"),
        "{summary}"
    );
    assert!(
        !hanna.html.contains("name=\"choice\""),
        "no ballot form now"
    );
    assert!(hanna.shows("Your hub is suspended or has left the network"));
    assert_eq!(voted(&network.vote(&vote).await), Some(0));
    hanna.open("/").await;
    assert!(
        hanna.shows("Suspended Dues unpaid for two years."),
        "{}",
        hanna.html
    );
    network.app.stop().await;
}
