//! Erasing a person's personal data on request: nothing readable remains anywhere, while
//! the audit's hash chains still verify and everyone else's data is untouched.

use super::steps::{assign, committee, grant_eligibility, hold_interview_with, ok, open_vote};
use crate::projections::rebuild::{settled, snapshot};
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use serde_json::{json, Value};

/// What the erased people are called, wrote or were told: none may be readable after.
pub(crate) const FOUNDER: &str = "Zephyrine Quillfeather";
pub(crate) const FOUNDER_EMAIL: &str = "zephyrine@quill.example";
pub(crate) const PANELIST: &str = "Octavia Brightwater";
pub(crate) const CONFLICT: &str = "Octavia coached this team";
pub(crate) const MEMBER: &str = "Leopold Featherstonehaugh";
pub(crate) const RECUSAL: &str = "Leopold lends them his office";
pub(crate) const NOTES: &str = "Zephyrine answered every lease question";
/// A founder who is not erased.
pub(crate) const OTHER_FOUNDER: &str = "Bartholomew Nightingale";

pub(crate) const ERASED_TEXTS: [&str; 8] = [
    "Zephyrine",
    "Quillfeather",
    "zephyrine@quill",
    "Octavia",
    "Brightwater",
    "Leopold",
    "Featherstonehaugh",
    "lease question",
];

/// Every table of the database, every row as text, in one string.
async fn everything(app: &TestApp) -> String {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(&app.pool)
    .await
    .expect("tables");
    let mut all = String::new();
    for table in tables {
        let rows: Option<String> = sqlx::query_scalar(&format!(
            "SELECT string_agg(t::text, E'\\n') FROM public.{table} t"
        ))
        .fetch_one(&app.pool)
        .await
        .expect("rows");
        all.push_str(&format!("== {table}\n{}\n", rows.unwrap_or_default()));
    }
    all
}

fn readable<'a>(text: &str, needles: &[&'a str]) -> Vec<&'a str> {
    needles
        .iter()
        .copied()
        .filter(|n| text.contains(n))
        .collect()
}

async fn text(app: &TestApp, path: &str, caller: &Caller) -> String {
    let response = app.get(path, caller).await;
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.expect("body")
}

/// An application whose founder, panelist and a committee member will be erased.
pub(crate) struct Story {
    pub(crate) id: String,
    pub(crate) founder: Caller,
    pub(crate) panelist: Caller,
    pub(crate) member: Caller,
    pub(crate) secretariat: Caller,
    pub(crate) position: i64,
}

pub(crate) async fn story(app: &TestApp) -> Story {
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    // The founder registers with the address they then name themselves under, so that
    // one erasure covers them on the roster and among the founders.
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
    grant_eligibility(app, &secretariat, &id).await;
    let panelist = app.caller(Role::Panelist, PANELIST).await;
    assign(app, &secretariat, &id, &panelist).await;
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/conflicts"),
            &panelist,
            &json!({"reason": CONFLICT}),
        )
        .await,
        201,
        "declare a conflict",
    )
    .await;
    hold_interview_with(
        app,
        &secretariat,
        &id,
        NOTES,
        json!([FOUNDER, OTHER_FOUNDER]),
    )
    .await;
    let mut members = committee(app).await;
    let member = app.caller(Role::Committee, MEMBER).await;
    members.push(member.clone());
    let vote = open_vote(
        app,
        &secretariat,
        json!({"application_id": id, "motion": {"kind": "reject", "grounds": "No lease signed."}}),
    )
    .await;
    let recused = ok(
        app.post(
            &format!("/api/v1/votes/{vote}/recusals"),
            &member,
            &json!({"reason": RECUSAL}),
        )
        .await,
        201,
        "recuse",
    )
    .await;
    Story {
        id,
        founder,
        panelist,
        member,
        secretariat,
        position: recused["position"].as_i64().expect("position"),
    }
}

pub(crate) async fn erase(app: &TestApp, secretariat: &Caller, subject: uuid::Uuid) -> Value {
    ok(
        app.post(
            &format!("/api/v1/people/{subject}/erasure"),
            secretariat,
            &json!({}),
        )
        .await,
        200,
        "erase",
    )
    .await
}

#[tokio::test]
async fn personal_data_is_sealed_at_rest_and_readable_until_erased() {
    let app = spawn_app().await;
    let story = story(&app).await;
    let summary = app
        .read(
            &format!("/api/v1/applications/{}", story.id),
            &story.secretariat,
            story.position,
        )
        .await;
    let summary = summary.to_string();
    assert!(
        summary.contains(FOUNDER) && summary.contains(PANELIST),
        "{summary}"
    );
    let people = text(&app, "/api/v1/people", &story.secretariat).await;
    assert!(people.contains(MEMBER) && people.contains(FOUNDER_EMAIL));

    // The event store itself holds none of it in the clear.
    let events: Vec<String> =
        sqlx::query_scalar("SELECT payload::text || metadata::text FROM events")
            .fetch_all(&app.pool)
            .await
            .expect("events");
    let events = events.join("\n");
    assert_eq!(readable(&events, &ERASED_TEXTS), Vec::<&str>::new());
    assert!(!events.contains(OTHER_FOUNDER));
    app.stop().await;
}

