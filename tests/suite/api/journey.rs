//! Applications driven over HTTP along the road of the design, checking the read models.

use super::steps::{
    assign, committee, decide_by_vote, grant_eligibility, hold_interview, ok, request_revision,
    review, scores, submit, wait_for_stage,
};
use charter_domain::Role;
use charter_tests::spawn_app;
use serde_json::{json, Value};

#[tokio::test]
async fn an_application_travels_from_applied_to_pre_candidate_over_http() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let ada = app.caller(Role::Panelist, "Ada Panelist").await;
    let ben = app.caller(Role::Panelist, "Ben Panelist").await;
    let (applicant, opened) = app.open_application("Lisbon").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    assert_eq!(opened["version"], 1);

    ok(
        app.post(
            &format!("/api/v1/applications/{id}/eligibility"),
            &secretariat,
            &json!({"note": "Basics in order"}),
        )
        .await,
        200,
        "eligibility",
    )
    .await;
    submit(&app, &applicant, "preliminary_report", "first draft").await;
    assign(&app, &secretariat, &id, &ada).await;
    assign(&app, &secretariat, &id, &ben).await;
    review(&app, &ada, &id, "preliminary_report", 1, "revise").await;

    // The secretariat asks for a revision; the gate waits for it.
    let deadline = chrono::Utc::now() + chrono::Duration::days(30);
    let requested = request_revision(&app, &secretariat, &id, deadline).await;
    let refused = app
        .post(
            &format!("/api/v1/applications/{id}/advance"),
            &secretariat,
            &json!({"to": "pre_candidate"}),
        )
        .await;
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.expect("JSON");
    assert_eq!(problem["type"], "urn:charter:problem:gate-not-met");
    let missing: Vec<&str> = problem["missing"]
        .as_array()
        .expect("missing")
        .iter()
        .map(|m| m["requirement"].as_str().expect("requirement"))
        .collect();
    assert_eq!(missing, ["reviews", "revision_answered"]);
    let summary = app
        .read(
            &format!("/api/v1/applications/{id}"),
            &applicant,
            requested["position"].as_i64().expect("position"),
        )
        .await;
    assert_eq!(summary["stage"], "eligible");
    let next_deadline: chrono::DateTime<chrono::Utc> = summary["next_deadline"]
        .as_str()
        .expect("a deadline")
        .parse()
        .expect("time");
    assert_eq!(next_deadline.timestamp(), deadline.timestamp());

    // A second version answers the request; both panelists review it.
    let second = submit(
        &app,
        &applicant,
        "preliminary_report",
        "second draft, with the community",
    )
    .await;
    assert_eq!(second["events"][0]["data"]["version"], 2);
    assert_eq!(second["events"][1]["type"], "RevisionRequestAnswered");
    let revised = review(&app, &ada, &id, "preliminary_report", 2, "advance").await;
    let number = revised["events"][0]["data"]["review"]
        .as_u64()
        .expect("review");
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/reviews/{number}/revisions"),
            &ada,
            &json!({"scores": scores(), "recommendation": "advance", "comments": "Better still on a second read."}),
        )
        .await,
        201,
        "revise review",
    )
    .await;
    review(&app, &ben, &id, "preliminary_report", 2, "advance").await;
    hold_interview(&app, &secretariat, &id).await;
    let advanced = ok(
        app.post(
            &format!("/api/v1/applications/{id}/advance"),
            &secretariat,
            &json!({"to": "pre_candidate"}),
        )
        .await,
        200,
        "advance",
    )
    .await;
    assert_eq!(advanced["events"][0]["type"], "StageAdvanced");
    assert_eq!(
        advanced["events"][0]["data"]["policy_version"],
        "default-2026.2"
    );
    let position = advanced["position"].as_i64().expect("position");

    let summary = app
        .read(&format!("/api/v1/applications/{id}"), &applicant, position)
        .await;
    assert_eq!(summary["stage"], "pre_candidate");
    let since: chrono::DateTime<chrono::Utc> = summary["stage_since"]
        .as_str()
        .expect("since")
        .parse()
        .expect("time");
    let at: chrono::DateTime<chrono::Utc> = advanced["events"][0]["data"]["at"]
        .as_str()
        .expect("at")
        .parse()
        .expect("time");
    assert!(
        (since - at).num_milliseconds().abs() < 1,
        "stage_since is the time of the advance"
    );
    // The panel's work shows to the staff only: the founders' summary has no count of
    // reviews nor the version that counts them.
    for hidden in ["review_count", "version", "updated_at"] {
        assert!(summary.get(hidden).is_none(), "{hidden}: {summary}");
    }
    let staff = app
        .read(
            &format!("/api/v1/applications/{id}"),
            &secretariat,
            position,
        )
        .await;
    assert_eq!(staff["review_count"], 3);
    assert_eq!(staff["version"], advanced["version"]);
    assert_eq!(summary["next_deadline"], Value::Null);
    assert_eq!(summary["founders"][0]["name"], "Ana Sousa");
    assert_eq!(summary["documents"].as_array().expect("documents").len(), 1);
    assert_eq!(summary["documents"][0]["version"], 2);
    assert_eq!(summary["revision_requests"][0]["answered_version"], 2);
    assert_eq!(
        summary["panel"],
        json!([]),
        "founders are not shown the panel"
    );
    let staff_view = app
        .read(
            &format!("/api/v1/applications/{id}"),
            &secretariat,
            position,
        )
        .await;
    assert_eq!(staff_view["panel"].as_array().expect("panel").len(), 2);

    let timeline = app
        .list(
            &format!("/api/v1/applications/{id}/timeline"),
            &ada,
            position,
        )
        .await;
    let timeline = timeline.as_array().expect("timeline");
    assert_eq!(
        timeline.len() as i64,
        advanced["version"].as_i64().expect("version")
    );
    assert_eq!(timeline[0]["event_type"], "ApplicationOpened");
    assert_eq!(timeline[0]["actor_role"], "applicant");
    assert_eq!(
        timeline.last().expect("last")["event_type"],
        "StageAdvanced"
    );
    assert_eq!(
        timeline.last().expect("last")["actor_name"],
        "Sam Secretariat"
    );
    assert!(timeline.iter().all(|entry| entry["request_id"].is_string()));

    // Founders see their milestones, not the panel's internal work.
    let founders_view = app
        .list(
            &format!("/api/v1/applications/{id}/timeline"),
            &applicant,
            position,
        )
        .await;
    let founders_view = founders_view.as_array().expect("timeline");
    let internal = [
        "PanelistAssigned",
        "PanelReviewFiled",
        "PanelReviewRevised",
        "ConflictOfInterestDeclared",
    ];
    assert!(founders_view
        .iter()
        .all(|entry| !internal.contains(&entry["event_type"].as_str().expect("type"))));
    assert_eq!(
        founders_view.len(),
        timeline.len() - 2 - 3 - 1,
        "two assignments, three reviews, one revision hidden"
    );

    let listed = app
        .list(
            "/api/v1/applications?stage=pre_candidate",
            &secretariat,
            position,
        )
        .await;
    assert_eq!(listed.as_array().expect("list").len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn an_application_becomes_an_initiative_once_both_sides_have_signed() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let ada = app.caller(Role::Panelist, "Ada").await;
    let ben = app.caller(Role::Panelist, "Ben").await;
    let (applicant, opened) = app.open_application("Porto").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let members = committee(&app).await;
    grant_eligibility(&app, &secretariat, &id).await;
    assign(&app, &secretariat, &id, &ada).await;
    assign(&app, &secretariat, &id, &ben).await;
    let gates: [(&str, &[&str], bool); 3] = [
        ("pre_candidate", &["preliminary_report"], false),
        (
            "candidate",
            &[
                "feasibility_study",
                "financial_projection",
                "community_strategy",
            ],
            true,
        ),
        ("approved", &["future_plan", "space_design"], true),
    ];
    for (stage, kinds, needs_vote) in gates {
        for kind in kinds {
            submit(&app, &applicant, kind, &format!("{kind} for {stage}")).await;
            review(&app, &ada, &id, kind, 1, "advance").await;
            review(&app, &ben, &id, kind, 1, "advance").await;
        }
        if needs_vote {
            hold_interview(&app, &secretariat, &id).await;
            let refused = app
                .post(
                    &format!("/api/v1/applications/{id}/advance"),
                    &secretariat,
                    &json!({"to": stage}),
                )
                .await;
            let problem = ok(refused, 422, "advance without a vote").await;
            assert_eq!(problem["missing"][0]["requirement"], "vote");
        }
        if needs_vote {
            // The committee votes; the passed motion advances the application by itself.
            // Approval is a secret ballot carried by two thirds: 2 of 3 is enough.
            let ballots = [
                (&members[0], "yes"),
                (&members[1], "yes"),
                (&members[2], "no"),
            ];
            let closed = decide_by_vote(
                &app,
                &secretariat,
                &id,
                json!({"kind": "advance", "to": stage}),
                &ballots,
            )
            .await;
            assert_eq!(closed["events"][0]["data"]["outcome"], "passed");
            assert_eq!(closed["events"][0]["data"]["tally"]["yes"], 2);
            wait_for_stage(&app, &secretariat, &id, stage).await;
        } else {
            ok(
                app.post(
                    &format!("/api/v1/applications/{id}/advance"),
                    &secretariat,
                    &json!({"to": stage}),
                )
                .await,
                200,
                stage,
            )
            .await;
        }
    }
    let first = ok(
        app.post(
            &format!("/api/v1/applications/{id}/signatures"),
            &applicant,
            &json!({}),
        )
        .await,
        201,
        "founders sign",
    )
    .await;
    assert_eq!(first["events"].as_array().expect("events").len(), 1);
    let again = app
        .post(
            &format!("/api/v1/applications/{id}/signatures"),
            &applicant,
            &json!({}),
        )
        .await;
    assert_eq!(again.status(), 409);
    let second = ok(
        app.post(
            &format!("/api/v1/applications/{id}/signatures"),
            &secretariat,
            &json!({}),
        )
        .await,
        201,
        "association signs",
    )
    .await;
    assert_eq!(second["events"][1]["data"]["to"], "initiative");
    let summary = app
        .read(
            &format!("/api/v1/applications/{id}"),
            &applicant,
            second["position"].as_i64().expect("position"),
        )
        .await;
    assert_eq!(summary["stage"], "initiative");
    // The dashboard counts the stays the journey made.
    let board = app
        .read(
            "/api/v1/dashboard",
            &secretariat,
            second["position"].as_i64().expect("position"),
        )
        .await;
    let stage = |name: &str| {
        board["stages"]
            .as_array()
            .expect("stages")
            .iter()
            .find(|s| s["stage"] == name)
            .cloned()
            .expect("a stage")
    };
    for passed in [
        "applied",
        "eligible",
        "pre_candidate",
        "candidate",
        "approved",
    ] {
        assert_eq!(stage(passed)["passed"], 1, "{passed}: {board}");
        assert_eq!(stage(passed)["current"], 0, "{passed}");
    }
    assert_eq!(stage("initiative")["current"], 1);
    assert_eq!(board["open_votes"], json!([]));
    let after = app
        .post(
            &format!("/api/v1/applications/{id}/withdrawal"),
            &applicant,
            &json!({}),
        )
        .await;
    assert_eq!(after.status(), 409);
    app.stop().await;
}
