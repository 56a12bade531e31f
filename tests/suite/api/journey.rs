//! Applications driven over HTTP along the road of the design, checking the read models.

use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use serde_json::{json, Value};

/// Uploads `content` as the next version of `kind`; the command's response.
async fn submit(app: &TestApp, applicant: &Caller, kind: &str, content: &str) -> Value {
    let id = TestApp::id_of(applicant);
    let response = app
        .request(
            reqwest::Method::POST,
            &format!("/api/v1/applications/{id}/documents?kind={kind}&file_name={kind}.pdf"),
            Some(applicant),
        )
        .header("content-type", "application/pdf")
        .body(content.to_owned())
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 201, "submit {kind}");
    response.json().await.expect("JSON")
}

fn scores() -> Value {
    json!({"team": 4, "community": 5, "feasibility": 4, "impact": 3})
}

/// Files a review recommending `recommendation`; the command's response.
async fn review(
    app: &TestApp,
    panelist: &Caller,
    id: &str,
    kind: &str,
    version: u32,
    recommendation: &str,
) -> Value {
    let response = app
        .post(
            &format!("/api/v1/applications/{id}/reviews"),
            panelist,
            &json!({
                "document_kind": kind,
                "document_version": version,
                "scores": scores(),
                "recommendation": recommendation,
                "comments": format!("Read {kind} version {version} closely."),
            }),
        )
        .await;
    assert_eq!(response.status(), 201, "review {kind} v{version}");
    response.json().await.expect("JSON")
}

async fn ok(response: reqwest::Response, status: u16, what: &str) -> Value {
    let code = response.status().as_u16();
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(code, status, "{what}: {body}");
    body
}

/// Schedules an interview an hour ago and records it as held.
async fn hold_interview(app: &TestApp, secretariat: &Caller, id: &str) -> Value {
    let scheduled = ok(
        app.post(
            &format!("/api/v1/applications/{id}/interviews"),
            secretariat,
            &json!({"scheduled_for": chrono::Utc::now() - chrono::Duration::hours(1), "location": "Video call"}),
        )
        .await,
        201,
        "schedule interview",
    )
    .await;
    let number = scheduled["events"][0]["data"]["interview"]
        .as_u64()
        .expect("number");
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/interviews/{number}/record"),
            secretariat,
            &json!({"notes": "The team knows its city.", "attendees": ["Ana Sousa", "Sam Secretariat"]}),
        )
        .await,
        200,
        "record interview",
    )
    .await
}

async fn assign(app: &TestApp, secretariat: &Caller, id: &str, panelist: &Caller) -> Value {
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/panelists"),
            secretariat,
            &json!({"panelist_id": panelist.person.0}),
        )
        .await,
        201,
        "assign panelist",
    )
    .await
}

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
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/revision-requests"),
            &secretariat,
            &json!({"document_kind": "preliminary_report", "deadline": deadline, "reason": "Say more about the community."}),
        )
        .await,
        201,
        "request revision",
    )
    .await;
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
            opened["position"].as_i64().expect("position"),
        )
        .await;
    assert_eq!(summary["stage"], "eligible");

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
        "default-2026.1"
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
    assert_eq!(summary["review_count"], 3);
    assert_eq!(summary["version"], advanced["version"]);
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
        .read(
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
        .read(
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
        .read(
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
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/eligibility"),
            &secretariat,
            &json!({}),
        )
        .await,
        200,
        "eligibility",
    )
    .await;
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
        let vote = needs_vote.then(uuid::Uuid::new_v4);
        ok(
            app.post(
                &format!("/api/v1/applications/{id}/advance"),
                &secretariat,
                &json!({"to": stage, "vote_id": vote}),
            )
            .await,
            200,
            stage,
        )
        .await;
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

#[tokio::test]
async fn a_withdrawn_application_refuses_every_change_and_writes_nothing() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let (applicant, opened) = app.open_application("Braga").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let withdrawn = ok(
        app.post(
            &format!("/api/v1/applications/{id}/withdrawal"),
            &applicant,
            &json!({"reason": "We found another path."}),
        )
        .await,
        200,
        "withdraw",
    )
    .await;
    let events = app.event_count().await;
    let refused = app
        .post(
            &format!("/api/v1/applications/{id}/eligibility"),
            &secretariat,
            &json!({}),
        )
        .await;
    let problem = ok(refused, 409, "eligibility after withdrawal").await;
    assert_eq!(problem["type"], "urn:charter:problem:application-closed");
    assert_eq!(app.event_count().await, events);
    let summary = app
        .read(
            &format!("/api/v1/applications/{id}"),
            &secretariat,
            withdrawn["position"].as_i64().expect("position"),
        )
        .await;
    assert_eq!(summary["stage"], "withdrawn");
    app.stop().await;
}

