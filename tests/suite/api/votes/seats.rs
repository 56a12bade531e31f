//! Committee seats: only a member holding one reads the register, and a refused enrolment
//! seats nobody.

use crate::api::steps::ok;
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use serde_json::json;

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
    app.list(
        "/api/v1/votes",
        &former,
        ended["position"].as_i64().expect("position"),
    )
    .await;
    // A token of the committee role for someone never seated is refused.
    let (person, registered) = app.register(&secretariat, "Never Seated").await;
    let token = charter_api::auth::issue(
        &app.pool,
        charter_api::auth::IssueToken {
            role: Role::Committee,
            name: "Never Seated".to_owned(),
            person: Some(charter_domain::PersonId(person)),
            application: None,
            expires_at: None,
            label: None,
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
    app.list("/api/v1/votes", &seated, registered).await;
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
