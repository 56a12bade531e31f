//! Steps that several API tests take: submitting, reviewing, interviewing, assigning.

use charter_tests::{Caller, TestApp};
use serde_json::{json, Value};

/// Uploads `content` as the next version of `kind`; the command's response.
pub(crate) async fn submit(app: &TestApp, applicant: &Caller, kind: &str, content: &str) -> Value {
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

pub(crate) fn scores() -> Value {
    json!({"team": 4, "community": 5, "feasibility": 4, "impact": 3})
}

/// Files a review recommending `recommendation`; the command's response.
pub(crate) async fn review(
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

pub(crate) async fn ok(response: reqwest::Response, status: u16, what: &str) -> Value {
    let code = response.status().as_u16();
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(code, status, "{what}: {body}");
    body
}

/// Schedules an interview an hour ago and records it as held.
pub(crate) async fn hold_interview(app: &TestApp, secretariat: &Caller, id: &str) -> Value {
    let attendees = json!(["Ana Sousa", "Sam Secretariat"]);
    hold_interview_with(app, secretariat, id, "The team knows its city.", attendees).await
}

/// Like [`hold_interview`], with these notes and attendees.
pub(crate) async fn hold_interview_with(
    app: &TestApp,
    secretariat: &Caller,
    id: &str,
    notes: &str,
    attendees: Value,
) -> Value {
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
            &json!({"notes": notes, "attendees": attendees}),
        )
        .await,
        200,
        "record interview",
    )
    .await
}

pub(crate) async fn assign(
    app: &TestApp,
    secretariat: &Caller,
    id: &str,
    panelist: &Caller,
) -> Value {
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

/// Grants eligibility to application `id` as `secretariat`.
pub(crate) async fn grant_eligibility(app: &TestApp, secretariat: &Caller, id: &str) -> Value {
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/eligibility"),
            secretariat,
            &json!({}),
        )
        .await,
        200,
        "eligibility",
    )
    .await
}

/// The secretariat asks for a new version of the preliminary report by `deadline`.
pub(crate) async fn request_revision(
    app: &TestApp,
    secretariat: &Caller,
    id: &str,
    deadline: chrono::DateTime<chrono::Utc>,
) -> Value {
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/revision-requests"),
            secretariat,
            &json!({"document_kind": "preliminary_report", "deadline": deadline,
                    "reason": "Say more about the community."}),
        )
        .await,
        201,
        "request a revision",
    )
    .await
}

/// `member` casts `choice` in vote `vote`; the response.
pub(crate) async fn cast(app: &TestApp, member: &Caller, vote: &str, choice: Value) -> Value {
    ok(
        app.post(&format!("/api/v1/votes/{vote}/ballots"), member, &choice)
            .await,
        201,
        "cast a ballot",
    )
    .await
}

/// The secretariat closes vote `vote`; the response.
pub(crate) async fn close(app: &TestApp, secretariat: &Caller, vote: &str) -> Value {
    ok(
        app.post(
            &format!("/api/v1/votes/{vote}/close"),
            secretariat,
            &json!({}),
        )
        .await,
        200,
        "close the vote",
    )
    .await
}

/// Puts `motion` about application `id` to a vote, has each member cast the matching
/// choice, and closes it; the close response.
pub(crate) async fn decide_by_vote(
    app: &TestApp,
    secretariat: &Caller,
    id: &str,
    motion: Value,
    ballots: &[(&Caller, &str)],
) -> Value {
    let opened = ok(
        app.post(
            "/api/v1/votes",
            secretariat,
            &json!({"application_id": id, "motion": motion}),
        )
        .await,
        201,
        "open a vote",
    )
    .await;
    let vote = opened["vote_id"].as_str().expect("vote id").to_owned();
    for (member, choice) in ballots {
        ok(
            app.post(
                &format!("/api/v1/votes/{vote}/ballots"),
                member,
                &json!({"choice": choice}),
            )
            .await,
            201,
            "cast a ballot",
        )
        .await;
    }
    let closed = ok(
        app.post(
            &format!("/api/v1/votes/{vote}/close"),
            secretariat,
            &json!({}),
        )
        .await,
        200,
        "close the vote",
    )
    .await;
    // The approval gate takes the network's vote after the committee's.
    if motion == json!({"kind": "advance", "to": "approved"})
        && closed["events"][0]["data"]["outcome"] == "passed"
    {
        app.network_approves(secretariat, id).await;
    }
    closed
}

