//! Reading the hubs: the list a page at a time, who may read it, and a hub's voting record
//! with the secrecy of a secret vote still open.

use super::{appoint, delegate, hub_of, position, register_hub};
use crate::api::steps::ok;
use charter_domain::Role;
use charter_tests::{assert_problem, spawn_app, Caller, TestApp};
use chrono::{Duration, Utc};
use reqwest::header::LINK;
use serde_json::{json, Value};
use uuid::Uuid;

#[tokio::test]
async fn the_hubs_are_listed_by_name_a_page_at_a_time_with_their_delegates() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let mut last = Value::Null;
    for name in ["Impact Hub Porto", "impact hub Braga", "Impact Hub Lisbon"] {
        last = register_hub(&app, &secretariat, name).await;
    }
    let (dana, _) = app.register(&secretariat, "Dana Delegate").await;
    let appointed = appoint(&app, &secretariat, &hub_of(&last), dana).await;

    let first = app
        .get(
            &format!("/api/v1/hubs?limit=2&min_position={}", position(&appointed)),
            &secretariat,
        )
        .await;
    assert_eq!(first.status(), 200);
    let link = first.headers()[LINK].to_str().expect("ASCII").to_owned();
    let first: Value = first.json().await.expect("JSON");
    let names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|hub| hub["name"].as_str().expect("a name").to_owned())
            .collect()
    };
    assert_eq!(names(&first), ["impact hub Braga", "Impact Hub Lisbon"]);
    assert_eq!(first["items"][1]["delegates"][0]["name"], "Dana Delegate");
    assert_eq!(
        first["items"][1]["delegates"][0]["person_id"],
        dana.to_string()
    );
    assert_eq!(first["items"][0]["delegates"], json!([]));
    let next = first["next"].as_str().expect("a next page");
    assert!(link.contains(&format!("cursor={next}")), "{link}");
    assert!(link.contains("limit=2"), "{link}");
    let second = app
        .read(
            &format!("/api/v1/hubs?limit=2&cursor={next}"),
            &secretariat,
            0,
        )
        .await;
    assert_eq!(names(&second), ["Impact Hub Porto"]);
    assert_eq!(second["next"], Value::Null);

    let forged = app
        .get("/api/v1/hubs?cursor=bm90LWEtY3Vyc29y", &secretariat)
        .await;
    assert_problem(forged, 400, "bad-request").await;
    let too_many = app.get("/api/v1/hubs?limit=501", &secretariat).await;
    assert_problem(too_many, 400, "bad-request").await;
    let unknown = app.get("/api/v1/hubs?standing=asleep", &secretariat).await;
    assert_eq!(unknown.status(), 400);
    app.stop().await;
}

#[tokio::test]
async fn the_committee_the_secretariat_and_serving_delegates_read_the_hubs() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let hub = hub_of(&register_hub(&app, &secretariat, "Impact Hub Aveiro").await);
    let member = app.caller(Role::Committee, "Carla").await;
    let serving = delegate(&app, &hub, "Dana Delegate").await;
    let panelist = app.caller(Role::Panelist, "Ada").await;
    let (applicant, _) = app.open_application("Evora").await;
    let paths = [
        "/api/v1/hubs".to_owned(),
        format!("/api/v1/hubs/{hub}"),
        format!("/api/v1/hubs/{hub}/votes"),
    ];
    for path in &paths {
        for reader in [&secretariat, &member, &serving] {
            let read = app.get(path, reader).await;
            assert_eq!(read.status(), 200, "{} reads {path}", reader.name);
        }
        for outsider in [&panelist, &applicant] {
            let refused = app.get(path, outsider).await;
            assert_problem(refused, 403, "forbidden").await;
        }
    }

    // A delegate whose delegation has ended reads no more: the role alone is not enough.
    let (former, _) = app.register(&secretariat, "Fred Former").await;
    let ten_days_ago = Utc::now().date_naive() - Duration::days(10);
    ok(
        app.post(
            &format!("/api/v1/hubs/{hub}/delegates"),
            &secretariat,
            &json!({"person_id": former, "since": ten_days_ago}),
        )
        .await,
        201,
        "appoint Fred ten days ago",
    )
    .await;
    let former = super::delegate_token(&app, former, "Fred Former").await;
    assert_eq!(app.get(&paths[0], &former).await.status(), 200);
    let ended = ok(
        app.post(
            &format!("/api/v1/hubs/{hub}/delegates/{}/end", former.person),
            &secretariat,
            &json!({}),
        )
        .await,
        200,
        "end Fred's delegation today",
    )
    .await;
    let refused = app
        .get(
            &format!("{}?min_position={}", paths[0], position(&ended)),
            &former,
        )
        .await;
    assert_problem(refused, 403, "forbidden").await;

    // Nor does a delegate of a hub that has left the network.
    let left = ok(
        app.post(
            &format!("/api/v1/hubs/{hub}/departure"),
            &secretariat,
            &json!({"reason": "Closed."}),
        )
        .await,
        200,
        "leave",
    )
    .await;
    let refused = app
        .get(
            &format!("{}?min_position={}", paths[1], position(&left)),
            &serving,
        )
        .await;
    assert_problem(refused, 403, "forbidden").await;
    let unknown = app
        .get(
            &format!("/api/v1/hubs/{}/votes", Uuid::now_v7()),
            &secretariat,
        )
        .await;
    assert_problem(unknown, 404, "not-found").await;
    app.stop().await;
}

