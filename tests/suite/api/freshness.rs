//! Fresh reads: a client reads its own writes without knowing about positions. Every
//! command's answer carries a consistency token; a read waits for the token it is given,
//! and, given none, for its caller's own latest write.

use super::steps::{committee, decide_by_vote, grant_eligibility};
use charter_domain::Role;
use charter_tests::{assert_problem, spawn_app, spawn_app_with, Caller, TestApp};
use reqwest::header::{CONTENT_TYPE, ETAG, IF_MATCH, LOCATION, RETRY_AFTER};
use reqwest::{Method, Response};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const TOKEN: &str = "Consistency-Token";

/// Uploads a preliminary report of `bytes` to application `id` as `applicant`, with
/// `headers`.
async fn upload(
    app: &TestApp,
    applicant: &Caller,
    id: &str,
    bytes: Vec<u8>,
    headers: &[(&str, &str)],
) -> Response {
    let mut request = app
        .request(
            Method::POST,
            &format!("/api/v1/applications/{id}/documents"),
            Some(applicant),
        )
        .query(&[("kind", "preliminary_report"), ("file_name", "report.pdf")])
        .header(CONTENT_TYPE, "application/pdf");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(bytes).send().await.expect("send")
}

/// The token of a command's answer, checked to be the same in its header and body.
async fn accepted(response: Response, status: u16) -> (String, Value) {
    assert_eq!(response.status(), status, "the command's answer");
    let header = response.headers()[TOKEN]
        .to_str()
        .expect("a visible token")
        .to_owned();
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["consistency_token"], header.as_str(), "{body}");
    assert_eq!(body["position"].to_string(), header, "today the position");
    (header, body)
}

async fn json_of(response: Response, what: &str) -> Value {
    assert_eq!(response.status(), 200, "{what}");
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn forty_uploads_each_read_at_once_without_a_token_all_show_in_summary_and_timeline() {
    let app = spawn_app().await;
    let (applicant, opened) = app.open_application("Porto").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    for n in 0..40u32 {
        let bytes = format!("%PDF-1.4 report number {n}").into_bytes();
        let (_, body) = accepted(upload(&app, &applicant, &id, bytes, &[]).await, 201).await;
        let version = body["version"].as_i64().expect("version");

        let path = format!("/api/v1/applications/{id}");
        let summary = json_of(app.get(&path, &applicant).await, "the summary").await;
        let latest = summary["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .filter_map(|document| document["version"].as_i64())
            .max();
        assert_eq!(latest, Some(i64::from(n) + 1), "upload {n}: {summary}");
        let path = format!("/api/v1/applications/{id}/timeline");
        let timeline = json_of(app.get(&path, &applicant).await, "the timeline").await;
        let sequences: Vec<i64> = timeline["items"]
            .as_array()
            .expect("a timeline")
            .iter()
            .filter_map(|entry| entry["sequence"].as_i64())
            .collect();
        assert!(sequences.contains(&version), "upload {n}: {timeline}");
    }
    app.stop().await;
}

#[tokio::test]
async fn the_location_of_a_201_is_found_every_time() {
    let app = spawn_app().await;
    for n in 0..11 {
        let applicant = app.applicant(&format!("Founder {n}")).await;
        let created = app
            .post(
                "/api/v1/applications",
                &applicant,
                &json!({"city": format!("Braga {n}"), "country": "PT",
                        "hub_name": format!("Impact Hub Braga {n}"),
                        "founders": [{"name": "Ana Sousa", "email": "ana@braga.example"}]}),
            )
            .await;
        assert_eq!(created.status(), 201);
        let location = created.headers()[LOCATION]
            .to_str()
            .expect("a location")
            .to_owned();
        let found = app.get(&location, &applicant).await;
        assert_eq!(found.status(), 200, "try {n}: GET {location}");
    }
    app.stop().await;
}

#[tokio::test]
async fn the_etag_just_read_is_accepted_by_if_match() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let (_, opened) = app.open_application("Faro").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    for n in 0..10 {
        let panelist = app.caller(Role::Panelist, &format!("Panelist {n}")).await;
        let read = app
            .get(&format!("/api/v1/applications/{id}"), &secretariat)
            .await;
        assert_eq!(read.status(), 200);
        let etag = read.headers()[ETAG].to_str().expect("an ETag").to_owned();
        let assigned = app
            .request(
                Method::POST,
                &format!("/api/v1/applications/{id}/panelists"),
                Some(&secretariat),
            )
            .header(IF_MATCH, &etag)
            .json(&json!({"panelist_id": panelist.person.0}))
            .send()
            .await
            .expect("send");
        assert_eq!(assigned.status(), 201, "try {n}: If-Match {etag}");
    }
    app.stop().await;
}

#[tokio::test]
async fn another_client_given_the_token_in_the_header_reads_the_write() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let (_, opened) = app.open_application("Evora").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let granted = app
        .post(
            &format!("/api/v1/applications/{id}/eligibility"),
            &secretariat,
            &json!({}),
        )
        .await;
    let (token, body) = accepted(granted, 200).await;
    // Not the writer: another token of the secretariat's, which has written nothing.
    let other = app.another_token(&secretariat).await;
    let read = app
        .request(
            Method::GET,
            &format!("/api/v1/applications/{id}"),
            Some(&other),
        )
        .header(TOKEN, &token)
        .send()
        .await
        .expect("send");
    let summary = json_of(read, "the summary").await;
    assert_eq!(summary["version"], body["version"], "{summary}");
    assert_eq!(summary["stage"], "eligible");
    app.stop().await;
}

