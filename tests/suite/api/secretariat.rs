//! The secretariat as a fact on the roster: joined and left over HTTP, and joined by
//! enrolment when a secretariat token is issued.

use crate::api::steps::ok;
use charter_domain::Role;
use charter_tests::{assert_problem, Caller, TestApp};
use reqwest::{Method, Response};
use serde_json::{json, Value};
use uuid::Uuid;

fn path(person: Uuid) -> String {
    format!("/api/v1/people/{person}/secretariat")
}

async fn join(app: &TestApp, caller: &Caller, person: Uuid) -> Response {
    app.post(&path(person), caller, &json!({})).await
}

async fn leave(app: &TestApp, caller: &Caller, person: Uuid) -> Response {
    app.request(Method::DELETE, &path(person), Some(caller))
        .send()
        .await
        .expect("send")
}

fn position(answer: &Value) -> i64 {
    answer["position"].as_i64().expect("a position")
}

#[tokio::test]
async fn the_secretariat_adds_a_person_to_itself_and_takes_them_out_again() {
    let app = charter_tests::spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let (person, registered) = app.register(&secretariat, "Nadia New").await;
    let shown = app
        .read(
            &format!("/api/v1/people/{person}"),
            &secretariat,
            registered,
        )
        .await;
    assert_eq!(shown["secretariat"], false, "{shown}");

    let joined = ok(join(&app, &secretariat, person).await, 201, "join").await;
    assert_eq!(joined["person_id"], json!(person));
    assert_eq!(joined["events"][0]["type"], "SecretariatJoined", "{joined}");
    let shown = app
        .read(
            &format!("/api/v1/people/{person}"),
            &secretariat,
            position(&joined),
        )
        .await;
    assert_eq!(shown["secretariat"], true, "{shown}");
    let pool = &app.state.pool;
    let is_member = charter_projections::read_models::roster::is_secretariat;
    assert!(is_member(pool, person).await.expect("read"));

    let left = ok(leave(&app, &secretariat, person).await, 200, "leave").await;
    assert_eq!(left["events"][0]["type"], "SecretariatLeft", "{left}");
    let shown = app
        .read(
            &format!("/api/v1/people/{person}"),
            &secretariat,
            position(&left),
        )
        .await;
    assert_eq!(shown["secretariat"], false, "{shown}");
    assert!(!is_member(pool, person).await.expect("read"));
    app.stop().await;
}

#[tokio::test]
async fn only_the_secretariat_changes_who_is_in_it_and_a_refusal_writes_nothing() {
    let app = charter_tests::spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let (person, _) = app.register(&secretariat, "Nadia New").await;
    let callers = [
        app.caller(Role::Committee, "Carlos Committee").await,
        app.caller(Role::Panelist, "Paula Panel").await,
        app.applicant("Ana Founder").await,
    ];
    let before = app.event_count().await;
    for caller in &callers {
        assert_problem(join(&app, caller, person).await, 403, "forbidden").await;
        assert_problem(
            leave(&app, caller, secretariat.person.0).await,
            403,
            "forbidden",
        )
        .await;
    }
    assert_eq!(app.event_count().await, before);
    app.stop().await;
}

#[tokio::test]
async fn nobody_off_the_roster_joins_and_nobody_joins_twice_or_leaves_unjoined() {
    let app = charter_tests::spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let (person, _) = app.register(&secretariat, "Nadia New").await;
    let before = app.event_count().await;

    let stranger = Uuid::new_v4();
    let unknown = assert_problem(
        join(&app, &secretariat, stranger).await,
        404,
        "person-not-found",
    )
    .await;
    assert!(
        unknown["detail"]
            .as_str()
            .is_some_and(|detail| detail.contains(&stranger.to_string())),
        "{unknown}"
    );
    assert_problem(
        leave(&app, &secretariat, stranger).await,
        404,
        "person-not-found",
    )
    .await;
    assert_problem(
        leave(&app, &secretariat, person).await,
        409,
        "not-in-secretariat",
    )
    .await;
    // Whoever was issued a secretariat token is a member already.
    assert_problem(
        join(&app, &secretariat, secretariat.person.0).await,
        409,
        "already-in-secretariat",
    )
    .await;
    assert_eq!(app.event_count().await, before, "no refusal wrote anything");

    ok(join(&app, &secretariat, person).await, 201, "join").await;
    assert_problem(
        join(&app, &secretariat, person).await,
        409,
        "already-in-secretariat",
    )
    .await;
    app.stop().await;
}

#[tokio::test]
async fn a_secretariat_token_goes_to_a_member_joining_whoever_is_not_one_yet() {
    let app = charter_tests::spawn_app().await;
    // New: registered and joined.
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let types: Vec<String> = sqlx::query_scalar(
        "SELECT event_type FROM events
         WHERE aggregate_type = 'Roster'
           AND payload::jsonb -> event_type ->> 'person_id' = $1::text
         ORDER BY sequence",
    )
    .bind(secretariat.person.0)
    .fetch_all(&app.pool)
    .await
    .expect("events");
    assert_eq!(types, ["PersonRegistered", "SecretariatJoined"]);

    // On the roster already, as a panelist: joined by a secretariat token of theirs.
    let panelist = app.caller(Role::Panelist, "Paula Panel").await;
    let before = app.event_count().await;
    let token = app
        .another_token(&Caller {
            role: Role::Secretariat,
            ..panelist.clone()
        })
        .await;
    assert_eq!(app.event_count().await, before + 1, "one join");
    let (roster, _) = app
        .state
        .roster
        .load(charter_domain::roster::ROSTER_ID)
        .await
        .expect("the roster");
    assert!(roster.is_secretariat(panelist.person));
    assert!(
        roster.in_panel_pool(panelist.person),
        "still a panelist too"
    );

    // A member already: another token joins nobody again.
    app.another_token(&token).await;
    app.another_token(&secretariat).await;
    assert_eq!(app.event_count().await, before + 1);
    app.stop().await;
}
