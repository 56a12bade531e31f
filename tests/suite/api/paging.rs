//! One way to page every list: `{items, next}` and a `Link` header, walked the way a
//! client walks it, with the older `offset` and `after` still working and a cursor that
//! is not the list's own refused.

use super::steps::ok;
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use serde_json::Value;

/// The position of the latest event: a read with it as `min_position` shows everything
/// written so far.
async fn head(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT coalesce(max(global_position), 0) FROM events")
        .fetch_one(&app.pool)
        .await
        .expect("the head")
}

/// Follows `Link: <...>; rel="next"` from `first` to the last page, checking that the body's
/// `next` names the same cursor; every item's `field`, in the order given. The first page
/// is read once everything written so far shows.
async fn walk(app: &TestApp, caller: &Caller, first: &str, field: &str) -> (Vec<String>, usize) {
    let separator = if first.contains('?') { '&' } else { '?' };
    let mut path = format!("{first}{separator}min_position={}", head(app).await);
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let response = app.get(&path, caller).await;
        let link = response
            .headers()
            .get("link")
            .map(|link| link.to_str().expect("a text header").to_owned());
        let page = ok(response, 200, "a page").await;
        pages += 1;
        for item in page["items"].as_array().expect("items") {
            seen.push(item[field].as_str().expect("a text field").to_owned());
        }
        match (&page["next"], link) {
            (Value::Null, None) => return (seen, pages),
            (Value::String(next), Some(link)) => {
                let target = link
                    .strip_prefix('<')
                    .and_then(|rest| rest.split_once(">; rel=\"next\""))
                    .map(|(target, _)| target.to_owned())
                    .unwrap_or_else(|| panic!("a next link: {link}"));
                assert!(target.ends_with(&format!("cursor={next}")), "{target}");
                path = target;
            }
            (next, link) => panic!("next {next} but Link {link:?}"),
        }
        assert!(pages < 50, "no end to {first}");
    }
}

#[tokio::test]
async fn every_application_is_walked_once_by_its_cursors_even_as_more_are_opened() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Selin Aydın").await;
    let mut opened = Vec::new();
    for city in ["Porto", "Braga", "Faro", "Evora", "Leiria"] {
        let (applicant, _) = app.open_application(city).await;
        opened.push(TestApp::id_of(&applicant).to_string());
    }

    let (walked, pages) = walk(
        &app,
        &secretariat,
        "/api/v1/applications?limit=2",
        "application_id",
    )
    .await;
    assert_eq!((walked, pages), (opened.clone(), 3));

    // A page read, then one more opened before the next: the walk goes on after the last
    // shown, neither repeating nor skipping one, and reaches the new one at the end.
    let first = app
        .read(
            "/api/v1/applications?limit=2&order=opened",
            &secretariat,
            head(&app).await,
        )
        .await;
    let next = first["next"].as_str().expect("a cursor").to_owned();
    let (applicant, _) = app.open_application("Coimbra").await;
    opened.push(TestApp::id_of(&applicant).to_string());
    let (rest, _) = walk(
        &app,
        &secretariat,
        &format!("/api/v1/applications?limit=2&order=opened&cursor={next}"),
        "application_id",
    )
    .await;
    assert_eq!(rest, opened[2..]);

    // The older way still works, and says where the next page starts the new way.
    let skipped = app
        .read(
            "/api/v1/applications?limit=2&offset=4",
            &secretariat,
            head(&app).await,
        )
        .await;
    let ids: Vec<&str> = skipped["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["application_id"].as_str().expect("an id"))
        .collect();
    assert_eq!(ids, opened[4..6]);
    assert_eq!(skipped["next"], Value::Null);
}

