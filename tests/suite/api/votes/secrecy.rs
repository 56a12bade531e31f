//! What a secret vote says of who took part while it is open: how many, never who, in
//! every read (the vote, the register, a voting record, the audit log, the dashboard); a
//! member still sees their own part. Who took part shows once it closes (issue 26).

use crate::api::steps::{appealed, cast, close, committee, ok, open_vote};
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use serde_json::{json, Value};

/// Carla votes, Dmitri recuses, Eun-ji has done neither: in a secret vote on the appeal of
/// an application. The application, the vote, the members and the last position.
async fn a_secret_vote_under_way(
    app: &TestApp,
    secretariat: &Caller,
) -> (String, String, Vec<Caller>, i64) {
    let members = committee(app).await;
    let (_, id) = appealed(app, secretariat, "Braga").await;
    let vote = open_vote(
        app,
        secretariat,
        json!({"application_id": id, "motion": {"kind": "appeal"}}),
    )
    .await;
    cast(app, &members[0], &vote, json!({"choice": "yes"})).await;
    cast(app, &members[0], &vote, json!({"choice": "no"})).await;
    let recused = ok(
        app.post(
            &format!("/api/v1/votes/{vote}/recusals"),
            &members[1],
            &json!({"reason": "RECUSAL-REASON-5c1e"}),
        )
        .await,
        201,
        "recuse",
    )
    .await;
    let position = recused["position"].as_i64().expect("position");
    (id, vote, members, position)
}

/// The electorate row of `member` in a vote's register.
fn row<'a>(register: &'a Value, member: &Caller) -> &'a Value {
    register["electorate"]
        .as_array()
        .expect("electorate")
        .iter()
        .find(|row| row["person_id"] == member.person.0.to_string())
        .expect("in the electorate")
}

/// Whether a row says nothing of what its member did.
fn says_nothing(row: &Value) -> bool {
    row.get("ballots_cast").is_none()
        && row["last_cast_at"].is_null()
        && row["recused_at"].is_null()
        && row["recusal_reason"].is_null()
}

#[tokio::test]
async fn while_a_secret_vote_is_open_the_register_says_how_many_took_part_not_who() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let (id, vote, members, position) = a_secret_vote_under_way(&app, &secretariat).await;
    let path = format!("/api/v1/votes/{vote}");
    let counts = json!({"voted": 1, "recused": 1, "awaiting": 1});

    // The secretariat, and a member who has not voted: the count, and nobody named.
    for reader in [&secretariat, &members[2]] {
        let register = app.read(&path, reader, position).await;
        assert_eq!(register["participation_withheld"], true, "{register}");
        assert_eq!(register["participation"], counts, "{register}");
        assert_eq!(register["ballots"], json!([]), "{register}");
        for member in members.iter().filter(|m| m.person != reader.person) {
            assert!(says_nothing(row(&register, member)), "{register}");
        }
        assert!(
            !register.to_string().contains("RECUSAL-REASON"),
            "{register}"
        );
    }
    // Each member sees their own part, as a receipt, and no one else's.
    let carla = app.read(&path, &members[0], position).await;
    assert_eq!(row(&carla, &members[0])["ballots_cast"], 2, "{carla}");
    assert_eq!(carla["ballots"].as_array().expect("ballots").len(), 2);
    assert!(says_nothing(row(&carla, &members[1])), "{carla}");
    let dmitri = app.read(&path, &members[1], position).await;
    assert!(
        row(&dmitri, &members[1])["recused_at"].is_string(),
        "{dmitri}"
    );
    assert!(says_nothing(row(&dmitri, &members[0])), "{dmitri}");
    assert_eq!(dmitri["ballots"], json!([]));

    // The register's list says how many.
    let listed = app
        .list("/api/v1/votes?open=true", &secretariat, position)
        .await;
    assert_eq!(listed[0]["participation"], counts, "{listed}");

    // A voting record withholds what a member did from anyone but them.
    for member in &members[..2] {
        let record_path = format!("/api/v1/people/{}/votes", member.person);
        let seen = app.list(&record_path, &secretariat, position).await;
        assert_eq!(seen[0]["participation_withheld"], true, "{seen}");
        assert!(seen[0].get("ballots_cast").is_none(), "{seen}");
        assert!(seen[0]["recused_at"].is_null(), "{seen}");
        let own = app.list(&record_path, member, position).await;
        assert_eq!(own[0]["participation_withheld"], false, "{own}");
    }
    let own = app
        .list(
            &format!("/api/v1/people/{}/votes", members[0].person),
            &members[0],
            position,
        )
        .await;
    assert_eq!(own[0]["ballots_cast"], 2, "{own}");

    // The audit log says a ballot and a recusal were recorded, not by whom.
    let log = app
        .read(
            &format!("/api/v1/applications/{id}/audit"),
            &members[2],
            position,
        )
        .await;
    let acts: Vec<&Value> = log["items"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| {
            matches!(
                e["event_type"].as_str(),
                Some("BallotCast" | "MemberRecused")
            )
        })
        .collect();
    assert_eq!(acts.len(), 3, "{log}");
    for act in acts {
        assert_eq!(act["withheld"], true, "{act}");
        assert!(
            act["actor_id"].is_null() && act["actor_name"].is_null(),
            "{act}"
        );
        assert!(act["request_id"].is_null(), "{act}");
        assert!(act["data"].get("member").is_none(), "{act}");
        assert!(act["data"].get("reason").is_none(), "{act}");
    }

    // The dashboard counts, and names nobody who has yet to vote.
    let board = app.read("/api/v1/dashboard", &secretariat, position).await;
    let under_way = &board["open_votes"][0];
    assert_eq!(under_way["ballot"], "secret", "{under_way}");
    assert_eq!(
        (under_way["voted"].as_i64(), under_way["awaiting"].as_i64()),
        (Some(1), Some(1))
    );
    assert!(under_way.get("not_voted").is_none(), "{under_way}");
    app.stop().await;
}

