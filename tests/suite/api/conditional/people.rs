//! A person's `ETag` is their own version: the sequence of the roster's last event about
//! them. It moves when they change and not when anyone else does, and `If-Match` on their
//! commands is checked against it.

use super::{position, read, tag_of};
use charter_domain::Role;
use charter_tests::{assert_problem, spawn_app, Caller, TestApp};
use reqwest::header::{ETAG, IF_MATCH};
use reqwest::{Method, Response};
use serde_json::{json, Value};

/// Registers `name` on the roster as `secretariat`; the answer.
async fn register(app: &TestApp, secretariat: &Caller, name: &str) -> Value {
    let response = app
        .post("/api/v1/people", secretariat, &json!({"name": name}))
        .await;
    assert_eq!(response.status(), 201, "register {name}");
    let header = response.headers()[ETAG].to_str().expect("ASCII").to_owned();
    let answer: Value = response.json().await.expect("JSON");
    assert_eq!(header, tag_of(&answer), "the answer's ETag is its version");
    answer
}

/// `method` on `path` as `caller` with `body` and `If-Match: if_match`.
async fn conditional(
    app: &TestApp,
    caller: &Caller,
    method: Method,
    path: &str,
    body: Option<Value>,
    if_match: &str,
) -> Response {
    let mut request = app
        .request(method, path, Some(caller))
        .header(IF_MATCH, if_match);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("send")
}

fn person_of(answer: &Value) -> String {
    answer["person_id"]
        .as_str()
        .expect("a person id")
        .to_owned()
}

#[tokio::test]
async fn a_persons_read_is_tagged_with_their_own_version_and_unmoved_by_anyone_elses_change() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let registered = register(&app, &secretariat, "Pia Pool").await;
    let pia = format!("/api/v1/people/{}", person_of(&registered));

    let first = read(&app, &secretariat, &pia, position(&registered), None).await;
    assert_eq!(first.status, 200);
    assert_eq!(
        first.etag,
        tag_of(&registered),
        "the version her answer gave"
    );
    assert_eq!(first.cache_control, "private, no-cache");
    let again = read(&app, &secretariat, &pia, 0, Some(&first.etag)).await;
    assert_eq!(again.status, 304);
    assert_eq!(again.etag, first.etag);
    assert_eq!(
        again.cache_control, "private, no-cache",
        "as the 200 would be"
    );
    assert!(again.body.is_empty(), "{}", again.body);

    // Someone else joins the roster: the roster moved, Pia did not.
    let other = register(&app, &secretariat, "Otto Other").await;
    let unmoved = read(
        &app,
        &secretariat,
        &pia,
        position(&other),
        Some(&first.etag),
    )
    .await;
    assert_eq!(
        unmoved.status, 304,
        "another person's change leaves hers as it was"
    );

    // Pia herself changes: the old tag no longer holds, and the new one is her answer's.
    let joined = app
        .post(
            &format!("{pia}/panel-pool"),
            &secretariat,
            &json!({"expertise": ["finance"]}),
        )
        .await;
    assert_eq!(joined.status(), 201);
    let joined: Value = joined.json().await.expect("JSON");
    let moved = read(
        &app,
        &secretariat,
        &pia,
        position(&joined),
        Some(&first.etag),
    )
    .await;
    assert_eq!(moved.status, 200);
    assert_eq!(moved.etag, tag_of(&joined));
    assert_ne!(moved.etag, first.etag);
    let shown: Value = serde_json::from_str(&moved.body).expect("JSON");
    assert_eq!(shown["in_panel_pool"], true, "{shown}");
    app.stop().await;
}

#[tokio::test]
async fn if_match_on_a_person_holds_while_only_others_change_and_a_stale_or_weak_tag_writes_nothing(
) {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let registered = register(&app, &secretariat, "Pia Pool").await;
    let pia = format!("/api/v1/people/{}", person_of(&registered));
    let tag = read(&app, &secretariat, &pia, position(&registered), None)
        .await
        .etag;
    // Two others change in between.
    let other = register(&app, &secretariat, "Otto Other").await;
    let otto = format!("/api/v1/people/{}", person_of(&other));
    let seat = json!({"since": "2026-01-01"});
    let seated = app
        .post(&format!("{otto}/committee-seat"), &secretariat, &seat)
        .await;
    assert_eq!(seated.status(), 201);

    let pool = json!({"expertise": ["finance"]});
    let joined = conditional(
        &app,
        &secretariat,
        Method::POST,
        &format!("{pia}/panel-pool"),
        Some(pool.clone()),
        &tag,
    )
    .await;
    assert_eq!(joined.status(), 201, "her own version still holds");
    let joined: Value = joined.json().await.expect("JSON");
    let current = tag_of(&joined);

    // The tag she was read with is stale now; a weak tag of the current one never matches.
    let events = app.event_count().await;
    let weak = format!("W/{current}");
    for stale in [tag.as_str(), weak.as_str()] {
        let refused = conditional(
            &app,
            &secretariat,
            Method::POST,
            &format!("{pia}/committee-seat"),
            Some(seat.clone()),
            stale,
        )
        .await;
        assert_problem(refused, 412, "precondition-failed").await;
        let refused = conditional(
            &app,
            &secretariat,
            Method::POST,
            &format!("{pia}/erasure"),
            Some(json!({})),
            stale,
        )
        .await;
        assert_problem(refused, 412, "precondition-failed").await;
    }
    assert_eq!(app.event_count().await, events, "nothing written");
    let still = read(&app, &secretariat, &pia, 0, None).await;
    let shown: Value = serde_json::from_str(&still.body).expect("JSON");
    assert_eq!(shown["name"], "Pia Pool", "not erased: {shown}");
    assert_eq!(still.etag, current);

    // The version of the last answer is the one to send.
    let seated = conditional(
        &app,
        &secretariat,
        Method::POST,
        &format!("{pia}/committee-seat"),
        Some(seat),
        &current,
    )
    .await;
    assert_eq!(seated.status(), 201);
    let seated: Value = seated.json().await.expect("JSON");
    let joined_secretariat = app
        .post(&format!("{pia}/secretariat"), &secretariat, &json!({}))
        .await;
    assert_eq!(joined_secretariat.status(), 201);
    // A DELETE is a command too: held to the version it names.
    let left = conditional(
        &app,
        &secretariat,
        Method::DELETE,
        &format!("{pia}/secretariat"),
        None,
        &tag_of(&seated),
    )
    .await;
    assert_problem(left, 412, "precondition-failed").await;
    app.stop().await;
}

#[tokio::test]
async fn an_erasure_with_the_persons_current_tag_goes_ahead() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let registered = register(&app, &secretariat, "Eva Erased").await;
    let eva = format!("/api/v1/people/{}", person_of(&registered));
    let tag = read(&app, &secretariat, &eva, position(&registered), None)
        .await
        .etag;
    register(&app, &secretariat, "Otto Other").await;
    let erased = conditional(
        &app,
        &secretariat,
        Method::POST,
        &format!("{eva}/erasure"),
        Some(json!({})),
        &tag,
    )
    .await;
    assert_eq!(erased.status(), 200);
    let erased: Value = erased.json().await.expect("JSON");
    let after = read(&app, &secretariat, &eva, position(&erased), Some(&tag)).await;
    assert_eq!(after.status, 200, "the erasure moved her version");
    assert_eq!(after.etag, tag_of(&erased));
    app.stop().await;
}
