//! A vote's `ETag`: its version while all it holds is shown, named by `If-Match` on its
//! ballots and closing; while a secret vote is open, a hash of what the reader is shown,
//! which a changed ballot (withheld) does not move.

use super::{position, read, tag_of};
use crate::api::steps::{appeal_vote, cast, close, committee, grant_eligibility};
use charter_domain::Role;
use charter_tests::{assert_problem, spawn_app, Caller, TestApp};
use reqwest::header::{ETAG, IF_MATCH};
use reqwest::Method;
use serde_json::{json, Value};

/// POSTs `body` to `path` as `caller` with `If-Match: tag`.
async fn post_if(
    app: &TestApp,
    caller: &Caller,
    path: &str,
    body: Value,
    tag: &str,
) -> reqwest::Response {
    app.request(Method::POST, path, Some(caller))
        .header(IF_MATCH, tag)
        .json(&body)
        .send()
        .await
        .expect("send")
}

#[tokio::test]
async fn an_open_ballots_etag_is_its_version_for_if_none_match_and_if_match() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let members = committee(&app).await;
    let (_, opened) = app.open_application("Porto").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    let opened = app
        .post(
            "/api/v1/votes",
            &secretariat,
            &json!({"application_id": id, "motion": {"kind": "reject", "grounds": "No entity."}}),
        )
        .await;
    assert_eq!(opened.status(), 201);
    assert_eq!(opened.headers()[ETAG], "\"1\"", "the answer is tagged too");
    let opened: Value = opened.json().await.expect("JSON");
    let vote = format!(
        "/api/v1/votes/{}",
        opened["vote_id"].as_str().expect("a vote id")
    );

    let first = read(&app, &secretariat, &vote, position(&opened), None).await;
    assert_eq!(
        (
            first.status,
            first.etag.as_str(),
            first.cache_control.as_str()
        ),
        (200, "\"1\"", "private, no-cache")
    );
    let unchanged = read(&app, &secretariat, &vote, 0, Some("\"1\"")).await;
    assert_eq!(unchanged.status, 304);
    assert!(unchanged.body.is_empty());

    let cast = post_if(
        &app,
        &members[0],
        &format!("{vote}/ballots"),
        json!({"choice": "yes"}),
        &first.etag,
    )
    .await;
    assert_eq!(cast.status(), 201, "the version read holds");
    let cast: Value = cast.json().await.expect("JSON");
    let moved = read(
        &app,
        &secretariat,
        &vote,
        position(&cast),
        Some(&first.etag),
    )
    .await;
    assert_eq!(moved.status, 200);
    assert_eq!(moved.etag, tag_of(&cast));
    assert_eq!(moved.etag, "\"2\"");

    // Stale or weak: refused, nothing written.
    let events = app.event_count().await;
    for stale in ["\"1\"", "W/\"2\""] {
        let refused = post_if(
            &app,
            &members[1],
            &format!("{vote}/ballots"),
            json!({"choice": "no"}),
            stale,
        )
        .await;
        assert_problem(refused, 412, "precondition-failed").await;
        let refused = post_if(
            &app,
            &secretariat,
            &format!("{vote}/close"),
            json!({}),
            stale,
        )
        .await;
        assert_problem(refused, 412, "precondition-failed").await;
    }
    assert_eq!(app.event_count().await, events, "nothing written");
    let closed = post_if(
        &app,
        &secretariat,
        &format!("{vote}/close"),
        json!({}),
        "\"2\"",
    )
    .await;
    assert_eq!(closed.status(), 200);
    app.stop().await;
}

#[tokio::test]
async fn while_a_secret_vote_is_open_its_etag_does_not_tell_of_a_changed_ballot() {
    let app = spawn_app().await;
    let held = appeal_vote(&app, "Braga").await;
    let vote = format!("/api/v1/votes/{}", held.vote);
    let first = cast(&app, &held.members[0], &held.vote, json!({"choice": "yes"})).await;
    let before = read(&app, &held.secretariat, &vote, position(&first), None).await;
    assert_eq!(before.status, 200);
    assert!(before.etag.starts_with("\"view-"), "{}", before.etag);
    assert_eq!(before.cache_control, "private, no-cache");
    let own_before = read(&app, &held.members[0], &vote, position(&first), None).await;

    // Carla changes her ballot: the vote's version moves, what the secretariat sees not.
    let changed = cast(&app, &held.members[0], &held.vote, json!({"choice": "no"})).await;
    assert_ne!(tag_of(&changed), tag_of(&first));
    let after = read(
        &app,
        &held.secretariat,
        &vote,
        position(&changed),
        Some(&before.etag),
    )
    .await;
    assert_eq!(
        after.status, 304,
        "a changed ballot is withheld, and so is its trace"
    );
    assert_eq!(after.etag, before.etag);
    // Carla sees her own ballots: her view moved.
    let own = read(
        &app,
        &held.members[0],
        &vote,
        position(&changed),
        Some(&own_before.etag),
    )
    .await;
    assert_eq!(own.status, 200);
    assert_ne!(own.etag, own_before.etag);

    // A view tag never names a version: If-Match with it is stale.
    let events = app.event_count().await;
    let refused = post_if(
        &app,
        &held.secretariat,
        &format!("{vote}/close"),
        json!({}),
        &before.etag,
    )
    .await;
    assert_problem(refused, 412, "precondition-failed").await;
    assert_eq!(app.event_count().await, events);

    // What the secretariat may see moves it: another member votes.
    let second = cast(&app, &held.members[1], &held.vote, json!({"choice": "yes"})).await;
    let moved = read(
        &app,
        &held.secretariat,
        &vote,
        position(&second),
        Some(&before.etag),
    )
    .await;
    assert_eq!(moved.status, 200);
    assert!(moved.etag.starts_with("\"view-"));
    cast(&app, &held.members[2], &held.vote, json!({"choice": "yes"})).await;

    // Once closed, all is shown, and the tag is the version again.
    let closed = close(&app, &held.secretariat, &held.vote).await;
    let after_close = read(&app, &held.secretariat, &vote, position(&closed), None).await;
    assert_eq!(after_close.etag, tag_of(&closed));
    app.stop().await;
}
