//! A network vote as the committee reads it: marked among the open votes, its member hubs
//! on the vote's page (which delegate cast each hub's ballot, once the secret vote has
//! closed), the register telling the committee's votes from the network's, and the
//! dashboard's participation per hub.

use super::{Network, AYLA, HANNA, ZOE};
use crate::api::steps::close;
use reqwest::StatusCode;

#[tokio::test]
async fn the_committee_sees_a_network_votes_hubs_in_the_register_and_on_the_dashboard() {
    let mut network = Network::at_gate().await;
    let vote = network.open_network_vote().await;
    let mut ayla = network.signed_in(AYLA).await;
    assert!(
        ayla.shows("Impact Hub Porto Advance to Approved Member hubs Secret"),
        "{}",
        ayla.html
    );
    ayla.open("/dashboard").await;
    assert!(ayla.shows("Open votes"), "{}", ayla.html);
    assert!(ayla.html.contains(&format!("href=\"/votes/{vote}\"")));
    // Two hubs in the electorate, none has voted yet; no closed network vote yet.
    assert!(
        ayla.shows("Advance to Approved Member hubs Secret"),
        "{}",
        ayla.html
    );
    assert!(ayla.shows("2 0 0 2"), "{}", ayla.html);
    assert!(ayla.shows("Impact Hub Berlin Member in good standing 0 0 0 0 –"));
    for address in [HANNA, ZOE] {
        let mut delegate = network.signed_in(address).await;
        delegate.open(&format!("/votes/{vote}")).await;
        let status = delegate
            .submit(&format!("/votes/{vote}/ballot"), &[("choice", "yes")])
            .await;
        assert_eq!(status, StatusCode::OK, "{}", delegate.html);
    }
    ayla.settle().await;
    ayla.open(&format!("/votes/{vote}")).await;
    assert!(
        ayla.shows("Who votes In a network vote the member hubs vote, one ballot each"),
        "{}",
        ayla.html
    );
    assert!(
        ayla.shows("Voted 2 Recused 0 Yet to vote 0"),
        "{}",
        ayla.html
    );
    assert!(
        !ayla.shows("Hanna Vogel"),
        "who voted is withheld while open"
    );
    assert!(!ayla.html.contains("name=\"choice\""), "no ballot form");

    close(&network.app, &network.secretariat, &vote).await;
    ayla.settle().await;
    ayla.open(&format!("/votes/{vote}")).await;
    assert!(ayla.shows("Tally"));
    assert!(
        ayla.shows("Impact Hub Berlin 1"),
        "participation shows: {}",
        ayla.html
    );
    assert!(ayla.shows("Hanna Vogel"), "{}", ayla.html);
    assert!(
        ayla.shows("Impact Hub Zurich Zoe Keller 1"),
        "{}",
        ayla.html
    );
    assert!(
        !ayla.html.contains("<td>Yes</td>"),
        "a secret choice never shows"
    );

    ayla.open("/register").await;
    assert!(
        ayla.shows("Advance to Approved Member hubs Secret"),
        "{}",
        ayla.html
    );
    assert!(ayla.shows("Advance to Approved Committee Secret"));
    ayla.open("/dashboard").await;
    assert!(
        ayla.shows("Participation of the member hubs"),
        "{}",
        ayla.html
    );
    assert!(
        ayla.shows("Impact Hub Berlin Member in good standing 1 1 0 0 100%"),
        "{}",
        ayla.html
    );
    assert!(ayla.shows("Impact Hub Zurich Member in good standing 1 1 0 0 100%"));
    network.app.stop().await;
}
