//! A delegate's token: issued to a new person enrolled for a member hub (appointed from
//! today, as `charter token issue --role delegate --hub` does), or to a person who
//! represents one already, and refused to anyone else.

use super::{appoint, delegate, enrolment, hub_of, position, register_hub};
use crate::api::steps::ok;
use crate::projections::rebuild::settled;
use charter_api::commands::enrolment::{enroll, enroll_delegate};
use charter_domain::ids::HubId;
use charter_domain::{PersonId, Role};
use charter_tests::{spawn_app, TestApp};
use serde_json::json;
use uuid::Uuid;

/// What enrolling `person` (or a new person, with none) as a delegate answers, for `hub`
/// when named (as `--hub`): the refusal's words, or the new token's person.
async fn enrol(app: &TestApp, person: Option<Uuid>, hub: Option<&str>) -> Result<Uuid, String> {
    let state = &app.state;
    let enrolment = enrolment("Someone New", person.map(PersonId));
    let now = state.clock.now();
    let issued = match hub {
        Some(hub) => {
            let hub = HubId(hub.parse().expect("a hub id"));
            let (pool, roster, policy) = (&state.pool, &state.roster, &state.policy);
            enroll_delegate(pool, roster, policy, now, enrolment, hub).await
        }
        None => enroll(&state.pool, &state.roster, &state.policy, now, enrolment).await,
    };
    issued
        .map(|issued| issued.person.0)
        .map_err(|error| error.to_string())
}

/// The refusal's words of [`enrol`].
async fn refusal(app: &TestApp, person: Option<Uuid>, hub: Option<&str>) -> String {
    enrol(app, person, hub).await.expect_err("refused")
}

#[tokio::test]
async fn an_appointed_delegate_holds_a_token_and_reads_their_hub() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let hub = hub_of(&register_hub(&app, &secretariat, "Impact Hub Coimbra").await);
    let dana = delegate(&app, &hub, "Dana Delegate").await;

    let shown = app.read(&format!("/api/v1/hubs/{hub}"), &dana, 0).await;
    let today = chrono::Utc::now().date_naive().to_string();
    assert_eq!(
        shown["delegates"][0]["person_id"],
        dana.person.to_string(),
        "{shown}"
    );
    assert_eq!(shown["delegates"][0]["name"], "Dana Delegate");
    assert_eq!(shown["delegates"][0]["since"], today);
    let role: String = sqlx::query_scalar("SELECT role FROM api_tokens WHERE person_id = $1")
        .bind(dana.person.0)
        .fetch_one(&app.pool)
        .await
        .expect("her token");
    assert_eq!(role, "delegate");
    // A delegate gives none of the secretariat's commands, nor reads the roster.
    let refused = app
        .post("/api/v1/people", &dana, &json!({"name": "Someone Else"}))
        .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(app.get("/api/v1/people", &dana).await.status(), 403);
    app.stop().await;
}

#[tokio::test]
async fn a_new_person_enrolled_for_a_hub_is_registered_and_appointed_from_today() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let registered = register_hub(&app, &secretariat, "Impact Hub Braga").await;
    let hub = hub_of(&registered);
    let person = enrol(&app, None, Some(&hub)).await.expect("enrolled");
    settled(&app.pool).await;

    let shown = app
        .read(&format!("/api/v1/hubs/{hub}"), &secretariat, 0)
        .await;
    assert_eq!(shown["delegates"][0]["person_id"], person.to_string());
    assert_eq!(shown["delegates"][0]["name"], "Someone New");
    let today = chrono::Utc::now().date_naive().to_string();
    assert_eq!(shown["delegations"][0]["since"], today);
    assert!(shown["delegations"][0]["until"].is_null());
    let appointed: serde_json::Value =
        sqlx::query_scalar("SELECT metadata FROM events WHERE event_type = 'DelegateAppointed'")
            .fetch_one(&app.pool)
            .await
            .expect("the appointment");
    assert_eq!(appointed["actor_role"], "system", "Charter enrolled her");
    app.stop().await;
}

#[tokio::test]
async fn a_delegate_token_is_refused_to_whom_the_roster_does_not_show_representing_a_member_hub() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let viseu = hub_of(&register_hub(&app, &secretariat, "Impact Hub Viseu").await);
    let coimbra = hub_of(&register_hub(&app, &secretariat, "Impact Hub Coimbra").await);
    let (otto, _) = app.register(&secretariat, "Otto Outsider").await;
    let (vera, _) = app.register(&secretariat, "Vera Viseu").await;
    appoint(&app, &secretariat, &viseu, vera).await;
    let before = app.event_count().await;

    let refused = refusal(&app, None, None).await;
    assert!(refused.contains("name the hub"), "{refused}");
    let nowhere = Uuid::now_v7().to_string();
    let refused = refusal(&app, None, Some(&nowhere)).await;
    assert!(refused.contains("not a member of the network"), "{refused}");
    let refused = refusal(&app, Some(otto), None).await;
    assert!(refused.contains("represents no member hub"), "{refused}");
    let refused = refusal(&app, Some(otto), Some(&viseu)).await;
    assert!(refused.contains("represents no member hub"), "{refused}");
    let refused = refusal(&app, Some(vera), Some(&coimbra)).await;
    assert!(refused.contains("not the hub named"), "{refused}");
    let refused = refusal(&app, Some(Uuid::now_v7()), None).await;
    assert!(refused.contains("not on the roster"), "{refused}");
    assert_eq!(app.event_count().await, before, "nothing was written");
    // Another token for Vera, with or without her hub named.
    assert_eq!(enrol(&app, Some(vera), None).await, Ok(vera));
    assert_eq!(enrol(&app, Some(vera), Some(&viseu)).await, Ok(vera));

    // Once Viseu has left the network, no delegate of it holds a new token.
    let left = ok(
        app.post(
            &format!("/api/v1/hubs/{viseu}/departure"),
            &secretariat,
            &json!({"reason": "Merged with Coimbra."}),
        )
        .await,
        200,
        "leave",
    )
    .await;
    assert!(position(&left) > 0);
    let refused = refusal(&app, Some(vera), None).await;
    assert!(refused.contains("has left the network"), "{refused}");
    let refused = refusal(&app, None, Some(&viseu)).await;
    assert!(refused.contains("has left the network"), "{refused}");
    app.stop().await;
}
