//! The applicant status: what founders are shown of where they stand, and what they are
//! never shown (unreleased reviews, panelists' names, ballots).

use super::steps::{
    assign, committee, decide_by_vote, grant_eligibility, ok, request_revision, review, scores,
    submit, wait_for_stage,
};
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use serde_json::{json, Value};

/// The status of application `id` as `caller` sees it once `position` is projected.
async fn status(app: &TestApp, caller: &Caller, id: &str, position: &Value) -> Value {
    app.read(
        &format!("/api/v1/applications/{id}/status"),
        caller,
        position["position"].as_i64().expect("position"),
    )
    .await
}

fn requirements(status: &Value) -> Vec<(String, bool)> {
    status["next_gate"]["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .map(|check| {
            (
                check["requirement"]
                    .as_str()
                    .expect("requirement")
                    .to_owned(),
                check["met"].as_bool().expect("met"),
            )
        })
        .collect()
}

#[tokio::test]
async fn founders_see_their_checklist_deadlines_interviews_and_only_released_feedback() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let ada = app.caller(Role::Panelist, "Ada Panelist").await;
    let ben = app.caller(Role::Panelist, "Ben Panelist").await;
    let (applicant, opened) = app.open_application("Lisbon").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();

    let first = status(&app, &applicant, &id, &opened).await;
    assert_eq!(first["stage"], "applied");
    assert_eq!(first["next_gate"]["to"], "eligible");
    assert_eq!(requirements(&first), []);

    grant_eligibility(&app, &secretariat, &id).await;
    submit(&app, &applicant, "preliminary_report", "first draft").await;
    assign(&app, &secretariat, &id, &ada).await;
    assign(&app, &secretariat, &id, &ben).await;
    review(&app, &ada, &id, "preliminary_report", 1, "revise").await;
    review(&app, &ben, &id, "preliminary_report", 1, "advance").await;
    let deadline = chrono::Utc::now() + chrono::Duration::days(21);
    request_revision(&app, &secretariat, &id, deadline).await;
    let scheduled = ok(
        app.post(
            &format!("/api/v1/applications/{id}/interviews"),
            &secretariat,
            &json!({"scheduled_for": "2099-03-01T10:00:00Z", "location": "Video call"}),
        )
        .await,
        201,
        "schedule",
    )
    .await;

    let before = status(&app, &applicant, &id, &scheduled).await;
    assert_eq!(before["stage"], "eligible");
    assert_eq!(before["next_gate"]["to"], "pre_candidate");
    assert_eq!(
        requirements(&before),
        [
            ("document".to_owned(), true),
            ("reviews".to_owned(), false),
            ("revision_answered".to_owned(), false),
        ]
    );
    // Founders learn that reviews are missing, not how many are in: that would tell them
    // what the unreleased reviews recommend. The secretariat sees the count.
    let reviews = &before["next_gate"]["checks"][1];
    assert_eq!(reviews["need"], 2);
    assert!(reviews.get("have").is_none(), "{reviews}");
    let staff_view = status(&app, &secretariat, &id, &scheduled).await;
    assert_eq!(staff_view["next_gate"]["checks"][1]["have"], 1);
    let requests = before["revision_requests"].as_array().expect("requests");
    assert_eq!(requests.len(), 1);
    let shown: chrono::DateTime<chrono::Utc> = requests[0]["deadline"]
        .as_str()
        .expect("deadline")
        .parse()
        .expect("time");
    assert_eq!(shown.timestamp(), deadline.timestamp());
    assert_eq!(
        before["interviews"][0]["scheduled_for"],
        "2099-03-01T10:00:00Z"
    );
    assert_eq!(before["interviews"][0]["status"], "scheduled");
    // Two reviews are filed, none released: nothing of them shows.
    assert_eq!(before["feedback"], json!([]));
    let text = before.to_string();
    for secret in ["Ada Panelist", "Ben Panelist", "closely", "panelist_id"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }

    // The secretariat releases Ada's review, with a word to the founders.
    let released = ok(
        app.post(
            &format!("/api/v1/applications/{id}/reviews/1/release"),
            &secretariat,
            &json!({"revision": 1, "note": "The panel's main concern, as discussed."}),
        )
        .await,
        200,
        "release",
    )
    .await;
    assert_eq!(released["events"][0]["type"], "PanelFeedbackReleased");
    let after = status(&app, &applicant, &id, &released).await;
    let feedback = after["feedback"].as_array().expect("feedback");
    assert_eq!(feedback.len(), 1, "only the released review: {after}");
    assert_eq!(feedback[0]["review"], 1);
    assert_eq!(feedback[0]["revision"], 1);
    assert_eq!(feedback[0]["recommendation"], "revise");
    assert_eq!(feedback[0]["scores"], scores());
    assert_eq!(
        feedback[0]["comments"],
        "Read preliminary_report version 1 closely."
    );
    assert_eq!(
        feedback[0]["note"],
        "The panel's main concern, as discussed."
    );
    assert!(!after.to_string().contains("Ada Panelist"));

    // Releasing the same revision again is refused and writes nothing.
    let events = app.event_count().await;
    let again = app
        .post(
            &format!("/api/v1/applications/{id}/reviews/1/release"),
            &secretariat,
            &json!({"revision": 1}),
        )
        .await;
    assert_eq!(again.status(), 409);
    let problem: Value = again.json().await.expect("JSON");
    assert_eq!(
        problem["type"],
        "urn:charter:problem:feedback-already-released"
    );
    assert_eq!(app.event_count().await, events);

    // A revision stays with the staff until it is released in turn.
    let revised = ok(
        app.post(
            &format!("/api/v1/applications/{id}/reviews/1/revisions"),
            &ada,
            &json!({"scores": scores(), "recommendation": "advance",
                    "comments": "Second thoughts, kept in-house."}),
        )
        .await,
        201,
        "revise",
    )
    .await;
    // Releasing the revision the secretariat read, now superseded, is refused.
    let stale = app
        .post(
            &format!("/api/v1/applications/{id}/reviews/1/release"),
            &secretariat,
            &json!({"revision": 1}),
        )
        .await;
    assert_eq!(stale.status(), 409);
    let problem: Value = stale.json().await.expect("JSON");
    assert_eq!(problem["type"], "urn:charter:problem:not-latest-revision");
    let unchanged = status(&app, &applicant, &id, &revised).await;
    assert_eq!(unchanged["feedback"], after["feedback"]);
    assert!(!unchanged.to_string().contains("Second thoughts"));
    let rereleased = ok(
        app.post(
            &format!("/api/v1/applications/{id}/reviews/1/release"),
            &secretariat,
            &json!({"revision": 2}),
        )
        .await,
        200,
        "release the revision",
    )
    .await;
    let latest = status(&app, &applicant, &id, &rereleased).await;
    assert_eq!(latest["feedback"][0]["revision"], 2);
    assert_eq!(
        latest["feedback"][0]["comments"],
        "Second thoughts, kept in-house."
    );

    // In the read model: every release is kept as released; the reviews themselves and
    // their authors never reach it.
    let rows: Vec<(i32, i32, String)> = sqlx::query_as(
        "SELECT review, revision, comments FROM application_feedback
         WHERE application_id = $1::text::uuid ORDER BY revision",
    )
    .bind(&id)
    .fetch_all(&app.pool)
    .await
    .expect("feedback rows");
    assert_eq!(
        rows,
        [
            (
                1,
                1,
                "Read preliminary_report version 1 closely.".to_owned()
            ),
            (1, 2, "Second thoughts, kept in-house.".to_owned()),
        ]
    );

    // The founders' timeline shows the releases, not the reviews.
    let timeline = app
        .list(
            &format!("/api/v1/applications/{id}/timeline"),
            &applicant,
            rereleased["position"].as_i64().expect("position"),
        )
        .await;
    let types: Vec<&str> = timeline
        .as_array()
        .expect("entries")
        .iter()
        .map(|entry| entry["event_type"].as_str().expect("type"))
        .collect();
    assert_eq!(
        types
            .iter()
            .filter(|t| **t == "PanelFeedbackReleased")
            .count(),
        2
    );
    assert!(
        !types.iter().any(|t| t.starts_with("PanelReview")),
        "{types:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn founders_see_the_outcome_of_votes_about_them_and_never_a_ballot() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let members = committee(&app).await;
    let (applicant, opened) = app.open_application("Porto").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    let ballots: Vec<(&Caller, &str)> = vec![
        (&members[0], "yes"),
        (&members[1], "yes"),
        (&members[2], "no"),
    ];
    decide_by_vote(
        &app,
        &secretariat,
        &id,
        json!({"kind": "reject", "grounds": "No viable space."}),
        &ballots,
    )
    .await;
    wait_for_stage(&app, &secretariat, &id, "rejected").await;
    let last: i64 = sqlx::query_scalar("SELECT max(global_position) FROM events")
        .fetch_one(&app.pool)
        .await
        .expect("last position");
    let seen = status(&app, &applicant, &id, &json!({ "position": last })).await;
    assert_eq!(seen["stage"], "rejected");
    assert_eq!(
        seen["next_gate"],
        Value::Null,
        "a closed application has no gate"
    );
    let votes = seen["votes"].as_array().expect("votes");
    assert_eq!(votes.len(), 1);
    assert_eq!(votes[0]["motion"]["kind"], "reject");
    assert_eq!(votes[0]["outcome"], "passed");
    let text = seen.to_string();
    for hidden in ["tally", "choice", "\"yes\"", "\"no\"", "Carla Committee"] {
        assert!(!text.contains(hidden), "{hidden} shown to founders: {text}");
    }
    app.stop().await;
}