/// Puts hub `hub` in the electorate of a network vote as the register records it: `secret`
/// or open, closed or not, with one ballot of the hub's (`yes` where open).
async fn network_vote(app: &TestApp, hub: &str, secret: bool, closed: bool, days_ago: i64) -> Uuid {
    let vote = Uuid::now_v7();
    let opened = Utc::now() - Duration::days(days_ago);
    sqlx::query(
        "INSERT INTO votes (vote_id, application_id, stage, motion, rule, ballot, policy_version,
                            opened_at, closes_at, closed_at, outcome, version, electorate)
         VALUES ($1, $2, 'approved', '{\"kind\": \"advance\", \"to\": \"approved\"}', '{}', $3,
                 'test', $4, $4 + interval '14 days', $5, $6, 3, 'network')",
    )
    .bind(vote)
    .bind(Uuid::now_v7())
    .bind(if secret { "secret" } else { "open" })
    .bind(opened)
    .bind(closed.then(|| opened + Duration::days(1)))
    .bind(closed.then_some("passed"))
    .execute(&app.pool)
    .await
    .expect("a vote");
    let delegate = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO vote_hubs (vote_id, hub_id, name, ballots_cast, last_cast_at, last_cast_by)
         VALUES ($1, $2, 'Impact Hub Aveiro', 1, $3, $4)",
    )
    .bind(vote)
    .bind(hub.parse::<Uuid>().expect("a hub id"))
    .bind(opened)
    .bind(delegate)
    .execute(&app.pool)
    .await
    .expect("the hub in its electorate");
    sqlx::query(
        "INSERT INTO vote_hub_ballots (vote_id, hub_id, revision, delegate_id, cast_at, choice)
         VALUES ($1, $2, 1, $3, $4, $5)",
    )
    .bind(vote)
    .bind(hub.parse::<Uuid>().expect("a hub id"))
    .bind(delegate)
    .bind(opened)
    .bind((!secret).then_some("yes"))
    .execute(&app.pool)
    .await
    .expect("its ballot");
    vote
}

#[tokio::test]
async fn a_hubs_voting_record_withholds_an_open_secret_vote_from_all_but_its_delegates() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let aveiro = hub_of(&register_hub(&app, &secretariat, "Impact Hub Aveiro").await);
    let braga = hub_of(&register_hub(&app, &secretariat, "Impact Hub Braga").await);
    // Enrolled before the delegates, whose enrolment waits for the read models: her seat
    // is read by then.
    let member = app.caller(Role::Committee, "Carla").await;
    let own = delegate(&app, &aveiro, "Ana Aveiro").await;
    let other = delegate(&app, &braga, "Bruno Braga").await;
    let open_ballot = network_vote(&app, &aveiro, false, true, 20).await;
    let secret = network_vote(&app, &aveiro, true, false, 2).await;

    let record = |caller: &Caller| {
        let path = format!("/api/v1/hubs/{aveiro}/votes");
        let app = &app;
        let caller = caller.clone();
        async move { app.read(&path, &caller, 0).await }
    };
    for reader in [&secretariat, &member, &other] {
        let page = record(reader).await;
        let items = page["items"].as_array().expect("items");
        assert_eq!(items.len(), 2, "{page}");
        assert_eq!(items[0]["vote_id"], secret.to_string(), "the latest first");
        assert_eq!(
            items[0]["participation_withheld"], true,
            "{}: {page}",
            reader.name
        );
        assert!(items[0].get("ballots_cast").is_none(), "{page}");
        assert_eq!(items[0]["last_cast_at"], Value::Null);
        assert_eq!(items[1]["vote_id"], open_ballot.to_string());
        assert_eq!(items[1]["participation_withheld"], false);
        assert_eq!(items[1]["ballots_cast"], 1);
        assert_eq!(items[1]["choice"], "yes");
        assert_eq!(items[1]["outcome"], "passed");
    }
    let receipt = record(&own).await;
    assert_eq!(
        receipt["items"][0]["participation_withheld"], false,
        "{receipt}"
    );
    assert_eq!(receipt["items"][0]["ballots_cast"], 1);
    assert_eq!(
        receipt["items"][0]["choice"],
        Value::Null,
        "a secret ballot's never"
    );

    let first = app
        .get(
            &format!("/api/v1/hubs/{aveiro}/votes?limit=1"),
            &secretariat,
        )
        .await;
    assert!(first.headers().contains_key(LINK));
    let first: Value = first.json().await.expect("JSON");
    let next = first["next"].as_str().expect("a next page");
    let second = app
        .read(
            &format!("/api/v1/hubs/{aveiro}/votes?limit=1&cursor={next}"),
            &secretariat,
            0,
        )
        .await;
    assert_eq!(second["items"][0]["vote_id"], open_ballot.to_string());
    assert_eq!(second["next"], Value::Null);
    let braga_record = app
        .read(&format!("/api/v1/hubs/{braga}/votes"), &secretariat, 0)
        .await;
    assert_eq!(braga_record["items"], json!([]));
    app.stop().await;
}