#[tokio::test]
async fn once_a_secret_vote_closes_the_register_shows_who_took_part() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let (id, vote, members, _) = a_secret_vote_under_way(&app, &secretariat).await;
    cast(&app, &members[2], &vote, json!({"choice": "yes"})).await;
    let closed = close(&app, &secretariat, &vote).await;
    let position = closed["position"].as_i64().expect("position");

    let register = app
        .read(&format!("/api/v1/votes/{vote}"), &secretariat, position)
        .await;
    assert_eq!(register["participation_withheld"], false, "{register}");
    assert_eq!(row(&register, &members[0])["ballots_cast"], 2, "{register}");
    assert!(
        row(&register, &members[1])["recused_at"].is_string(),
        "{register}"
    );
    assert_eq!(register["ballots"].as_array().expect("ballots").len(), 3);
    for ballot in register["ballots"].as_array().expect("ballots") {
        assert!(ballot["choice"].is_null(), "never who chose what: {ballot}");
    }
    let record = app
        .list(
            &format!("/api/v1/people/{}/votes", members[1].person),
            &secretariat,
            position,
        )
        .await;
    assert!(record[0]["recused_at"].is_string(), "{record}");
    let log = app
        .read(
            &format!("/api/v1/applications/{id}/audit"),
            &secretariat,
            position,
        )
        .await;
    let ballots: Vec<&Value> = log["items"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["event_type"] == "BallotCast")
        .collect();
    assert_eq!(ballots.len(), 3);
    assert!(ballots
        .iter()
        .all(|e| e["withheld"] == false && e["actor_id"].is_string()));
    app.stop().await;
}

#[tokio::test]
async fn an_open_ballot_names_who_took_part_while_it_is_open() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let members = committee(&app).await;
    let (_, opened) = app.open_application("Faro").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    crate::api::steps::grant_eligibility(&app, &secretariat, &id).await;
    let vote = open_vote(
        &app,
        &secretariat,
        json!({"application_id": id, "motion": {"kind": "reject", "grounds": "No space."}}),
    )
    .await;
    let cast = cast(&app, &members[0], &vote, json!({"choice": "yes"})).await;
    let position = cast["position"].as_i64().expect("position");
    let register = app
        .read(&format!("/api/v1/votes/{vote}"), &secretariat, position)
        .await;
    assert_eq!(register["participation_withheld"], false);
    assert_eq!(row(&register, &members[0])["ballots_cast"], 1, "{register}");
    assert_eq!(register["ballots"][0]["choice"], "yes");
    let board = app.read("/api/v1/dashboard", &secretariat, position).await;
    let waiting = board["open_votes"][0]["not_voted"]
        .as_array()
        .expect("named");
    assert_eq!(waiting.len(), 2, "{board}");
    app.stop().await;
}
