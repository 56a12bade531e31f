//! Committee votes over HTTP: ballots, secrecy, the electorate and who reads the register.

use super::steps::{
    appealed, cast, close, committee, grant_eligibility, ok, open_vote, wait_for_summary,
};
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
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
        app.read("/api/v1/votes", &members[1], position).await,
        app.read(
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
            app.read(
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

#[tokio::test]
async fn only_the_electorate_fixed_at_opening_votes_and_a_recused_member_no_longer_can() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let members = committee(&app).await;
    let (applicant, opened) = app.open_application("Faro").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    let vote = open_vote(
        &app,
        &secretariat,
        json!({"application_id": id, "motion": {"kind": "reject", "grounds": "No plan."}}),
    )
    .await;
    let ballots = format!("/api/v1/votes/{vote}/ballots");

    let latecomer = app
        .caller(Role::Committee, "Seated after the opening")
        .await;
    let problem = ok(
        app.post(&ballots, &latecomer, &json!({"choice": "yes"}))
            .await,
        403,
        "latecomer",
    )
    .await;
    assert_eq!(problem["type"], "urn:charter:problem:not-in-electorate");
    let problem = ok(
        app.post(&ballots, &applicant, &json!({"choice": "no"}))
            .await,
        403,
        "applicant",
    )
    .await;
    assert_eq!(problem["type"], "urn:charter:problem:forbidden");

    ok(
        app.post(
            &format!("/api/v1/votes/{vote}/recusals"),
            &members[0],
            &json!({"reason": "I mentored the founders."}),
        )
        .await,
        201,
        "recuse",
    )
    .await;
    let problem = ok(
        app.post(&ballots, &members[0], &json!({"choice": "yes"}))
            .await,
        403,
        "recused",
    )
    .await;
    assert_eq!(problem["type"], "urn:charter:problem:member-recused");

    ok(
        app.post(
            &ballots,
            &members[1],
            &json!({"choice": "yes", "reason": "No plan at all."}),
        )
        .await,
        201,
        "yes",
    )
    .await;
    ok(
        app.post(&ballots, &members[2], &json!({"choice": "no"}))
            .await,
        201,
        "no",
    )
    .await;
    let closed = close(&app, &secretariat, &vote).await;
    // 2 of 3 took part: quorum (1/2) met; 1 yes of 2 is not more than half.
    let data = &closed["events"][0]["data"];
    assert_eq!(data["tally"]["recused"], 1);
    assert_eq!(data["outcome"], "failed");
    let problem = ok(
        app.post(&ballots, &members[2], &json!({"choice": "yes"}))
            .await,
        409,
        "after closing",
    )
    .await;
    assert_eq!(problem["type"], "urn:charter:problem:vote-closed");

    // The open ballot's register and the members' records show who chose what.
    let position = closed["position"].as_i64().expect("position");
    let record = app
        .read(
            &format!("/api/v1/people/{}/votes", members[1].person),
            &members[2],
            position,
        )
        .await;
    assert_eq!(record[0]["choice"], "yes");
    let record = app
        .read(
            &format!("/api/v1/people/{}/votes", members[0].person),
            &secretariat,
            position,
        )
        .await;
    assert!(record[0]["recused_at"].is_string());
    // The process manager records a moment after the close that a failed vote leaves
    // nothing to do.
    let register = app
        .register_carried_out(&vote, &secretariat, position, "nothing_to_do")
        .await;
    assert_eq!(
        register["carried_out"]["result"], "nothing_to_do",
        "{register}"
    );
    let listed = app.get("/api/v1/votes", &applicant).await;
    assert_eq!(listed.status(), 403, "founders do not read the register");
    app.stop().await;
}

#[tokio::test]
async fn an_application_has_one_open_vote_at_a_time() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let members = committee(&app).await;
    let (_, opened) = app.open_application("Viseu").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    let reject = json!({"application_id": id, "motion": {"kind": "reject", "grounds": "No."}});
    let vote = open_vote(&app, &secretariat, reject.clone()).await;
    let events = app.event_count().await;

    let second = app.post("/api/v1/votes", &secretariat, &reject).await;
    let problem = ok(second, 409, "a second open vote").await;
    assert_eq!(problem["type"], "urn:charter:problem:vote-already-open");
    assert_eq!(app.event_count().await, events, "nothing written");

    cast(&app, &members[0], &vote, json!({"choice": "no"})).await;
    close(&app, &secretariat, &vote).await;
    open_vote(&app, &secretariat, reject).await;
    app.stop().await;
}

