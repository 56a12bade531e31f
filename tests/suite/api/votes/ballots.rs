//! Casting ballots: many at once, and a secret ballot that never shows who chose what.

use crate::api::steps::{
    appealed, cast, close, committee, grant_eligibility, ok, open_vote, wait_for_summary,
};
use charter_domain::Role;
use charter_tests::spawn_app;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_members_casting_at_the_same_second_are_all_recorded_once() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let mut members = Vec::new();
    for n in 0..20 {
        members.push(app.caller(Role::Committee, &format!("Member {n:02}")).await);
    }
    let (_, opened) = app.open_application("Porto").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    let vote = open_vote(
        &app,
        &secretariat,
        json!({"application_id": id, "motion": {"kind": "reject", "grounds": "Test of load."}}),
    )
    .await;

    let path = format!("/api/v1/votes/{vote}/ballots");
    let server = &app;
    let casts = members.iter().enumerate().map(|(n, member)| {
        let choice = if n % 4 == 0 { "no" } else { "yes" };
        let body = json!({"choice": choice});
        let path = path.clone();
        async move { server.post(&path, member, &body).await }
    });
    for response in futures::future::join_all(casts).await {
        ok(response, 201, "a concurrent ballot").await;
    }
    let closed = close(&app, &secretariat, &vote).await;
    let tally = &closed["events"][0]["data"]["tally"];
    assert_eq!(tally["yes"], 15);
    assert_eq!(tally["no"], 5);
    assert_eq!(tally["electorate"], 20);
    let register = app
        .read(
            &format!("/api/v1/votes/{vote}"),
            &secretariat,
            closed["position"].as_i64().expect("position"),
        )
        .await;
    let electorate = register["electorate"].as_array().expect("electorate");
    assert_eq!(electorate.len(), 20);
    assert!(
        electorate.iter().all(|m| m["ballots_cast"] == 1),
        "{register}"
    );
    assert_eq!(register["ballots"].as_array().expect("ballots").len(), 20);
    app.stop().await;
}

#[tokio::test]
async fn a_secret_ballot_shows_who_took_part_but_never_who_chose_what() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let members = committee(&app).await;
    let (applicant, id) = appealed(&app, &secretariat, "Braga").await;
    let vote = open_vote(
        &app,
        &secretariat,
        json!({"application_id": id, "motion": {"kind": "appeal"}}),
    )
    .await;

    let secret_reason = "CONFIDENTIAL-REASON-7f3a";
    let choices = ["no", "yes", "yes"];
    for (member, choice) in members.iter().zip(choices) {
        cast(
            &app,
            member,
            &vote,
            json!({"choice": choice, "reason": secret_reason}),
        )
        .await;
    }
    // The first member changes their mind; only participation shows.
    cast(&app, &members[0], &vote, json!({"choice": "yes"})).await;
    let closed = close(&app, &secretariat, &vote).await;
    assert_eq!(closed["events"][0]["data"]["tally"]["yes"], 3);
    let position = closed["position"].as_i64().expect("position");

    // Every response an API user can get about this vote.
    let mut bodies = vec![
        app.read(&format!("/api/v1/votes/{vote}"), &secretariat, position)
            .await,
        app.list("/api/v1/votes", &members[1], position).await,
        app.list(
            &format!("/api/v1/applications/{id}/timeline"),
            &secretariat,
            position,
        )
        .await,
        app.read(&format!("/api/v1/applications/{id}"), &applicant, position)
            .await,
    ];
    for member in &members {
        bodies.push(
            app.list(
                &format!("/api/v1/people/{}/votes", member.person),
                &secretariat,
                position,
            )
            .await,
        );
    }
    let register = &bodies[0];
    assert_eq!(register["ballot"], "secret");
    assert_eq!(register["ballots"].as_array().expect("ballots").len(), 4);
    for ballot in register["ballots"].as_array().expect("ballots") {
        assert_eq!(ballot["choice"], Value::Null, "{ballot}");
        assert_eq!(ballot["reason"], Value::Null, "{ballot}");
    }
    for body in &bodies {
        let text = body.to_string();
        assert!(
            !text.contains(secret_reason),
            "a sealed reason leaked: {text}"
        );
        assert!(
            !text.contains("\"choice\":\"yes\"") && !text.contains("\"choice\":\"no\""),
            "a choice leaked: {text}"
        );
    }
    // Nor in the event store itself, and the key is gone.
    let stored: Vec<String> = sqlx::query_scalar(
        "SELECT payload::text FROM events WHERE aggregate_type = 'CommitteeVote' AND event_type = 'BallotCast'",
    )
    .fetch_all(&app.pool)
    .await
    .expect("events");
    assert_eq!(stored.len(), 4);
    for payload in stored {
        assert!(
            payload.contains("sealed") && !payload.contains(secret_reason),
            "{payload}"
        );
        assert!(
            !payload.contains("\"yes\"") && !payload.contains("\"no\""),
            "{payload}"
        );
    }
    let keys: i64 = sqlx::query_scalar("SELECT count(*) FROM vote_keys")
        .fetch_one(&app.pool)
        .await
        .expect("keys");
    assert_eq!(keys, 0, "the key is destroyed at closing");
    wait_for_summary(&app, &applicant, &id, "a granted appeal", |s| {
        s["stage"] == "applied" && s["appeal"] == "granted"
    })
    .await;
    app.stop().await;
}
