//! The whole road of a network vote over HTTP: a new hub admitted by the member hubs, one
//! hub one vote, which then votes, as a member, on the next one.

use crate::api::network_steps::{
    at_approval_gate, committee_approves, network, wait_for_recommendation,
};
use crate::api::steps::{cast, close, committee, ok, open_vote, wait_for_stage};
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use serde_json::{json, Value};

/// Opens the network's vote on approving application `id`; its id.
async fn network_vote(app: &TestApp, secretariat: &Caller, id: &str) -> String {
    let body = json!({"application_id": id, "motion": {"kind": "advance", "to": "approved"},
                      "electorate": "network"});
    open_vote(app, secretariat, body).await
}

/// The register's view of `vote` once `position` is read.
async fn register(app: &TestApp, caller: &Caller, vote: &str, position: &Value) -> Value {
    let position = position.as_i64().expect("position");
    app.read(&format!("/api/v1/votes/{vote}"), caller, position)
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_admitted_by_the_network_votes_as_a_member_on_the_next_one() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let members = committee(&app).await;
    let hubs = network(
        &app,
        &secretariat,
        &[
            "Impact Hub Berlin",
            "Impact Hub Zurich",
            "Impact Hub Vienna",
        ],
    )
    .await;
    let (porto_founder, porto) = at_approval_gate(&app, &secretariat, &members, "Porto").await;

    // The gate's votes are held in order: the network's waits for the committee's.
    let early = app
        .post(
            "/api/v1/votes",
            &secretariat,
            &json!({"application_id": porto, "motion": {"kind": "advance", "to": "approved"},
                    "electorate": "network"}),
        )
        .await;
    let problem = ok(early, 409, "a network vote before the committee's").await;
    assert_eq!(problem["type"], "urn:charter:problem:awaits-earlier-vote");

    // The committee recommends: the application records it and waits for the network.
    let recommended = committee_approves(&app, &secretariat, &members, &porto).await;
    assert_eq!(recommended["events"][0]["data"]["outcome"], "passed");
    let status = wait_for_recommendation(&app, &secretariat, &porto).await;
    assert_eq!(status["stage"], "candidate", "{status}");

    // The network votes, one hub one ballot; a second delegate of Berlin, appointed
    // mid-vote, changes the hub's ballot; a committee member cannot vote in it.
    let vote = network_vote(&app, &secretariat, &porto).await;
    cast(&app, &hubs[0].delegates[0], &vote, json!({"choice": "no"})).await;
    let second = app
        .delegate_of(&hubs[0].id, "Second delegate of Berlin")
        .await;
    cast(&app, &second, &vote, json!({"choice": "yes"})).await;
    cast(&app, &hubs[1].delegates[0], &vote, json!({"choice": "yes"})).await;
    let refused = app
        .post(
            &format!("/api/v1/votes/{vote}/ballots"),
            &members[0],
            &json!({"choice": "yes"}),
        )
        .await;
    let problem = ok(refused, 403, "a committee member in a network vote").await;
    assert_eq!(problem["type"], "urn:charter:problem:not-a-delegate");
    ok(
        app.post(
            &format!("/api/v1/votes/{vote}/recusals"),
            &hubs[2].delegates[0],
            &json!({"reason": "Vienna mentored the Porto team."}),
        )
        .await,
        201,
        "a hub recuses",
    )
    .await;
    let closed = close(&app, &secretariat, &vote).await;
    let data = &closed["events"][0]["data"];
    assert_eq!(data["outcome"], "passed", "{closed}");
    assert_eq!(data["electorate"], "network");
    assert_eq!(data["tally"]["electorate"], 3);
    assert_eq!(
        data["tally"]["yes"], 2,
        "Berlin once, as changed, and Zurich"
    );
    assert_eq!(data["tally"]["recused"], 1);

    // The register shows hubs, and which delegate cast each of Berlin's two ballots.
    let seen = register(&app, &secretariat, &vote, &closed["position"]).await;
    assert_eq!(seen["voters"], "network");
    assert_eq!(seen["electorate"], json!([]));
    assert_eq!(seen["hubs"].as_array().expect("hubs").len(), 3);
    let berlin: Vec<&Value> = seen["hub_ballots"]
        .as_array()
        .expect("hub ballots")
        .iter()
        .filter(|b| b["hub_id"] == hubs[0].id.as_str())
        .collect();
    assert_eq!(berlin.len(), 2, "{seen}");
    assert_eq!(berlin[1]["delegate_id"], second.person.to_string());
    assert_eq!(berlin[1]["revision"], 2);

    // Approved by the network; both sign; the hub becomes a member.
    wait_for_stage(&app, &secretariat, &porto, "approved").await;
    for signer in [&porto_founder, &secretariat] {
        let path = format!("/api/v1/applications/{porto}/signatures");
        ok(
            app.post(&path, signer, &json!({})).await,
            201,
            "a signature",
        )
        .await;
    }
    wait_for_stage(&app, &secretariat, &porto, "initiative").await;
    let porto_hub = admitted(&app, &secretariat, &porto).await;

    // Porto's delegate votes on the next admission, as one of four member hubs.
    let porto_delegate = app.delegate_of(&porto_hub, "Delegate of Porto").await;
    let (_, braga) = at_approval_gate(&app, &secretariat, &members, "Braga").await;
    committee_approves(&app, &secretariat, &members, &braga).await;
    wait_for_recommendation(&app, &secretariat, &braga).await;
    let next = network_vote(&app, &secretariat, &braga).await;
    cast(&app, &porto_delegate, &next, json!({"choice": "yes"})).await;
    for hub in &hubs {
        cast(&app, &hub.delegates[0], &next, json!({"choice": "yes"})).await;
    }
    let closed = close(&app, &secretariat, &next).await;
    assert_eq!(closed["events"][0]["data"]["tally"]["electorate"], 4);
    assert_eq!(closed["events"][0]["data"]["tally"]["yes"], 4);
    wait_for_stage(&app, &secretariat, &braga, "approved").await;

    // The hub's own record shows the vote it took part in.
    let record = app
        .read(
            &format!("/api/v1/hubs/{porto_hub}"),
            &secretariat,
            closed["position"].as_i64().expect("position"),
        )
        .await;
    assert_eq!(record["application_id"], porto.as_str(), "{record}");
    app.stop().await;
}

/// The member hub Charter admitted for application `id`, once the read models show it.
async fn admitted(app: &TestApp, secretariat: &Caller, id: &str) -> String {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let hubs = app.list("/api/v1/hubs", secretariat, 0).await;
        if let Some(hub) = hubs
            .as_array()
            .and_then(|hubs| hubs.iter().find(|h| h["application_id"] == id))
        {
            return hub["hub_id"].as_str().expect("hub id").to_owned();
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the hub was never admitted: {hubs}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