/// Waits (up to 10 s) until the summary of application `id` shows `stage`: a closed vote
/// is carried out by the process manager, after the vote's own response.
pub(crate) async fn wait_for_stage(app: &TestApp, caller: &Caller, id: &str, stage: &str) -> Value {
    wait_for_summary(app, caller, id, stage, |summary| summary["stage"] == stage).await
}

/// Waits (up to 10 s) until the summary of application `id` satisfies `done`.
pub(crate) async fn wait_for_summary(
    app: &TestApp,
    caller: &Caller,
    id: &str,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let response = app.get(&format!("/api/v1/applications/{id}"), caller).await;
        if response.status() == 200 {
            let summary: Value = response.json().await.expect("JSON");
            if done(&summary) {
                return summary;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the application never reached {what}: {summary}"
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Three committee members, seated today.
pub(crate) async fn committee(app: &TestApp) -> Vec<Caller> {
    let mut members = Vec::new();
    for name in ["Carla Committee", "Dmitri Committee", "Eun-ji Committee"] {
        members.push(app.caller(charter_domain::Role::Committee, name).await);
    }
    members
}

/// An application rejected by the secretariat at the eligibility gate, whose founders
/// have appealed; its id.
pub(crate) async fn appealed(app: &TestApp, secretariat: &Caller, city: &str) -> (Caller, String) {
    let (applicant, opened) = app.open_application(city).await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/rejection"),
            secretariat,
            &json!({"reason": "The founders have no legal entity yet."}),
        )
        .await,
        200,
        "reject",
    )
    .await;
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/appeals"),
            &applicant,
            &json!({"grounds": "The entity was registered last week; here is the deed."}),
        )
        .await,
        201,
        "appeal",
    )
    .await;
    (applicant, id)
}

/// A secret vote open on an appeal, and who takes part in it.
pub(crate) struct AppealVote {
    pub secretariat: Caller,
    /// Three members, seated today: the whole electorate.
    pub members: Vec<Caller>,
    /// The appealing application's founder.
    pub founder: Caller,
    pub vote: String,
}

/// A secretariat, three committee members, and a secret vote they hold on the appeal of
/// an application in `city`.
pub(crate) async fn appeal_vote(app: &TestApp, city: &str) -> AppealVote {
    let secretariat = app.caller(charter_domain::Role::Secretariat, "Sam").await;
    let members = committee(app).await;
    let (founder, application) = appealed(app, &secretariat, city).await;
    let vote = open_vote(
        app,
        &secretariat,
        json!({"application_id": application, "motion": {"kind": "appeal"}}),
    )
    .await;
    AppealVote {
        secretariat,
        members,
        founder,
        vote,
    }
}

pub(crate) async fn open_vote(app: &TestApp, secretariat: &Caller, body: Value) -> String {
    let opened = ok(
        app.post("/api/v1/votes", secretariat, &body).await,
        201,
        "open a vote",
    )
    .await;
    opened["vote_id"].as_str().expect("vote id").to_owned()
}

/// A valid body for `POST /api/v1/applications`.
pub(crate) fn opening() -> Value {
    json!({
        "city": "Lisbon",
        "country": "PT",
        "hub_name": "Impact Hub Lisbon",
        "founders": [{"name": "Ana Sousa", "email": "ana@lisbon.example"}],
    })
}

/// Takes application `id` from `applied` to `pre_candidate`: eligibility, the two panelists
/// assigned, the preliminary report submitted and recommended by both, then the advance.
pub(crate) async fn to_pre_candidate(
    app: &TestApp,
    secretariat: &Caller,
    applicant: &Caller,
    id: &str,
    panelists: [&Caller; 2],
) {
    grant_eligibility(app, secretariat, id).await;
    assign(app, secretariat, id, panelists[0]).await;
    assign(app, secretariat, id, panelists[1]).await;
    submit(app, applicant, "preliminary_report", "report").await;
    review(app, panelists[0], id, "preliminary_report", 1, "advance").await;
    review(app, panelists[1], id, "preliminary_report", 1, "advance").await;
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/advance"),
            secretariat,
            &json!({"to": "pre_candidate"}),
        )
        .await,
        200,
        "pre_candidate",
    )
    .await;
}

/// `panelist` declares a conflict of interest on application `id`; the command's response.
pub(crate) async fn declare_conflict(app: &TestApp, panelist: &Caller, id: &str) -> Value {
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/conflicts"),
            panelist,
            &json!({"reason": "I advised the founders last year."}),
        )
        .await,
        201,
        "declare conflict",
    )
    .await
}
