//! Interview attendees: each is the subject of their own name, shown beside the id that
//! erases it, and no one else's erasure touches it.

use super::steps::{hold_interview_with, ok};
use crate::projections::rebuild::{settled, snapshot};
use charter_domain::Role;
use charter_tests::{assert_problem, spawn_app, Caller, TestApp};
use serde_json::{json, Value};

const FOUNDER: &str = "Zephyrine Quillfeather";
const FOUNDER_EMAIL: &str = "zephyrine@quill.example";
const OTHER_FOUNDER: &str = "Bartholomew Nightingale";
const MEMBER: &str = "Leopold Featherstonehaugh";
const OUTSIDER: &str = "Ottoline Marchbanks";
const ERASED: &str = "[erased]";

/// An application of two founders (the first on the roster too) and a committee member.
struct Story {
    id: String,
    founder: Caller,
    other_founder: String,
    member: Caller,
    secretariat: Caller,
}

async fn story(app: &TestApp) -> Story {
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let founder = app
        .issue_with_email(Role::Applicant, FOUNDER, Some(FOUNDER_EMAIL))
        .await;
    let opened = ok(
        app.post(
            "/api/v1/applications",
            &founder,
            &json!({"city": "Tromsø", "country": "NO", "hub_name": "Impact Hub Tromsø",
                    "founders": [{"name": FOUNDER, "email": FOUNDER_EMAIL},
                                 {"name": OTHER_FOUNDER, "email": "bart@tromso.example"}]}),
        )
        .await,
        201,
        "open",
    )
    .await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let other_founder = opened["events"][0]["data"]["founders"][1]["person_id"]
        .as_str()
        .expect("the other founder's id")
        .to_owned();
    let member = app.caller(Role::Committee, MEMBER).await;
    Story {
        id,
        founder,
        other_founder,
        member,
        secretariat,
    }
}

/// Each attendee's name by the id it is about, from a list of `{subject_id, name}`.
fn by_subject(list: &Value) -> Vec<(String, String)> {
    list.as_array()
        .expect("a list of attendees")
        .iter()
        .map(|a| {
            let subject = a["subject_id"].as_str().unwrap_or_default().to_owned();
            (subject, a["name"].as_str().unwrap_or_default().to_owned())
        })
        .collect()
}

/// The attendees as the status and the timeline show them, from `position` on.
async fn shown(app: &TestApp, story: &Story, position: i64) -> [Vec<(String, String)>; 2] {
    let status = app
        .read(
            &format!("/api/v1/applications/{}/status", story.id),
            &story.secretariat,
            position,
        )
        .await;
    let timeline = app
        .list(
            &format!("/api/v1/applications/{}/timeline", story.id),
            &story.secretariat,
            position,
        )
        .await;
    let held = timeline
        .as_array()
        .expect("milestones")
        .iter()
        .find(|entry| entry["event_type"] == "InterviewRecorded")
        .expect("the interview's milestone");
    [
        by_subject(&status["interviews"][0]["attendees"]),
        by_subject(&held["details"]["attended_by"]),
    ]
}

async fn audit(app: &TestApp, story: &Story) -> String {
    let path = format!("/api/v1/applications/{}/audit", story.id);
    let response = app.get(&path, &story.secretariat).await;
    assert_eq!(response.status(), 200);
    response.text().await.expect("body")
}

async fn erase(app: &TestApp, story: &Story, subject: &str) -> i64 {
    let erased = ok(
        app.post(
            &format!("/api/v1/people/{subject}/erasure"),
            &story.secretariat,
            &json!({}),
        )
        .await,
        200,
        "erase",
    )
    .await;
    erased["position"].as_i64().expect("position")
}

