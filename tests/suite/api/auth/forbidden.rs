//! 403: a role the route does not allow, or an applicant acting on another's application.

use super::matrix::routes;
use super::{call, Credentials};
use charter_domain::Role;
use charter_tests::{assert_problem_about, spawn_app, TestApp};
use serde_json::{json, Value};

#[tokio::test]
async fn every_route_forbids_the_roles_it_does_not_allow() {
    let app = spawn_app().await;
    let (applicant, _) = app.open_application("Lisbon").await;
    let callers = [
        applicant.clone(),
        app.caller(Role::Panelist, "Paula Panel").await,
        app.caller(Role::Committee, "Carlos Committee").await,
        app.caller(Role::Secretariat, "Sofia Staff").await,
    ];
    let before = app.event_count().await;
    let mut refused = 0;

    for route in routes(TestApp::id_of(&applicant)) {
        for caller in callers.iter().filter(|c| !route.allowed.contains(&c.role)) {
            let response = call(&app, &route, Credentials::Token(caller)).await;
            let what = format!("{route} as {}", caller.role);
            let body = assert_problem_about(response, 403, "forbidden", &what).await;
            let detail = body["detail"].as_str().expect("a detail");
            assert!(detail.contains(caller.role.as_str()), "{what}: {detail}");
            refused += 1;
        }
    }
    // Guards the matrix itself: 31 commands, 10 committee reads, the panelist's queue, the
    // applicant status, the two token routes and erasure, each refusing one to three roles.
    assert_eq!(refused, 118);
    assert_eq!(app.event_count().await, before);
}

#[tokio::test]
async fn an_applicant_may_not_act_on_or_read_another_applicants_application() {
    let app = spawn_app().await;
    let (owner, _) = app.open_application("Lisbon").await;
    let (stranger, opened) = app.open_application("Porto").await;
    let before = app.event_count().await;

    for route in routes(TestApp::id_of(&owner)).into_iter().filter(|route| {
        route.allowed.contains(&Role::Applicant) && route.path.contains("/applications/")
    }) {
        let response = call(&app, &route, Credentials::Token(&stranger)).await;
        let body = assert_problem_about(response, 403, "forbidden", &route.to_string()).await;
        assert_eq!(
            body["detail"], "an applicant may act only on their own application",
            "{route}"
        );
    }
    assert_eq!(app.event_count().await, before);

    let position = opened["position"].as_i64().expect("a position");
    let listed = app.list("/api/v1/applications", &stranger, position).await;
    let ids: Vec<&Value> = listed
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| &item["application_id"])
        .collect();
    assert_eq!(ids, [&json!(TestApp::id_of(&stranger))], "only their own");
}