#[tokio::test]
async fn an_erased_person_is_unreadable_everywhere_while_the_audit_still_verifies() {
    let app = spawn_app().await;
    let story = story(&app).await;
    settled(&app.pool).await;
    let audit = format!("/api/v1/applications/{}/audit", story.id);
    assert_eq!(
        readable(&text(&app, &audit, &story.secretariat).await, &ERASED_TEXTS).len(),
        ERASED_TEXTS.len(),
        "before erasure, the audit log shows everything"
    );

    let mut position = 0;
    for subject in [
        story.founder.person.0,
        story.panelist.person.0,
        story.member.person.0,
    ] {
        let erased = erase(&app, &story.secretariat, subject).await;
        assert_eq!(erased["subject"], subject.to_string());
        position = erased["position"].as_i64().expect("position");
    }
    app.list("/api/v1/people", &story.secretariat, position)
        .await;
    settled(&app.pool).await;

    // Nothing readable remains in any table: events, read models, tokens, stored answers.
    let all = everything(&app).await;
    assert_eq!(readable(&all, &ERASED_TEXTS), Vec::<&str>::new());
    // Nor in what the API shows or exports.
    let member = committee(&app).await.remove(0);
    // The new member's seat is checked against the roster read model: wait for it.
    settled(&app.pool).await;
    for (path, caller) in [
        (audit.as_str(), &story.secretariat),
        (
            &format!("/api/v1/applications/{}", story.id),
            &story.secretariat,
        ),
        (
            &format!("/api/v1/applications/{}/timeline", story.id),
            &story.secretariat,
        ),
        ("/api/v1/people", &story.secretariat),
        ("/api/v1/votes", &member),
        ("/api/v1/exports/votes.csv", &member),
        ("/api/v1/exports/pipeline.csv", &story.secretariat),
    ] {
        let shown = text(&app, path, caller).await;
        assert_eq!(
            readable(&shown, &ERASED_TEXTS),
            Vec::<&str>::new(),
            "{path}"
        );
    }
    // Everyone else is untouched, and the places the erased stood now say so.
    let summary = app
        .read(
            &format!("/api/v1/applications/{}", story.id),
            &story.secretariat,
            position,
        )
        .await;
    let founders = summary["founders"].as_array().expect("founders");
    assert_eq!(founders[0]["name"], "[erased]");
    assert_eq!(founders[1]["name"], OTHER_FOUNDER);
    assert_eq!(summary["panel"][0]["name"], "[erased]", "{summary}");

    // The record is still whole: every hash chain verifies.
    let verified = ok(
        app.get("/api/v1/audit/verify", &story.secretariat).await,
        200,
        "verify",
    )
    .await;
    assert_eq!(verified["intact"], true, "{verified}");

    // The erased founder's token no longer opens anything.
    let refused = app
        .get(
            &format!("/api/v1/applications/{}", story.id),
            &story.founder,
        )
        .await;
    assert_eq!(refused.status(), 401);

    // A rebuild from the first event gives exactly the scrubbed rows (in batches of 7, so
    // that its read-ahead opens the personal data).
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
async fn an_erasure_is_for_the_secretariat_once_and_for_someone_known() {
    let app = spawn_app().await;
    let story = story(&app).await;
    let subject = story.panelist.person.0;
    let events = app.event_count().await;
    for caller in [&story.member, &story.panelist, &story.founder] {
        let refused = app
            .post(
                &format!("/api/v1/people/{subject}/erasure"),
                caller,
                &json!({}),
            )
            .await;
        assert_eq!(refused.status(), 403, "{:?}", caller.role);
    }
    let unknown = app
        .post(
            &format!("/api/v1/people/{}/erasure", uuid::Uuid::now_v7()),
            &story.secretariat,
            &json!({}),
        )
        .await;
    assert_eq!(unknown.status(), 404);
    let malformed = app
        .post(
            &format!("/api/v1/people/{subject}/erasure"),
            &story.secretariat,
            &json!({"why": 1}),
        )
        .await;
    assert_eq!(malformed.status(), 422);
    assert_eq!(app.event_count().await, events, "refusals write nothing");
    let key: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT wrapped FROM personal_data_keys WHERE subject_id = $1")
            .bind(subject)
            .fetch_one(&app.pool)
            .await
            .expect("key");
    assert!(key.is_some(), "refusals destroy no key");

    erase(&app, &story.secretariat, subject).await;
    let again = app
        .post(
            &format!("/api/v1/people/{subject}/erasure"),
            &story.secretariat,
            &json!({}),
        )
        .await;
    assert_eq!(again.status(), 409);
    let problem: Value = again.json().await.expect("problem");
    assert_eq!(problem["type"], "urn:charter:problem:already-erased");
    app.stop().await;
}

#[tokio::test]
async fn an_erasure_made_by_another_process_empties_this_instances_write_side_at_once() {
    let app = spawn_app().await;
    // The listener is connected once the token cache serves.
    app.token_cache_serving(None).await;
    let (founder, _) = app.open_application("Lisbon").await;
    let subject = founder.person.0;
    let application = TestApp::id_of(&founder).to_string();
    assert!(
        app.state.applications.holds_key(subject),
        "the command sealed the founder's name under a key it keeps"
    );
    assert!(app.state.applications.holds_state(&application));

    // Another instance's erasure destroys the key; this one hears of it by notification,
    // not a minute later when the key would expire.
    let destroyed = charter_store::personal_data::destroy_key(&app.pool, subject)
        .await
        .expect("destroy the key");
    assert_eq!(destroyed, charter_store::personal_data::Destroyed::Now);
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while app.state.applications.holds_key(subject)
        || app.state.applications.holds_state(&application)
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the write side still keeps the destroyed key, or a state opened with it"
        );
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    app.stop().await;
}