#[tokio::test]
async fn a_cursor_that_is_not_the_lists_own_or_beside_an_offset_is_refused() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Selin Aydın").await;
    for city in ["Porto", "Braga"] {
        app.open_application(city).await;
    }
    let page = app
        .read(
            "/api/v1/applications?limit=1",
            &secretariat,
            head(&app).await,
        )
        .await;
    let cursor = page["next"].as_str().expect("a cursor").to_owned();
    let before = app.event_count().await;
    for (path, what) in [
        (
            format!("/api/v1/applications?cursor={cursor}x"),
            "an altered cursor",
        ),
        (
            "/api/v1/applications?cursor=%21%21".to_owned(),
            "not a cursor at all",
        ),
        (
            format!("/api/v1/applications?order=newest_in_stage&cursor={cursor}"),
            "a cursor of another order",
        ),
        (
            format!("/api/v1/votes?cursor={cursor}"),
            "another list's cursor",
        ),
        (
            format!("/api/v1/people?cursor={cursor}"),
            "another list's cursor",
        ),
        (
            format!("/api/v1/applications?cursor={cursor}&offset=1"),
            "a cursor beside an offset",
        ),
    ] {
        let response = app.get(&path, &secretariat).await;
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json",
            "{what}"
        );
        let problem = ok(response, 400, what).await;
        assert!(
            problem["detail"]
                .as_str()
                .expect("a detail")
                .contains("cursor"),
            "{what}: {problem}"
        );
    }
    assert_eq!(
        app.event_count().await,
        before,
        "a refused read changes nothing"
    );
}

#[tokio::test]
async fn the_roster_the_timeline_and_the_tokens_page_the_same_way() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Selin Aydın").await;
    let mut names = vec!["Selin Aydın".to_owned()];
    for name in ["Ana Lima", "Bruno Costa", "Carla Dias", "Duarte Reis"] {
        app.caller(Role::Committee, name).await;
        names.push(name.to_owned());
    }
    names.sort_by_key(|name| name.to_lowercase());
    let (people, pages) = walk(&app, &secretariat, "/api/v1/people?limit=2", "name").await;
    assert_eq!((people, pages), (names, 3));
    let (committee, _) = walk(
        &app,
        &secretariat,
        "/api/v1/people?group=committee&limit=1",
        "name",
    )
    .await;
    assert_eq!(committee.len(), 4, "{committee:?}");

    let (applicant, _) = app.open_application("Porto").await;
    let id = TestApp::id_of(&applicant);
    let (whole, _) = walk(
        &app,
        &secretariat,
        &format!("/api/v1/applications/{id}/timeline"),
        "event_type",
    )
    .await;
    let (paged, pages) = walk(
        &app,
        &secretariat,
        &format!("/api/v1/applications/{id}/timeline?limit=1"),
        "event_type",
    )
    .await;
    assert_eq!(paged, whole);
    assert_eq!(pages, whole.len());

    let me = app.caller(Role::Secretariat, "Ines Moreau").await;
    let person = me.person;
    for _ in 0..2 {
        app.another_token(&me).await;
    }
    let (tokens, pages) = walk(
        &app,
        &secretariat,
        &format!("/api/v1/people/{person}/tokens?limit=2"),
        "token_id",
    )
    .await;
    assert_eq!((tokens.len(), pages), (3, 2));
    let (own, _) = walk(&app, &me, "/api/v1/account/tokens?limit=1", "token_id").await;
    assert_eq!(own, tokens);
}

#[tokio::test]
async fn the_document_describes_every_growing_list_as_a_page_with_a_cursor_and_a_link() {
    let app = spawn_app().await;
    let document = app.openapi_document().await;
    for path in [
        "/api/v1/applications",
        "/api/v1/applications/{id}/timeline",
        "/api/v1/applications/{id}/audit",
        "/api/v1/applications/{id}/documents",
        "/api/v1/applications/{id}/reviews",
        "/api/v1/votes",
        "/api/v1/people",
        "/api/v1/people/{id}/votes",
        "/api/v1/people/{id}/tokens",
        "/api/v1/account/tokens",
        "/api/v1/notifications/deliveries",
        "/api/v1/webhooks",
        "/api/v1/webhooks/{id}/deliveries",
    ] {
        let read = &document["paths"][path]["get"];
        let parameters = read["parameters"].as_array().expect("parameters");
        assert!(
            parameters
                .iter()
                .any(|p| p["name"] == "cursor" && p["in"] == "query"),
            "{path} takes a cursor"
        );
        let answer = &read["responses"]["200"];
        assert!(answer["headers"]["Link"].is_object(), "{path}: {answer}");
        let reference = answer["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .unwrap_or_else(|| panic!("{path} answers a named page: {answer}"));
        let name = reference.trim_start_matches("#/components/schemas/");
        let schema = &document["components"]["schemas"][name];
        assert_eq!(schema["properties"]["items"]["type"], "array", "{name}");
        assert!(schema["properties"]["next"].is_object(), "{name}");
    }
}