#[tokio::test]
async fn a_malformed_token_is_refused_naming_the_header() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    for bad in [
        "abc",
        "-1",
        "1.5",
        "12345678901234567890",
        "9999999999999999999",
        "",
    ] {
        let read = app
            .request(Method::GET, "/api/v1/applications", Some(&secretariat))
            .header(TOKEN, bad)
            .send()
            .await
            .expect("send");
        let problem = assert_problem(read, 400, "bad-request").await;
        assert_eq!(problem["field"], TOKEN, "{bad:?}: {problem}");
    }
    app.stop().await;
}

#[tokio::test]
async fn a_token_from_the_future_waits_its_bound_then_is_unavailable() {
    let wait = Duration::from_millis(400);
    let app = spawn_app_with(|settings| settings.max_read_wait = wait).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let future = (app.event_count().await + 1_000).to_string();
    let started = Instant::now();
    let read = app
        .request(Method::GET, "/api/v1/applications", Some(&secretariat))
        .header(TOKEN, &future)
        .send()
        .await
        .expect("send");
    assert!(started.elapsed() >= wait, "waited {:?}", started.elapsed());
    assert!(read.headers().contains_key(RETRY_AFTER));
    assert_problem(read, 503, "unavailable").await;
    app.stop().await;
}

#[tokio::test]
async fn a_replayed_idempotent_answer_carries_the_token() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let (_, opened) = app.open_application("Beja").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let grant = || {
        app.request(
            Method::POST,
            &format!("/api/v1/applications/{id}/eligibility"),
            Some(&secretariat),
        )
        .header("Idempotency-Key", "grant-beja")
        .json(&json!({}))
        .send()
    };
    let (first, _) = accepted(grant().await.expect("send"), 200).await;
    let again = grant().await.expect("send");
    assert_eq!(again.headers()["Idempotent-Replayed"], "true");
    let (replayed, _) = accepted(again, 200).await;
    assert_eq!(replayed, first);
    app.stop().await;
}

#[tokio::test]
async fn the_vote_register_gives_the_position_of_what_the_process_manager_carried_out() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let members = committee(&app).await;
    let (applicant, opened) = app.open_application("Viseu").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    let ballots: Vec<_> = members.iter().map(|m| (m, "yes")).collect();
    let motion = json!({"kind": "reject", "grounds": "No viable plan."});
    let closed = decide_by_vote(&app, &secretariat, &id, motion, &ballots).await;
    let vote = closed["vote_id"].as_str().expect("vote id").to_owned();
    let position = closed["position"].as_i64().expect("position");
    let register = app
        .register_carried_out(&vote, &secretariat, position, "carried_out")
        .await;
    let carried_out = &register["carried_out"];
    let token = carried_out["consistency_token"]
        .as_str()
        .unwrap_or_else(|| panic!("a token: {register}"))
        .to_owned();
    assert_eq!(carried_out["position"].to_string(), token);
    assert!(
        carried_out["position"].as_i64() > Some(position),
        "{register}"
    );
    // The founders, who wrote nothing since, read the rejection with that token.
    let read = app
        .request(
            Method::GET,
            &format!("/api/v1/applications/{id}"),
            Some(&applicant),
        )
        .header(TOKEN, &token)
        .send()
        .await
        .expect("send");
    let summary = json_of(read, "the summary").await;
    assert_eq!(summary["stage"], "rejected", "{summary}");
    app.stop().await;
}
