//! The lists the pages read a page at a time: applications by stage in the board's orders,
//! the roster by group and name, a member's voting record, one's working tokens, and the
//! dashboard's window.

use super::steps::{grant_eligibility, ok};
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use serde_json::{json, Value};

/// The hub names of a list of applications or the names of a list of people.
fn names(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|item| item[field].as_str().expect("a name").to_owned())
        .collect()
}

/// Opens applications in `cities`, in that order, and grants each eligibility in the
/// reverse order, so the one opened first is the latest to enter `eligible`; the last
/// command's position.
async fn eligible_in_reverse(app: &TestApp, secretariat: &Caller, cities: &[&str]) -> i64 {
    let mut ids = Vec::new();
    for city in cities {
        let (applicant, _) = app.open_application(city).await;
        ids.push(TestApp::id_of(&applicant));
    }
    let mut position = 0;
    for id in ids.iter().rev() {
        let granted = grant_eligibility(app, secretariat, &id.to_string()).await;
        position = granted["position"].as_i64().expect("a position");
    }
    position
}

#[tokio::test]
async fn applications_of_a_stage_are_listed_in_the_order_asked_a_page_at_a_time() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Selin Aydın").await;
    let at = eligible_in_reverse(&app, &secretariat, &["Porto", "Braga", "Faro"]).await;

    let opened = app
        .list("/api/v1/applications?stage=eligible", &secretariat, at)
        .await;
    assert_eq!(
        names(&opened, "hub_name"),
        ["Impact Hub Porto", "Impact Hub Braga", "Impact Hub Faro"]
    );
    let longest = app
        .list(
            "/api/v1/applications?stage=eligible&order=longest_in_stage",
            &secretariat,
            at,
        )
        .await;
    assert_eq!(
        names(&longest, "hub_name"),
        ["Impact Hub Faro", "Impact Hub Braga", "Impact Hub Porto"]
    );
    let newest = app
        .list(
            "/api/v1/applications?stage=eligible&order=newest_in_stage&limit=2&offset=1",
            &secretariat,
            at,
        )
        .await;
    assert_eq!(
        names(&newest, "hub_name"),
        ["Impact Hub Braga", "Impact Hub Faro"]
    );

    let unknown = app
        .get("/api/v1/applications?order=alphabetical", &secretariat)
        .await;
    let problem = ok(unknown, 400, "an unknown order").await;
    assert_eq!(problem["status"], 400, "{problem}");
    let negative = app
        .get("/api/v1/applications?offset=-1", &secretariat)
        .await;
    assert_eq!(
        ok(negative, 400, "a negative offset").await["field"],
        "offset"
    );
}

#[tokio::test]
async fn the_roster_is_read_by_group_and_by_the_start_of_a_name() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Selin Aydın").await;
    app.caller(Role::Panelist, "Ada Panel").await;
    app.caller(Role::Panelist, "Ayla Demir").await;
    let committee = app.caller(Role::Committee, "Jonas Berg").await;
    let registered = ok(
        app.post(
            "/api/v1/people",
            &secretariat,
            &json!({"name": "Aylin 100%_Kaya", "email": "aylin@hubs.test"}),
        )
        .await,
        201,
        "register",
    )
    .await;
    let at = registered["position"].as_i64().expect("a position");

    let pool = app
        .list("/api/v1/people?group=panel_pool", &secretariat, at)
        .await;
    assert_eq!(names(&pool, "name"), ["Ada Panel", "Ayla Demir"]);
    let seated = app
        .list("/api/v1/people?group=committee", &committee, at)
        .await;
    assert_eq!(names(&seated, "name"), ["Jonas Berg"]);
    let staff = app
        .list("/api/v1/people?group=secretariat", &secretariat, at)
        .await;
    assert_eq!(names(&staff, "name"), ["Selin Aydın"]);

    // Any case; and `%` and `_` in a name are themselves, not wildcards.
    let ay = app.list("/api/v1/people?name=aY", &secretariat, at).await;
    assert_eq!(names(&ay, "name"), ["Ayla Demir", "Aylin 100%_Kaya"]);
    let literal = app
        .list("/api/v1/people?name=aylin%20100%25_", &secretariat, at)
        .await;
    assert_eq!(names(&literal, "name"), ["Aylin 100%_Kaya"]);
    let wildcard = app.list("/api/v1/people?name=a%25", &secretariat, at).await;
    assert!(names(&wildcard, "name").is_empty(), "{wildcard}");

    let second = app
        .list("/api/v1/people?limit=2&offset=2", &secretariat, at)
        .await;
    assert_eq!(names(&second, "name"), ["Aylin 100%_Kaya", "Jonas Berg"]);

    for bad in ["%20", "a%00b", "a%0Ab"] {
        let refused = app
            .get(&format!("/api/v1/people?name={bad}"), &secretariat)
            .await;
        assert_eq!(ok(refused, 400, bad).await["field"], "name");
    }
    let group = app.get("/api/v1/people?group=founders", &secretariat).await;
    ok(group, 400, "an unknown group").await;
}