#[tokio::test]
async fn the_status_is_for_the_founders_the_secretariat_and_the_committee_only() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let member = app.caller(Role::Committee, "Carla Committee").await;
    let ada = app.caller(Role::Panelist, "Ada Panelist").await;
    let (applicant, opened) = app.open_application("Lisbon").await;
    let (stranger, _) = app.open_application("Porto").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    assign(&app, &secretariat, &id, &ada).await;
    let path = format!("/api/v1/applications/{id}/status");

    for caller in [&applicant, &secretariat, &member] {
        let seen = status(&app, caller, &id, &opened).await;
        assert_eq!(seen["application_id"], id.as_str(), "{}", caller.role);
    }
    // Even a panelist on the panel: the status is the founders' view.
    for caller in [&ada, &stranger] {
        let response = app.get(&path, caller).await;
        assert_eq!(response.status(), 403, "{}", caller.role);
    }
    let response = app
        .request(reqwest::Method::GET, &path, None)
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 401);
    let unknown = uuid::Uuid::new_v4();
    let response = app
        .get(
            &format!("/api/v1/applications/{unknown}/status"),
            &secretariat,
        )
        .await;
    assert_eq!(response.status(), 404);
    let problem: Value = response.json().await.expect("JSON");
    assert_eq!(problem["type"], "urn:charter:problem:not-found");
    app.stop().await;
}
