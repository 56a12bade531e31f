//! The member hubs over HTTP (issue 28): registering a hub older than Charter, its
//! delegates and standing, reading them, the delegate's token, and the admission of a hub
//! when its application becomes an initiative. Here what the files share.

mod admission;
mod commands;
mod delegates;
mod reads;
mod standing;

use super::steps::ok;
use crate::projections::rebuild::settled;
use charter_api::commands::enrolment::{enroll, Enrolment};
use charter_domain::{PersonId, Role};
use charter_tests::{Caller, TestApp};
use serde_json::{json, Value};
use uuid::Uuid;

/// Registers the hub `name` (in Portugal, a member for ten years) as `secretariat`; the
/// command's answer.
pub(super) async fn register_hub(app: &TestApp, secretariat: &Caller, name: &str) -> Value {
    let city = name.trim_start_matches("Impact Hub ");
    ok(
        app.post(
            "/api/v1/hubs",
            secretariat,
            &json!({"name": name, "city": city, "country": "PT", "joined": "2016-03-01"}),
        )
        .await,
        201,
        &format!("register {name}"),
    )
    .await
}

/// The hub id of a command's answer.
pub(super) fn hub_of(answer: &Value) -> String {
    answer["hub_id"].as_str().expect("a hub id").to_owned()
}

/// The `position` of a command's answer.
pub(super) fn position(answer: &Value) -> i64 {
    answer["position"].as_i64().expect("a position")
}

/// Appoints `person` a delegate of `hub` from today, as `secretariat`; the answer.
pub(super) async fn appoint(
    app: &TestApp,
    secretariat: &Caller,
    hub: &str,
    person: impl std::fmt::Display,
) -> Value {
    ok(
        app.post(
            &format!("/api/v1/hubs/{hub}/delegates"),
            secretariat,
            &json!({"person_id": person.to_string()}),
        )
        .await,
        201,
        "appoint a delegate",
    )
    .await
}

/// A new person, registered and appointed a delegate of `hub` from today by the
/// secretariat, holding a token as `charter token issue --role delegate --person` issues
/// it.
pub(super) async fn delegate(app: &TestApp, hub: &str, name: &str) -> Caller {
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let (person, _) = app.register(&secretariat, name).await;
    appoint(app, &secretariat, hub, person).await;
    delegate_token(app, person, name).await
}

/// A token for `person`, who represents a hub already, as `charter token issue --role
/// delegate --person` issues it.
pub(super) async fn delegate_token(app: &TestApp, person: Uuid, name: &str) -> Caller {
    let state = &app.state;
    let issued = enroll(
        &state.pool,
        &state.roster,
        &state.policy,
        state.clock.now(),
        enrolment(name, Some(PersonId(person))),
    )
    .await
    .expect("issue the delegate's token");
    // Issued in process, with no consistency token to read after: the read models are
    // waited for here, so that the delegate's first read finds the delegation.
    settled(&app.pool).await;
    Caller {
        token: issued.token,
        person: issued.person,
        name: name.to_owned(),
        role: Role::Delegate,
        application: None,
    }
}

/// A delegate's enrolment: a new person, or `person` on the roster already.
pub(super) fn enrolment(name: &str, person: Option<PersonId>) -> Enrolment {
    Enrolment {
        role: Role::Delegate,
        name: name.to_owned(),
        email: None,
        person,
        application: None,
        expertise: Vec::new(),
        expires_at: None,
    }
}
