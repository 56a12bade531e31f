//! The admission of a hub: once its application becomes an initiative, Charter admits it
//! to the network by itself, once however often the event is read; a name already taken
//! is recorded for the secretariat and does not stop the next admission.
//!
//! The applications travel under a policy whose gates need nothing (the default one's
//! documents, reviews, interviews and votes are the journey tests' concern): the secretariat
//! advances them, both sides sign, and the last signature makes an initiative.

use super::{hub_of, register_hub};
use crate::api::steps::{grant_eligibility, ok};
use charter_domain::policy::DEFAULT_POLICY;
use charter_domain::{Policy, Role};
use charter_tests::{spawn_app_with, Caller, TestApp};
use serde_json::{json, Value};
use std::time::Duration;
use uuid::Uuid;

/// The default policy with gates that need nothing.
fn open_gates() -> Policy {
    let start = DEFAULT_POLICY.find("[gates.eligible]").expect("the gates");
    let end = DEFAULT_POLICY.find("[motions]").expect("the motions");
    let text = format!(
        "{}[gates.eligible]\n[gates.pre_candidate]\n[gates.candidate]\n[gates.approved]\n\n{}",
        &DEFAULT_POLICY[..start],
        &DEFAULT_POLICY[end..]
    );
    Policy::from_toml(&text).expect("a valid policy")
}

/// Opens the application of `city` and takes it to `initiative`; its id.
async fn initiative(app: &TestApp, secretariat: &Caller, city: &str) -> String {
    let (founders, opened) = app.open_application(city).await;
    let id = opened["application_id"].as_str().expect("an id").to_owned();
    grant_eligibility(app, secretariat, &id).await;
    for stage in ["pre_candidate", "candidate", "approved"] {
        let path = format!("/api/v1/applications/{id}/advance");
        ok(
            app.post(&path, secretariat, &json!({"to": stage})).await,
            200,
            stage,
        )
        .await;
    }
    let signatures = format!("/api/v1/applications/{id}/signatures");
    ok(
        app.post(&signatures, &founders, &json!({})).await,
        201,
        "founders sign",
    )
    .await;
    let signed = ok(
        app.post(&signatures, secretariat, &json!({})).await,
        201,
        "sign",
    )
    .await;
    assert_eq!(signed["events"][1]["data"]["to"], "initiative", "{signed}");
    id
}

/// What the admission process manager recorded for `application`, once it has: its
/// result, the hub and the detail.
async fn admission(app: &TestApp, application: &str) -> (String, Option<Uuid>, Option<String>) {
    let application: Uuid = application.parse().expect("an application id");
    for _ in 0..500 {
        let recorded: Option<(String, Option<Uuid>, Option<String>)> = sqlx::query_as(
            "SELECT result, hub_id, detail FROM hub_admissions WHERE application_id = $1",
        )
        .bind(application)
        .fetch_optional(&app.pool)
        .await
        .expect("read");
        if let Some(recorded) = recorded {
            return recorded;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the admission of application {application} was not recorded");
}

/// The hubs of the network, with their names, as the secretariat reads them.
async fn hubs(app: &TestApp, secretariat: &Caller) -> Vec<Value> {
    let head: i64 = sqlx::query_scalar("SELECT coalesce(max(global_position), 0) FROM events")
        .fetch_one(&app.pool)
        .await
        .expect("the head");
    let listed = app.list("/api/v1/hubs", secretariat, head).await;
    listed.as_array().expect("a list").clone()
}

#[tokio::test]
async fn an_application_that_becomes_an_initiative_admits_its_hub_once() {
    let app = spawn_app_with(|settings| settings.policy = open_gates()).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let application = initiative(&app, &secretariat, "Lisbon").await;

    let (result, hub, detail) = admission(&app, &application).await;
    assert_eq!((result.as_str(), detail), ("admitted", None));
    let hub = hub.expect("the hub admitted");
    let listed = hubs(&app, &secretariat).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    let today = chrono::Utc::now().date_naive().to_string();
    assert_eq!(listed[0]["hub_id"], hub.to_string());
    assert_eq!(listed[0]["name"], "Impact Hub Lisbon");
    assert_eq!(listed[0]["city"], "Lisbon");
    assert_eq!(listed[0]["country"], "PT");
    assert_eq!(listed[0]["joined"], today);
    assert_eq!(listed[0]["application_id"], application);
    assert_eq!(listed[0]["standing"], "member");
    let metadata: Value =
        sqlx::query_scalar("SELECT metadata FROM events WHERE event_type = 'HubAdmitted'")
            .fetch_one(&app.pool)
            .await
            .expect("the admission's event");
    assert_eq!(metadata["actor_role"], "system", "{metadata}");

    // The process manager reads every event again from the first: nothing is admitted twice.
    let events = app.event_count().await;
    sqlx::query(
        "UPDATE projection_checkpoints SET tx_id = '0'::xid8, global_position = 0
         WHERE projection = 'admissions'",
    )
    .execute(&app.pool)
    .await
    .expect("rewind");
    for _ in 0..500 {
        if charter_projections::lag(&app.pool, "admissions")
            .await
            .expect("lag")
            .0
            == 0
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        charter_projections::lag(&app.pool, "admissions")
            .await
            .expect("lag")
            .0,
        0
    );
    assert_eq!(app.event_count().await, events, "nothing new was written");
    assert_eq!(admission(&app, &application).await.1, Some(hub));
    app.stop().await;
}

#[tokio::test]
async fn a_name_already_taken_is_recorded_for_the_secretariat_and_the_next_admission_goes_on() {
    let app = spawn_app_with(|settings| settings.policy = open_gates()).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let older = hub_of(&register_hub(&app, &secretariat, "Impact Hub Porto").await);
    let porto = initiative(&app, &secretariat, "Porto").await;
    let braga = initiative(&app, &secretariat, "Braga").await;

    let (result, hub, detail) = admission(&app, &porto).await;
    assert_eq!((result.as_str(), hub), ("refused", None));
    let detail = detail.expect("why");
    assert!(detail.contains("Impact Hub Porto"), "{detail}");
    assert!(detail.contains(&older), "names the member hub: {detail}");
    let (result, hub, _) = admission(&app, &braga).await;
    assert_eq!(result, "admitted");
    let names: Vec<Value> = hubs(&app, &secretariat)
        .await
        .iter()
        .map(|hub| hub["name"].clone())
        .collect();
    assert_eq!(
        names,
        [json!("Impact Hub Braga"), json!("Impact Hub Porto")]
    );
    assert!(hub.is_some());
    let status: Value = app
        .request(reqwest::Method::GET, "/readyz", None)
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("JSON");
    let admissions = status["projections"]
        .as_array()
        .expect("projections")
        .iter()
        .find(|p| p["name"] == "admissions")
        .cloned()
        .expect("the admissions worker");
    let shown = admissions["status"].as_str().expect("a status");
    assert!(!shown.starts_with("failing"), "{admissions}");
    app.stop().await;
}
