//! Registering a hub and appointing its delegates: what is answered, what is refused, and
//! `If-Match` held to the hub's own version.

use super::{appoint, hub_of, position, register_hub};
use crate::api::steps::ok;
use charter_domain::Role;
use charter_tests::{assert_problem, spawn_app};
use reqwest::header::{ETAG, IF_MATCH, IF_NONE_MATCH, LOCATION};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn the_secretariat_registers_a_hub_older_than_charter_and_reads_it_back_by_its_version() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let response = app
        .post(
            "/api/v1/hubs",
            &secretariat,
            &json!({"name": "Impact Hub Lisbon", "city": "Lisbon", "country": "pt",
                    "joined": "2014-05-01"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let location = response.headers()[LOCATION]
        .to_str()
        .expect("ASCII")
        .to_owned();
    let tag = response.headers()[ETAG].to_str().expect("ASCII").to_owned();
    let answer: Value = response.json().await.expect("JSON");
    let hub = hub_of(&answer);
    assert_eq!(location, format!("/api/v1/hubs/{hub}"));
    assert_eq!(tag, format!("\"{}\"", answer["version"]));
    assert_eq!(answer["events"][0]["type"], "HubAdmitted");
    assert_eq!(answer["consistency_token"], answer["position"].to_string());

    let read = app
        .get(
            &format!("{location}?min_position={}", position(&answer)),
            &secretariat,
        )
        .await;
    assert_eq!(read.status(), 200);
    assert_eq!(read.headers()[ETAG], tag.as_str(), "the hub's own version");
    let shown: Value = read.json().await.expect("JSON");
    assert_eq!(shown["name"], "Impact Hub Lisbon");
    assert_eq!(shown["country"], "PT", "written as the standard writes it");
    assert_eq!(shown["joined"], "2014-05-01");
    assert_eq!(shown["standing"], "member");
    assert_eq!(shown["application_id"], Value::Null);
    assert_eq!(shown["delegates"], json!([]));
    assert_eq!(shown["delegations"], json!([]));
    let again = app
        .request(Method::GET, &location, Some(&secretariat))
        .header(IF_NONE_MATCH, &tag)
        .send()
        .await
        .expect("send");
    assert_eq!(again.status(), 304);
    app.stop().await;
}

#[tokio::test]
async fn a_hub_with_a_bad_country_a_day_to_come_or_a_name_taken_is_refused() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let member = app.caller(Role::Committee, "Carla").await;
    let porto = register_hub(&app, &secretariat, "Impact Hub Porto").await;
    let body = |name: &str, country: &str, joined: &str| json!({"name": name, "city": "Braga", "country": country, "joined": joined});
    let before = app.event_count().await;
    for (sent, status, code) in [
        (
            body("Impact Hub Braga", "Portugal", "2020-01-01"),
            422,
            "invalid-input",
        ),
        (
            body("Impact Hub Braga", "PT", "2999-01-01"),
            422,
            "joined-in-future",
        ),
        (
            body("impact hub PORTO", "PT", "2020-01-01"),
            409,
            "hub-name-taken",
        ),
        (body(" ", "PT", "2020-01-01"), 422, "invalid-input"),
    ] {
        let refused = app.post("/api/v1/hubs", &secretariat, &sent).await;
        let problem = assert_problem(refused, status, code).await;
        if code == "hub-name-taken" {
            assert_eq!(problem["values"]["holder"], porto["hub_id"], "{problem}");
        }
    }
    let extra = json!({"name": "Impact Hub Braga", "city": "Braga", "country": "PT",
                       "joined": "2020-01-01", "votes": 2});
    let refused = app.post("/api/v1/hubs", &secretariat, &extra).await;
    assert_eq!(refused.status(), 422, "an unknown field");
    let refused = app
        .post(
            "/api/v1/hubs",
            &member,
            &body("Impact Hub Braga", "PT", "2020-01-01"),
        )
        .await;
    assert_problem(refused, 403, "forbidden").await;
    let unknown = uuid::Uuid::now_v7();
    let refused = app
        .post(
            &format!("/api/v1/hubs/{unknown}/suspension"),
            &secretariat,
            &json!({"reason": "Fees unpaid."}),
        )
        .await;
    assert_problem(refused, 404, "hub-not-found").await;
    let read = app
        .get(&format!("/api/v1/hubs/{unknown}"), &secretariat)
        .await;
    assert_problem(read, 404, "not-found").await;
    assert_eq!(app.event_count().await, before, "nothing was written");
    app.stop().await;
}

#[tokio::test]
async fn a_person_represents_one_hub_at_a_time_and_a_delegation_ends_once() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let lisbon = hub_of(&register_hub(&app, &secretariat, "Impact Hub Lisbon").await);
    let porto = hub_of(&register_hub(&app, &secretariat, "Impact Hub Porto").await);
    let (dana, _) = app.register(&secretariat, "Dana Delegate").await;
    let appointed = appoint(&app, &secretariat, &lisbon, dana).await;
    assert_eq!(appointed["events"][0]["type"], "DelegateAppointed");
    let today = chrono::Utc::now().date_naive();
    assert_eq!(appointed["events"][0]["data"]["since"], today.to_string());

    let delegates = |hub: &str| format!("/api/v1/hubs/{hub}/delegates");
    let again = app
        .post(
            &delegates(&lisbon),
            &secretariat,
            &json!({"person_id": dana}),
        )
        .await;
    assert_problem(again, 409, "already-delegate").await;
    let elsewhere = app
        .post(
            &delegates(&porto),
            &secretariat,
            &json!({"person_id": dana}),
        )
        .await;
    let problem = assert_problem(elsewhere, 409, "delegate-of-another-hub").await;
    assert_eq!(problem["values"]["hub"], lisbon.as_str(), "{problem}");
    let nobody = uuid::Uuid::now_v7();
    let unknown = app
        .post(
            &delegates(&porto),
            &secretariat,
            &json!({"person_id": nobody}),
        )
        .await;
    assert_problem(unknown, 404, "person-not-found").await;

    // Ended the day it began, a delegation would last no day at all.
    let end = format!("/api/v1/hubs/{lisbon}/delegates/{dana}/end");
    let too_soon = app.post(&end, &secretariat, &json!({})).await;
    assert_problem(too_soon, 422, "delegation-ends-before-it-begins").await;
    let tomorrow = today + chrono::Duration::days(1);
    let ended = ok(
        app.post(&end, &secretariat, &json!({"on": tomorrow})).await,
        200,
        "end the delegation",
    )
    .await;
    assert_eq!(ended["events"][0]["type"], "DelegationEnded");
    let twice = app.post(&end, &secretariat, &json!({"on": tomorrow})).await;
    assert_problem(twice, 409, "not-delegate-of-hub").await;
    // From the day it ends she may represent another hub; not before.
    let overlapping = app
        .post(
            &delegates(&porto),
            &secretariat,
            &json!({"person_id": dana, "since": today}),
        )
        .await;
    assert_problem(overlapping, 422, "delegations-overlap").await;
    let moved = app
        .post(
            &delegates(&porto),
            &secretariat,
            &json!({"person_id": dana, "since": tomorrow}),
        )
        .await;
    let moved = ok(moved, 201, "represent Porto").await;

    let shown = app
        .read(
            &format!("/api/v1/hubs/{lisbon}"),
            &secretariat,
            position(&moved),
        )
        .await;
    assert_eq!(shown["delegations"][0]["name"], "Dana Delegate", "{shown}");
    assert_eq!(shown["delegations"][0]["until"], tomorrow.to_string());
    assert_eq!(
        shown["delegates"][0]["name"], "Dana Delegate",
        "she represents Lisbon until tomorrow"
    );
    let porto_read = app
        .read(
            &format!("/api/v1/hubs/{porto}"),
            &secretariat,
            position(&moved),
        )
        .await;
    assert_eq!(porto_read["delegates"], json!([]), "not before tomorrow");
    assert_eq!(porto_read["delegations"][0]["since"], tomorrow.to_string());
    app.stop().await;
}