#[tokio::test]
async fn an_attendee_from_outside_is_erased_by_the_id_the_reads_show_and_only_they() {
    let app = spawn_app().await;
    let story = story(&app).await;
    let founder = story.founder.person.0.to_string();
    let member = story.member.person.0.to_string();
    // The founder typed by name, as the secretariat's page sends them; the other founder
    // and the member by id; the outsider by name.
    let recorded = hold_interview_with(
        &app,
        &story.secretariat,
        &story.id,
        "Everyone came.",
        json!([" zephyrine  quillfeather", {"person_id": story.other_founder},
               {"person_id": member}, OUTSIDER]),
    )
    .await;
    let event = by_subject(&recorded["events"][0]["data"]["attendees"]);
    assert_eq!(event[0], (founder.clone(), FOUNDER.to_owned()));
    assert_eq!(
        event[1],
        (story.other_founder.clone(), OTHER_FOUNDER.to_owned())
    );
    assert_eq!(event[2], (member.clone(), MEMBER.to_owned()));
    let outsider = event[3].0.clone();
    assert_eq!(event[3].1, OUTSIDER);
    assert!(uuid::Uuid::parse_str(&outsider).is_ok(), "{outsider}");
    assert!(![&founder, &story.other_founder, &member].contains(&&outsider));
    let position = recorded["position"].as_i64().expect("position");
    for reads in shown(&app, &story, position).await {
        assert_eq!(reads, event, "every read shows each name beside its own id");
    }
    // Each name is sealed under its own subject's key alone.
    let stored: String = sqlx::query_scalar(
        "SELECT payload::text FROM events WHERE event_type = 'InterviewRecorded'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("the event");
    assert!(!stored.contains("Ottoline"), "{stored}");
    assert!(
        stored.contains(&format!("\"sealed:v1:{outsider}:")),
        "{stored}"
    );

    // The secretariat erases the outsider by the id the timeline shows.
    let position = erase(&app, &story, &outsider).await;
    for reads in shown(&app, &story, position).await {
        let names: Vec<&str> = reads.iter().map(|(_, name)| name.as_str()).collect();
        assert_eq!(names, [FOUNDER, OTHER_FOUNDER, MEMBER, ERASED]);
    }
    let log = audit(&app, &story).await;
    assert!(!log.contains("Ottoline"), "{log}");
    assert!(log.contains(FOUNDER) && log.contains(OTHER_FOUNDER) && log.contains(MEMBER));

    // A founder's erasure erases their name, and no other attendee's.
    let position = erase(&app, &story, &founder).await;
    for reads in shown(&app, &story, position).await {
        let names: Vec<&str> = reads.iter().map(|(_, name)| name.as_str()).collect();
        assert_eq!(names, [ERASED, OTHER_FOUNDER, MEMBER, ERASED]);
    }
    let log = audit(&app, &story).await;
    assert!(!log.contains("Zephyrine"), "{log}");
    assert!(log.contains(OTHER_FOUNDER) && log.contains(MEMBER), "{log}");

    // The scrubbed rows are exactly what a rebuild from the first event gives.
    settled(&app.pool).await;
    let live = snapshot(&app.pool).await;
    for projection in charter_projections::all() {
        charter_projections::Rebuild::run(&app.pool, projection, 7, |_| {})
            .await
            .expect("rebuild");
    }
    assert_eq!(snapshot(&app.pool).await, live);
    app.stop().await;
}

#[tokio::test]
async fn a_person_named_by_id_is_a_founder_or_on_the_roster_and_not_erased() {
    let app = spawn_app().await;
    let story = story(&app).await;
    let scheduled = ok(
        app.post(
            &format!("/api/v1/applications/{}/interviews", story.id),
            &story.secretariat,
            &json!({"scheduled_for": chrono::Utc::now() - chrono::Duration::hours(1),
                    "location": "Video call"}),
        )
        .await,
        201,
        "schedule",
    )
    .await;
    let number = scheduled["events"][0]["data"]["interview"]
        .as_u64()
        .expect("number");
    let path = format!(
        "/api/v1/applications/{}/interviews/{number}/record",
        story.id
    );
    let record = |attendees: Value| json!({"notes": "Held.", "attendees": attendees});
    let events = app.event_count().await;

    let stranger = uuid::Uuid::now_v7();
    let refused = app
        .post(
            &path,
            &story.secretariat,
            &record(json!([{"person_id": stranger}])),
        )
        .await;
    let problem = assert_problem(refused, 422, "invalid-body").await;
    assert_eq!(problem["field"], "attendees[0].person_id", "{problem}");
    for malformed in [
        json!([{"person_id": "nobody"}]),
        json!([{"name": OUTSIDER}]),
    ] {
        let refused = app
            .post(&path, &story.secretariat, &record(malformed))
            .await;
        assert_problem(refused, 422, "invalid-body").await;
    }
    // The same person twice, once by name and once by id.
    let twice = json!([FOUNDER, {"person_id": story.founder.person.0}]);
    let refused = app.post(&path, &story.secretariat, &record(twice)).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(app.event_count().await, events, "refusals write nothing");

    erase(&app, &story, &story.member.person.0.to_string()).await;
    let refused = app
        .post(
            &path,
            &story.secretariat,
            &record(json!([{"person_id": story.member.person.0}])),
        )
        .await;
    let problem = assert_problem(refused, 422, "invalid-body").await;
    assert_eq!(problem["field"], "attendees[0].person_id", "{problem}");
    app.stop().await;
}

#[tokio::test]
async fn an_interview_recorded_before_with_plain_names_still_reads_and_goes_with_a_founder() {
    let app = spawn_app().await;
    let story = story(&app).await;
    let scheduled = ok(
        app.post(
            &format!("/api/v1/applications/{}/interviews", story.id),
            &story.secretariat,
            &json!({"scheduled_for": chrono::Utc::now() - chrono::Duration::hours(1),
                    "location": "Video call"}),
        )
        .await,
        201,
        "schedule",
    )
    .await;
    // The interview recorded as events were written before: plain names, sealed under
    // every founder's key (event version 1.0).
    let founders = [
        story.founder.person.0,
        uuid::Uuid::parse_str(&story.other_founder).expect("an id"),
    ];
    let mut payload = json!({"InterviewRecorded": {
        "interview": scheduled["events"][0]["data"]["interview"], "stage": "applied",
        "notes": "Held.", "attendees": [FOUNDER, OUTSIDER], "about": founders,
        "at": chrono::Utc::now(),
    }});
    let mut metadata = json!({});
    charter_store::personal_data::KeyRing::for_sealing(&app.pool, &founders)
        .await
        .expect("the founders' keys")
        .seal(
            "Application",
            "InterviewRecorded",
            &mut payload,
            &mut metadata,
        );
    assert!(!payload.to_string().contains("Ottoline"), "{payload}");
    let position: i64 = sqlx::query_scalar(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         SELECT 'Application', $1, max(sequence) + 1, 'InterviewRecorded', '1.0', $2, $3
         FROM events WHERE aggregate_type = 'Application' AND aggregate_id = $1
         RETURNING global_position",
    )
    .bind(&story.id)
    .bind(&payload)
    .bind(&metadata)
    .fetch_one(&app.pool)
    .await
    .expect("an event written before");

    let legacy = |name: &str| json!({"subject_id": null, "name": name, "erased_with": founders});
    let status = app
        .read(
            &format!("/api/v1/applications/{}/status", story.id),
            &story.secretariat,
            position,
        )
        .await;
    assert_eq!(status["interviews"][0]["status"], "held", "{status}");
    assert_eq!(
        status["interviews"][0]["attendees"],
        json!([legacy(FOUNDER), legacy(OUTSIDER)])
    );
    // The application still decides on its history.
    ok(
        app.post(
            &format!("/api/v1/applications/{}/interviews", story.id),
            &story.secretariat,
            &json!({"scheduled_for": "2099-03-01T10:00:00Z", "location": "Tromsø"}),
        )
        .await,
        201,
        "schedule another",
    )
    .await;

    // Erasing either founder erases every name sealed under both.
    let position = erase(&app, &story, &story.other_founder).await;
    for reads in shown(&app, &story, position).await {
        assert_eq!(
            reads,
            vec![(String::new(), ERASED.to_owned()); 2],
            "the names read as erased"
        );
    }
    assert!(!audit(&app, &story).await.contains("Ottoline"));
    settled(&app.pool).await;
    let live = snapshot(&app.pool).await;
    for projection in charter_projections::all() {
        charter_projections::Rebuild::run(&app.pool, projection, 7, |_| {})
            .await
            .expect("rebuild");
    }
    assert_eq!(snapshot(&app.pool).await, live);
    app.stop().await;
}

#[tokio::test]
async fn the_api_document_takes_an_attendee_as_a_name_or_a_person_and_shows_their_ids() {
    let app = spawn_app().await;
    let document: Value = app
        .request(reqwest::Method::GET, "/api/openapi.json", None)
        .send()
        .await
        .expect("the document")
        .json()
        .await
        .expect("JSON");
    let schemas = &document["components"]["schemas"];
    let input = schemas["AttendeeInput"]["oneOf"].to_string();
    assert!(
        input.contains("#/components/schemas/AttendeeName")
            && input.contains("#/components/schemas/PersonRef"),
        "{input}"
    );
    let name = &schemas["AttendeeName"];
    assert_eq!(name["type"], "string", "a name is a string: {name}");
    assert_eq!(name["maxLength"], 200, "{name}");
    assert_eq!(
        schemas["PersonRef"]["required"],
        json!(["person_id"]),
        "{}",
        schemas["PersonRef"]
    );
    let interview = schemas["InterviewEntry"]["properties"]["attendees"].to_string();
    assert!(
        interview.contains("#/components/schemas/AttendeeEntry"),
        "{interview}"
    );
    assert!(schemas["AttendeeEntry"]["properties"]["subject_id"].is_object());
    app.stop().await;
}