#[tokio::test]
async fn a_member_whose_seat_has_ended_no_longer_reads_the_register() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let former = app.caller(Role::Committee, "Former Member").await;
    let seated = app.caller(Role::Committee, "Seated Member").await;
    let today = chrono::Utc::now().date_naive();
    // Seated today by enrolment; the seat ends tomorrow, so today they still read.
    let ended = ok(
        app.post(
            &format!("/api/v1/people/{}/committee-seat/end", former.person),
            &secretariat,
            &json!({"on": today.succ_opt().expect("tomorrow")}),
        )
        .await,
        200,
        "end the seat",
    )
    .await;
    assert_eq!(ended["events"][0]["type"], "CommitteeSeatLeft");
    app.read(
        "/api/v1/votes",
        &former,
        ended["position"].as_i64().expect("position"),
    )
    .await;
    // A token of the committee role for someone never seated is refused.
    let registered = ok(
        app.post(
            "/api/v1/people",
            &secretariat,
            &json!({"name": "Never Seated"}),
        )
        .await,
        201,
        "register",
    )
    .await;
    let person = registered["person_id"]
        .as_str()
        .expect("person")
        .parse()
        .expect("uuid");
    let token = charter_api::auth::issue(
        &app.pool,
        charter_api::auth::IssueToken {
            role: Role::Committee,
            name: "Never Seated".to_owned(),
            person: Some(charter_domain::PersonId(person)),
            application: None,
            expires_at: None,
        },
    )
    .await
    .expect("token");
    let never = Caller {
        token: token.token,
        person: token.person,
        name: "Never Seated".to_owned(),
        role: Role::Committee,
        application: None,
    };
    for path in [
        "/api/v1/votes".to_owned(),
        "/api/v1/people".to_owned(),
        format!("/api/v1/people/{}/votes", seated.person),
    ] {
        let refused = app.get(&path, &never).await;
        let problem = ok(refused, 403, &path).await;
        assert!(
            problem["detail"]
                .as_str()
                .expect("detail")
                .contains("holding a seat"),
            "{problem}"
        );
    }
    app.read(
        "/api/v1/votes",
        &seated,
        registered["position"].as_i64().expect("position"),
    )
    .await;
    app.stop().await;
}

#[tokio::test]
async fn a_refused_enrolment_leaves_nobody_on_the_roster() {
    let app = spawn_app().await;
    let people = |app: &TestApp| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT count(*) FROM events WHERE aggregate_type = 'Roster'",
            )
            .fetch_one(&pool)
            .await
            .expect("count")
        }
    };
    let before = people(&app).await;
    let state = &app.state;
    let refused = charter_api::commands::enrolment::enroll(
        &state.pool,
        &state.roster,
        &state.policy,
        state.clock.now(),
        charter_api::commands::enrolment::Enrolment {
            role: Role::Committee,
            name: "Ghost".to_owned(),
            email: None,
            person: None,
            application: Some(charter_domain::ApplicationId::new()),
            expertise: vec![],
            expires_at: None,
        },
    )
    .await;
    assert!(
        refused.is_err(),
        "a committee token is not scoped to an application"
    );
    assert_eq!(people(&app).await, before, "no ghost registered or seated");
    app.stop().await;
}