#[tokio::test]
async fn a_voting_record_and_ones_tokens_are_read_a_part_at_a_time() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Selin Aydın").await;
    let member = app.caller(Role::Committee, "Jonas Berg").await;
    let mut at = 0;
    for city in ["Porto", "Braga", "Faro"] {
        let (applicant, _) = app.open_application(city).await;
        let opened = ok(
            app.post(
                "/api/v1/votes",
                &secretariat,
                &json!({
                    "application_id": TestApp::id_of(&applicant),
                    "motion": {"kind": "reject", "grounds": "No legal entity yet."}
                }),
            )
            .await,
            201,
            "open a vote",
        )
        .await;
        at = opened["position"].as_i64().expect("a position");
    }
    let path = format!("/api/v1/people/{}/votes", member.person);
    let whole = app.list(&path, &member, at).await;
    assert_eq!(
        names(&whole, "hub_name"),
        ["Impact Hub Faro", "Impact Hub Braga", "Impact Hub Porto"]
    );
    let part = app
        .list(&format!("{path}?limit=1&offset=1"), &member, at)
        .await;
    assert_eq!(names(&part, "hub_name"), ["Impact Hub Braga"]);
    let too_many = app.get(&format!("{path}?limit=501"), &member).await;
    assert_eq!(
        ok(too_many, 400, "a limit too high").await["field"],
        "limit"
    );

    // One's own tokens: all of them, or only those that still work.
    let made = ok(
        app.post(
            "/api/v1/account/tokens",
            &member,
            &json!({"label": "a spreadsheet"}),
        )
        .await,
        201,
        "make a token",
    )
    .await;
    let made_id = made["token_id"].as_str().expect("an id").to_owned();
    let revoked = app
        .post(
            &format!("/api/v1/account/tokens/{made_id}/revoke"),
            &member,
            &json!({}),
        )
        .await;
    ok(revoked, 200, "revoke").await;
    let all = ok(app.get("/api/v1/account/tokens", &member).await, 200, "all").await;
    assert_eq!(all["items"].as_array().map(Vec::len), Some(2), "{all}");
    let working = ok(
        app.get("/api/v1/account/tokens?working=true", &member)
            .await,
        200,
        "working",
    )
    .await;
    let ids: Vec<&str> = working["items"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|token| token["token_id"].as_str().expect("an id"))
        .collect();
    assert_eq!(ids.len(), 1, "{working}");
    assert_ne!(ids[0], made_id);
    let theirs = ok(
        app.get(
            &format!("/api/v1/people/{}/tokens?working=true", member.person),
            &secretariat,
        )
        .await,
        200,
        "the secretariat's read",
    )
    .await;
    assert_eq!(theirs, working);
}

#[tokio::test]
async fn the_dashboard_counts_the_stays_that_ended_in_its_window() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Selin Aydın").await;
    let at = eligible_in_reverse(&app, &secretariat, &["Porto", "Braga"]).await;
    let applied = |board: &Value| {
        let stage = board["stages"]
            .as_array()
            .expect("stages")
            .iter()
            .find(|stage| stage["stage"] == "applied")
            .cloned()
            .expect("applied");
        (stage["current"].as_i64(), stage["completed"].as_i64())
    };
    let recent = app.read("/api/v1/dashboard", &secretariat, at).await;
    assert_eq!(applied(&recent), (Some(0), Some(2)), "{recent}");
    assert!(recent["since"].as_str().is_some(), "{recent}");
    let later = app
        .read(
            "/api/v1/dashboard?since=2999-01-01T00:00:00Z",
            &secretariat,
            at,
        )
        .await;
    assert_eq!(applied(&later), (Some(0), Some(0)), "{later}");
    let bad = app
        .get("/api/v1/dashboard?since=yesterday", &secretariat)
        .await;
    ok(bad, 400, "a time that is not one").await;
}
