//! The application read models keep their personal values sealed: the founders' names and
//! addresses and the panelists' names in the summary, the interviews' attendees in the
//! applicant status. The tables hold none of them in the clear, the API shows them opened,
//! and once a person is erased every read shows `[erased]` where they stood.

use crate::api::steps::{assign, grant_eligibility, hold_interview_with, ok, review, submit};
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use serde_json::{json, Value};

const FOUNDER: &str = "Zephyrine Quillfeather";
const FOUNDER_EMAIL: &str = "zephyrine@quill.example";
const OTHER_FOUNDER: &str = "Bartholomew Nightingale";
const OTHER_EMAIL: &str = "bart@tromso.example";
const PANELIST: &str = "Octavia Brightwater";
const OUTSIDER: &str = "Ottoline Marchbanks";
const ERASED: &str = "[erased]";

/// Whether `value` is sealed as the event store seals.
fn sealed(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|text| text.starts_with("sealed:v1:"))
}

/// The personal values of application `id` as its tables hold them: each founder's name
/// and address, each panelist's name, each attendee's name.
async fn raw(app: &TestApp, id: &str) -> Vec<Value> {
    let id = uuid::Uuid::parse_str(id).expect("an id");
    let founders: Value =
        sqlx::query_scalar("SELECT founders FROM application_summaries WHERE application_id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .expect("the summary");
    let panel: Vec<String> =
        sqlx::query_scalar("SELECT name FROM application_panel WHERE application_id = $1")
            .bind(id)
            .fetch_all(&app.pool)
            .await
            .expect("the panel");
    let attendees: Vec<Value> = sqlx::query_scalar(
        "SELECT attendees FROM application_interviews WHERE application_id = $1",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .expect("the interviews");
    let mut values = Vec::new();
    for founder in founders.as_array().expect("founders") {
        values.extend([founder["name"].clone(), founder["email"].clone()]);
    }
    values.extend(panel.into_iter().map(Value::from));
    for list in &attendees {
        values.extend(
            list.as_array()
                .expect("attendees")
                .iter()
                .map(|a| a["name"].clone()),
        );
    }
    values
}

/// What the API shows of the application from `position` on: founders as
/// `(name, email)`, the panel's names, the reviewers' names and the attendees' names.
struct Shown {
    founders: Vec<(String, String)>,
    panel: Vec<String>,
    reviewers: Vec<String>,
    attendees: Vec<String>,
}

async fn shown(app: &TestApp, secretariat: &Caller, id: &str, position: i64) -> Shown {
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    let summary = app
        .read(&format!("/api/v1/applications/{id}"), secretariat, position)
        .await;
    let reviews = app
        .list(
            &format!("/api/v1/applications/{id}/reviews"),
            secretariat,
            position,
        )
        .await;
    let status = app
        .read(
            &format!("/api/v1/applications/{id}/status"),
            secretariat,
            position,
        )
        .await;
    let list = |value: &Value| value.as_array().cloned().unwrap_or_default();
    Shown {
        founders: list(&summary["founders"])
            .iter()
            .map(|f| (text(&f["name"]), text(&f["email"])))
            .collect(),
        panel: list(&summary["panel"])
            .iter()
            .map(|p| text(&p["name"]))
            .collect(),
        reviewers: list(&reviews)
            .iter()
            .map(|r| text(&r["panelist"]["name"]))
            .collect(),
        attendees: list(&status["interviews"][0]["attendees"])
            .iter()
            .map(|a| text(&a["name"]))
            .collect(),
    }
}

/// Erases `subject`, as the secretariat does; the position of the erasure.
async fn erase(app: &TestApp, secretariat: &Caller, subject: &str) -> i64 {
    crate::api::erasure::erase(app, secretariat, subject.parse().expect("a person id")).await
        ["position"]
        .as_i64()
        .expect("position")
}

#[tokio::test]
async fn founders_panelists_and_attendees_are_sealed_in_the_tables_opened_in_reads_and_erasable() {
    let app = spawn_app().await;
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
                                 {"name": OTHER_FOUNDER, "email": OTHER_EMAIL}]}),
        )
        .await,
        201,
        "open",
    )
    .await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let first_founder = opened["events"][0]["data"]["founders"][0]["person_id"]
        .as_str()
        .expect("the founder's id")
        .to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    submit(&app, &founder, "preliminary_report", "first draft").await;
    let panelist = app.caller(Role::Panelist, PANELIST).await;
    assign(&app, &secretariat, &id, &panelist).await;
    review(&app, &panelist, &id, "preliminary_report", 1, "advance").await;
    let recorded = hold_interview_with(
        &app,
        &secretariat,
        &id,
        "Everyone came.",
        json!([FOUNDER, OTHER_FOUNDER, OUTSIDER]),
    )
    .await;
    let position = recorded["position"].as_i64().expect("position");

    // The reads show every value opened.
    let before = shown(&app, &secretariat, &id, position).await;
    assert_eq!(
        before.founders,
        [
            (FOUNDER.to_owned(), FOUNDER_EMAIL.to_owned()),
            (OTHER_FOUNDER.to_owned(), OTHER_EMAIL.to_owned())
        ]
    );
    assert_eq!(before.panel, [PANELIST]);
    assert_eq!(before.reviewers, [PANELIST]);
    assert_eq!(before.attendees, [FOUNDER, OTHER_FOUNDER, OUTSIDER]);

    // The tables hold each of them sealed, and nothing of them in the clear.
    let values = raw(&app, &id).await;
    assert_eq!(values.len(), 4 + 1 + 3, "{values:?}");
    assert!(values.iter().all(sealed), "{values:?}");
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT t::text FROM application_summaries t
         UNION ALL SELECT t::text FROM application_panel t
         UNION ALL SELECT t::text FROM application_interviews t",
    )
    .fetch_all(&app.pool)
    .await
    .expect("rows");
    for plain in [
        "Zephyrine",
        "quill.example",
        "Bartholomew",
        "Octavia",
        "Ottoline",
    ] {
        assert!(rows.iter().all(|row| !row.contains(plain)), "{plain}");
    }

    // Erasing the first founder and the panelist: where they stood reads as erased, and
    // everyone else is untouched.
    erase(&app, &secretariat, &first_founder).await;
    let position = erase(&app, &secretariat, &panelist.person.0.to_string()).await;
    let after = shown(&app, &secretariat, &id, position).await;
    assert_eq!(
        after.founders,
        [
            (ERASED.to_owned(), ERASED.to_owned()),
            (OTHER_FOUNDER.to_owned(), OTHER_EMAIL.to_owned())
        ]
    );
    assert_eq!(after.panel, [ERASED]);
    assert_eq!(after.reviewers, [ERASED]);
    assert_eq!(after.attendees, [ERASED, OTHER_FOUNDER, OUTSIDER]);
    assert!(
        raw(&app, &id)
            .await
            .iter()
            .all(|value| sealed(value) || value == ERASED),
        "nothing of anyone is in the clear"
    );
    app.stop().await;
}