#[tokio::test]
async fn the_secretariat_rejects_at_the_eligibility_gate_but_needs_a_vote_after_it() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let (_, first) = app.open_application("Faro").await;
    let first = first["application_id"].as_str().expect("id").to_owned();
    ok(
        app.post(
            &format!("/api/v1/applications/{first}/rejection"),
            &secretariat,
            &json!({"reason": "No legal entity yet."}),
        )
        .await,
        200,
        "reject at eligibility",
    )
    .await;
    let (_, second) = app.open_application("Evora").await;
    let second = second["application_id"].as_str().expect("id").to_owned();
    ok(
        app.post(
            &format!("/api/v1/applications/{second}/eligibility"),
            &secretariat,
            &json!({}),
        )
        .await,
        200,
        "eligibility",
    )
    .await;
    let refused = app
        .post(
            &format!("/api/v1/applications/{second}/rejection"),
            &secretariat,
            &json!({"reason": "Weak plan."}),
        )
        .await;
    let problem = ok(refused, 422, "reject without a vote").await;
    assert_eq!(problem["type"], "urn:charter:problem:rejection-needs-vote");
    ok(
        app.post(
            &format!("/api/v1/applications/{second}/rejection"),
            &secretariat,
            &json!({"reason": "Weak plan.", "vote_id": uuid::Uuid::new_v4()}),
        )
        .await,
        200,
        "reject on a vote",
    )
    .await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panelists_reviewing_the_same_application_at_once_are_all_recorded_once() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let (applicant, opened) = app.open_application("Coimbra").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    submit(&app, &applicant, "preliminary_report", "the report").await;
    let mut panelists = Vec::new();
    for n in 0..20 {
        let panelist = app.caller(Role::Panelist, &format!("Panelist {n}")).await;
        assign(&app, &secretariat, &id, &panelist).await;
        panelists.push(panelist);
    }
    let before = app.event_count().await;
    let path = format!("/api/v1/applications/{id}/reviews");
    let body = json!({"document_kind": "preliminary_report", "document_version": 1, "scores": scores(),
                      "recommendation": "advance", "comments": "Concurrent read."});
    let filings = panelists
        .iter()
        .map(|panelist| app.post(&path, panelist, &body));
    let responses = futures::future::join_all(filings).await;
    let mut numbers = Vec::new();
    for response in responses {
        let body = ok(response, 201, "concurrent review").await;
        numbers.push(
            body["events"][0]["data"]["review"]
                .as_u64()
                .expect("number"),
        );
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=20).collect::<Vec<u64>>());
    assert_eq!(app.event_count().await, before + 20);
    app.stop().await;
}

#[tokio::test]
async fn a_panelist_who_declares_a_conflict_no_longer_sees_the_application() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let ada = app.caller(Role::Panelist, "Ada").await;
    let (_, opened) = app.open_application("Aveiro").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let assigned = assign(&app, &secretariat, &id, &ada).await;
    app.read(
        &format!("/api/v1/applications/{id}"),
        &ada,
        assigned["position"].as_i64().expect("position"),
    )
    .await;
    let listed = app
        .read(
            "/api/v1/applications",
            &ada,
            assigned["position"].as_i64().expect("position"),
        )
        .await;
    assert_eq!(listed.as_array().expect("list").len(), 1);

    let declared = ok(
        app.post(
            &format!("/api/v1/applications/{id}/conflicts"),
            &ada,
            &json!({"reason": "I advised the founders last year."}),
        )
        .await,
        201,
        "declare conflict",
    )
    .await;
    let position = declared["position"].as_i64().expect("position");
    let refused = app
        .get(
            &format!("/api/v1/applications/{id}?min_position={position}"),
            &ada,
        )
        .await;
    assert_eq!(refused.status(), 403);
    let listed = app.read("/api/v1/applications", &ada, position).await;
    assert_eq!(listed, json!([]));
    let review = app
        .post(
            &format!("/api/v1/applications/{id}/reviews"),
            &ada,
            &json!({"document_kind": "preliminary_report", "document_version": 1, "scores": scores(),
                    "recommendation": "advance", "comments": "Should not be possible."}),
        )
        .await;
    assert_eq!(review.status(), 403);
    app.stop().await;
}
