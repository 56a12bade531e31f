//! 403 for a committee token without a seat today (never seated, a seat not yet begun, a
//! seat that has ended) on every read of the applications, as on the committee's other
//! reads: the role on a token is not enough (issue 26, finding 6).

use super::matrix::{routes, Body};
use super::{call, Credentials};
use charter_domain::{PersonId, Role};
use charter_tests::{assert_problem_about, spawn_app, Caller, TestApp};
use chrono::{Days, NaiveDate};
use reqwest::Method;
use serde_json::{json, Value};
use uuid::Uuid;

/// The secretariat's command `body` to `path`, which must succeed; its answer.
async fn command(app: &TestApp, secretariat: &Caller, path: &str, body: Value) -> Value {
    let response = app.post(path, secretariat, &body).await;
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.expect("JSON")
}

/// A committee token for a person registered now, seated as `seat` says (from, until);
/// the position of the last roster event it took.
async fn committee_token(
    app: &TestApp,
    secretariat: &Caller,
    name: &str,
    seat: Option<(NaiveDate, Option<NaiveDate>)>,
) -> (Caller, i64) {
    let registered = command(app, secretariat, "/api/v1/people", json!({"name": name})).await;
    let person: Uuid = registered["person_id"]
        .as_str()
        .expect("person")
        .parse()
        .expect("uuid");
    let mut position = registered["position"].as_i64().expect("position");
    if let Some((since, until)) = seat {
        let seat_path = format!("/api/v1/people/{person}/committee-seat");
        let seated = command(app, secretariat, &seat_path, json!({"since": since})).await;
        position = seated["position"].as_i64().expect("position");
        if let Some(on) = until {
            let end = format!("{seat_path}/end");
            let ended = command(app, secretariat, &end, json!({"on": on})).await;
            position = ended["position"].as_i64().expect("position");
        }
    }
    let issued = charter_api::auth::issue(
        &app.pool,
        charter_api::auth::IssueToken {
            role: Role::Committee,
            name: name.to_owned(),
            person: Some(PersonId(person)),
            application: None,
            expires_at: None,
            label: None,
        },
    )
    .await
    .expect("token");
    let caller = Caller {
        token: issued.token,
        person: issued.person,
        name: name.to_owned(),
        role: Role::Committee,
        application: None,
    };
    (caller, position)
}

#[tokio::test]
async fn a_committee_token_without_a_seat_today_reads_no_application() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let seated = app.caller(Role::Committee, "Seated Member").await;
    let (applicant, _) = app.open_application("Lisbon").await;
    let id = TestApp::id_of(&applicant);
    let upload = routes(id)
        .into_iter()
        .find(|route| matches!(route.body, Body::File(..)))
        .expect("the upload route");
    let uploaded = call(&app, &upload, Credentials::Token(&applicant)).await;
    assert!(uploaded.status().is_success(), "upload");

    let today = app.state.clock.now().date_naive();
    let days = |n: u64| today.checked_add_days(Days::new(n)).expect("a day");
    let ago = |n: u64| today.checked_sub_days(Days::new(n)).expect("a day");
    let mut seatless = Vec::new();
    for (name, seat) in [
        ("Never Seated", None),
        ("Seated Next Month", Some((days(30), None))),
        ("Seat Ended Yesterday", Some((ago(60), Some(ago(1))))),
        ("Seat Ends Today", Some((ago(60), Some(today)))),
    ] {
        seatless.push((name, committee_token(&app, &secretariat, name, seat).await));
    }
    let position = seatless.iter().map(|(_, (_, p))| *p).max().expect("some");

    let reads: Vec<_> = routes(id)
        .into_iter()
        .filter(|route| route.method == Method::GET)
        .filter(|route| route.path.starts_with("/api/v1/applications"))
        .collect();
    for expected in [
        "",
        "/timeline",
        "/documents",
        "/documents/preliminary_report/1",
    ] {
        let path = format!("/api/v1/applications/{id}{expected}");
        assert!(reads.iter().any(|r| r.path == path), "{path} is tested");
    }
    assert!(reads.iter().any(|r| r.path == "/api/v1/applications"));
    let at_position = |path: &str| {
        let separator = if path.contains('?') { '&' } else { '?' };
        format!("{path}{separator}min_position={position}")
    };
    for (name, (member, _)) in &seatless {
        for route in &reads {
            let response = app.get(&at_position(&route.path), member).await;
            let what = format!("{name}: {route}");
            let problem = assert_problem_about(response, 403, "forbidden", &what).await;
            let detail = problem["detail"].as_str().expect("detail");
            assert!(detail.contains("holding a seat"), "{what}: {detail}");
        }
    }
    // The same reads for a member who holds a seat today.
    for route in &reads {
        let response = app.get(&at_position(&route.path), &seated).await;
        assert_eq!(response.status(), 200, "seated: {route}");
    }
    app.stop().await;
}