#[tokio::test]
async fn if_match_on_a_hub_command_holds_to_the_hubs_own_version() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let registered = register_hub(&app, &secretariat, "Impact Hub Faro").await;
    let hub = hub_of(&registered);
    let tag = format!("\"{}\"", registered["version"]);
    // Someone joins the roster and another hub is registered: this hub has not moved.
    app.register(&secretariat, "Otto Other").await;
    register_hub(&app, &secretariat, "Impact Hub Braga").await;

    let suspend = |tag: &str| {
        app.request(
            Method::POST,
            &format!("/api/v1/hubs/{hub}/suspension"),
            Some(&secretariat),
        )
        .header(IF_MATCH, tag)
        .json(&json!({"reason": "Fees unpaid."}))
        .send()
    };
    let before = app.event_count().await;
    let stale = suspend("\"1\"").await.expect("send");
    assert_problem(stale, 412, "precondition-failed").await;
    let weak = suspend(&format!("W/{tag}")).await.expect("send");
    assert_eq!(weak.status(), 412, "a weak tag never matches");
    assert_eq!(app.event_count().await, before, "nothing was written");
    let suspended = ok(suspend(&tag).await.expect("send"), 200, "suspend").await;
    assert!(suspended["version"].as_i64() > registered["version"].as_i64());
    let again = suspend(&tag).await.expect("send");
    assert_eq!(again.status(), 412, "the hub has moved on");
    let read = app
        .get(
            &format!("/api/v1/hubs/{hub}?min_position={}", position(&suspended)),
            &secretariat,
        )
        .await;
    assert_eq!(
        read.headers()[ETAG],
        format!("\"{}\"", suspended["version"]).as_str()
    );
    app.stop().await;
}
