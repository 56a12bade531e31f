//! A hub's standing: suspended and reinstated, then gone for good, its name free again.

use super::{appoint, hub_of, position, register_hub};
use crate::api::steps::ok;
use charter_domain::Role;
use charter_tests::{assert_problem, spawn_app};
use serde_json::json;

#[tokio::test]
async fn a_hub_is_suspended_reinstated_and_then_leaves_the_network_for_good() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let hub = hub_of(&register_hub(&app, &secretariat, "Impact Hub Faro").await);
    let path = |what: &str| format!("/api/v1/hubs/{hub}/{what}");

    let suspended = ok(
        app.post(
            &path("suspension"),
            &secretariat,
            &json!({"reason": "Fees unpaid."}),
        )
        .await,
        200,
        "suspend",
    )
    .await;
    assert_eq!(suspended["events"][0]["type"], "HubSuspended");
    let shown = app
        .read(
            &format!("/api/v1/hubs/{hub}"),
            &secretariat,
            position(&suspended),
        )
        .await;
    assert_eq!(shown["standing"], "suspended");
    assert_eq!(shown["standing_reason"], "Fees unpaid.");
    let twice = app
        .post(
            &path("suspension"),
            &secretariat,
            &json!({"reason": "Again."}),
        )
        .await;
    assert_problem(twice, 409, "hub-already-suspended").await;
    let blank = app
        .post(&path("suspension"), &secretariat, &json!({"reason": ""}))
        .await;
    assert_eq!(blank.status(), 422, "a suspension gives its reason");

    let reinstated = ok(
        app.post(&path("reinstatement"), &secretariat, &json!({}))
            .await,
        200,
        "reinstate",
    )
    .await;
    let shown = app
        .read(
            &format!("/api/v1/hubs/{hub}"),
            &secretariat,
            position(&reinstated),
        )
        .await;
    assert_eq!(shown["standing"], "member");
    assert_eq!(shown["standing_reason"], serde_json::Value::Null);
    let again = app
        .post(&path("reinstatement"), &secretariat, &json!({}))
        .await;
    assert_problem(again, 409, "hub-not-suspended").await;

    let left = ok(
        app.post(
            &path("departure"),
            &secretariat,
            &json!({"reason": "The space closed."}),
        )
        .await,
        200,
        "leave",
    )
    .await;
    assert_eq!(left["events"][0]["type"], "HubLeft");
    let (person, _) = app.register(&secretariat, "Lea Late").await;
    for (what, body) in [
        ("suspension", json!({"reason": "Too late."})),
        ("reinstatement", json!({})),
        ("departure", json!({"reason": "Twice."})),
        ("delegates", json!({"person_id": person})),
    ] {
        let refused = app.post(&path(what), &secretariat, &body).await;
        assert_problem(refused, 409, "hub-has-left").await;
    }
    let listed = app
        .list("/api/v1/hubs?standing=left", &secretariat, position(&left))
        .await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["standing_reason"], "The space closed.");
    let members = app
        .list(
            "/api/v1/hubs?standing=member",
            &secretariat,
            position(&left),
        )
        .await;
    assert_eq!(members, json!([]));

    // Its name is free for a new member hub.
    let successor = register_hub(&app, &secretariat, "Impact Hub Faro").await;
    assert_ne!(hub_of(&successor), hub);
    appoint(&app, &secretariat, &hub_of(&successor), person).await;
    app.stop().await;
}

#[tokio::test]
async fn only_the_secretariat_manages_the_hubs() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let hub = hub_of(&register_hub(&app, &secretariat, "Impact Hub Lagos").await);
    let member = app.caller(Role::Committee, "Carla").await;
    let panelist = app.caller(Role::Panelist, "Ada").await;
    let (applicant, _) = app.open_application("Evora").await;
    let delegate = super::delegate(&app, &hub, "Dana Delegate").await;
    for caller in [&member, &panelist, &applicant, &delegate] {
        for (what, body) in [
            ("suspension", json!({"reason": "Fees unpaid."})),
            ("reinstatement", json!({})),
            ("departure", json!({"reason": "Closed."})),
            ("delegates", json!({"person_id": caller.person})),
        ] {
            let refused = app
                .post(&format!("/api/v1/hubs/{hub}/{what}"), caller, &body)
                .await;
            assert_problem(refused, 403, "forbidden").await;
        }
    }
    app.stop().await;
}
