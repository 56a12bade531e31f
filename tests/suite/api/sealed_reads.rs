//! The timeline, the vote register and the notifier keep names and reasons sealed under
//! the key of whom they are about: the tables hold no name in the clear, every read opens
//! them, and once a person is erased they read as "[erased]" with no row rewritten.

use super::steps::{committee, grant_eligibility, hold_interview_with, ok, open_vote};
use crate::notifications::support::{mailing_app, wait_for_invitations};
use crate::projections::rebuild::{settled, snapshot};
use charter_domain::personal::ERASED;
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, SmtpServer, TestApp};
use serde_json::{json, Value};
use sqlx::PgPool;
use uuid::Uuid;

const SECRETARY: &str = "Sam Secretariat";
const FOUNDER: &str = "Zephyrine Quillfeather";
const FOUNDER_EMAIL: &str = "zephyrine@quill.example";
const MEMBER: &str = "Leopold Featherstonehaugh";
const RECUSAL: &str = "Leopold lends them his office";

fn sealed(value: &str) -> bool {
    value.starts_with("sealed:v1:")
}

/// One column of `sql`'s rows, each as text (absent as empty).
async fn column(pool: &PgPool, sql: &str, id: Uuid) -> Vec<String> {
    let values: Vec<Option<String>> = sqlx::query_scalar(sql)
        .bind(id)
        .fetch_all(pool)
        .await
        .expect("the column");
    values.into_iter().map(Option::unwrap_or_default).collect()
}

/// Every row of `tables` as text, in one string.
async fn rows_of(pool: &PgPool, tables: &[&str]) -> String {
    let mut all = String::new();
    for table in tables {
        let rows: Option<String> = sqlx::query_scalar(&format!(
            "SELECT string_agg(t::text, E'\\n') FROM {table} t"
        ))
        .fetch_one(pool)
        .await
        .expect("rows");
        all.push_str(&rows.unwrap_or_default());
    }
    all
}

/// Erases `subject`, as the secretariat does; the position of the erasure.
async fn erase(app: &TestApp, secretariat: &Caller, subject: Uuid) -> i64 {
    crate::api::erasure::erase(app, secretariat, subject).await["position"]
        .as_i64()
        .expect("position")
}

/// The actor names of the timeline's milestones by event type, and who attended the
/// interview.
fn timeline_names(timeline: &Value) -> (Vec<(String, String)>, Vec<String>) {
    let entries = timeline.as_array().expect("milestones");
    let actors = entries
        .iter()
        .map(|entry| {
            let kind = entry["event_type"].as_str().unwrap_or_default().to_owned();
            (
                kind,
                entry["actor_name"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let attended = entries
        .iter()
        .filter(|entry| entry["event_type"] == "InterviewRecorded")
        .flat_map(|entry| entry["details"]["attended_by"].as_array().cloned())
        .flatten()
        .map(|attendee| attendee["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    (actors, attended)
}

fn actor_of<'a>(actors: &'a [(String, String)], kind: &str) -> &'a str {
    actors
        .iter()
        .find(|(event, _)| event == kind)
        .map(|(_, name)| name.as_str())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_timeline_and_the_register_keep_names_sealed_and_show_them_until_erased() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, SECRETARY).await;
    let founder = app
        .issue_with_email(Role::Applicant, FOUNDER, Some(FOUNDER_EMAIL))
        .await;
    let opened = ok(
        app.post(
            "/api/v1/applications",
            &founder,
            &json!({"city": "Tromsø", "country": "NO", "hub_name": "Impact Hub Tromsø",
                    "founders": [{"name": FOUNDER, "email": FOUNDER_EMAIL}]}),
        )
        .await,
        201,
        "open",
    )
    .await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    hold_interview_with(&app, &secretariat, &id, "Notes.", json!([FOUNDER])).await;
    let members = committee(&app).await;
    let member = app.caller(Role::Committee, MEMBER).await;
    let vote = open_vote(
        &app,
        &secretariat,
        json!({"application_id": id, "motion": {"kind": "reject", "grounds": "No lease."}}),
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
    let position = recused["position"].as_i64().expect("position");
    settled(&app.pool).await;

    // At rest: sealed, and no name in the clear in any row.
    let actors = column(
        &app.pool,
        "SELECT actor_name FROM application_timeline WHERE actor_id = $1",
        secretariat.person.0,
    )
    .await;
    assert!(
        !actors.is_empty() && actors.iter().all(|name| sealed(name)),
        "{actors:?}"
    );
    let attended = column(
        &app.pool,
        "SELECT a ->> 'name' FROM application_timeline,
                jsonb_array_elements(details -> 'attended_by') a
         WHERE event_type = 'InterviewRecorded' AND a ->> 'subject_id' = $1::text",
        founder.person.0,
    )
    .await;
    assert!(attended.len() == 1 && sealed(&attended[0]), "{attended:?}");
    let member_row = column(
        &app.pool,
        "SELECT unnest(ARRAY[name, recusal_reason]) FROM vote_members WHERE person_id = $1",
        member.person.0,
    )
    .await;
    assert!(
        member_row.len() == 2 && member_row.iter().all(|v| sealed(v)),
        "{member_row:?}"
    );
    let stored = rows_of(&app.pool, &["application_timeline", "vote_members"]).await;
    for name in ["Sam Secretariat", "Zephyrine", "Leopold", "Carla Committee"] {
        assert!(!stored.contains(name), "{name} in the clear: {stored}");
    }

    // Read: opened, the electorate and who has not voted in order by name.
    let timeline_path = format!("/api/v1/applications/{id}/timeline");
    let timeline = app.list(&timeline_path, &secretariat, position).await;
    let (actors, attended) = timeline_names(&timeline);
    assert_eq!(actor_of(&actors, "ApplicationOpened"), FOUNDER);
    assert_eq!(actor_of(&actors, "EligibilityGranted"), SECRETARY);
    assert_eq!(attended, [FOUNDER]);
    let register = app
        .read(&format!("/api/v1/votes/{vote}"), &members[0], position)
        .await;
    let electorate: Vec<(&str, &str)> = register["electorate"]
        .as_array()
        .expect("electorate")
        .iter()
        .map(|m| {
            let name = m["name"].as_str().unwrap_or_default();
            (name, m["recusal_reason"].as_str().unwrap_or_default())
        })
        .collect();
    assert_eq!(
        electorate,
        [
            ("Carla Committee", ""),
            ("Dmitri Committee", ""),
            ("Eun-ji Committee", ""),
            (MEMBER, RECUSAL),
        ]
    );
    let board = app.read("/api/v1/dashboard", &members[0], position).await;
    let not_voted: Vec<&str> = board["open_votes"][0]["not_voted"]
        .as_array()
        .expect("who has not voted")
        .iter()
        .filter_map(|m| m["name"].as_str())
        .collect();
    assert_eq!(
        not_voted,
        ["Carla Committee", "Dmitri Committee", "Eun-ji Committee"]
    );

    // Erased: their values read as erased, everyone else's as they were.
    erase(&app, &secretariat, founder.person.0).await;
    let position = erase(&app, &secretariat, member.person.0).await;
    let timeline = app.list(&timeline_path, &secretariat, position).await;
    let (actors, attended) = timeline_names(&timeline);
    assert_eq!(actor_of(&actors, "ApplicationOpened"), ERASED);
    assert_eq!(actor_of(&actors, "EligibilityGranted"), SECRETARY);
    assert_eq!(attended, [ERASED]);
    let register = app
        .read(&format!("/api/v1/votes/{vote}"), &members[0], position)
        .await;
    let erased = register["electorate"]
        .as_array()
        .expect("electorate")
        .iter()
        .find(|m| m["person_id"] == member.person.0.to_string())
        .expect("the erased member");
    assert_eq!(
        (&erased["name"], &erased["recusal_reason"]),
        (&json!(ERASED), &json!(ERASED))
    );

    // A rebuild from the first event gives the same rows, once opened.
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

/// Waits until the notifier has read every event.
async fn notified(pool: &PgPool) {
    for _ in 0..500 {
        let (behind, _) = charter_projections::lag(pool, charter_notifications::notifier::NAME)
            .await
            .expect("lag");
        if behind == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the notifier did not catch up");
}

/// The notifier's row of `person`, as stored and as opened.
async fn notice_person(pool: &PgPool, person: Uuid) -> [(String, Option<String>); 2] {
    let stored: (String, Option<String>) =
        sqlx::query_as("SELECT name, email FROM notice_people WHERE person_id = $1")
            .bind(person)
            .fetch_one(pool)
            .await
            .expect("the notifier's row");
    let mut opened = stored.clone();
    charter_store::opening::open_texts(pool, std::iter::once(&mut opened.0).chain(&mut opened.1))
        .await
        .expect("open");
    [stored, opened]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_notifier_keeps_names_and_addresses_sealed_and_still_writes_to_them() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp, 5).await;
    let secretariat = app.caller(Role::Secretariat, SECRETARY).await;
    let registered = ok(
        app.post(
            "/api/v1/people",
            &secretariat,
            &json!({"name": "Ines Moreau", "email": "ines@hubs.test"}),
        )
        .await,
        201,
        "register",
    )
    .await;
    let ines: Uuid = registered["person_id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .expect("her id");
    let (_, opened) = app.open_application("Lisbon").await;
    let founder: Uuid = opened["events"][0]["data"]["founders"][0]["person_id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .expect("the founder's id");

    // The invitation is written to her by name, from the sealed row.
    let mail = wait_for_invitations(&smtp, 1).await;
    assert!(
        mail[0].text.starts_with("Hello Ines Moreau,"),
        "{}",
        mail[0].text
    );
    notified(&app.pool).await;
    for (person, name, address) in [
        (ines, "Ines Moreau", "ines@hubs.test"),
        (founder, "Ana Sousa", "ana@lisbon.example"),
    ] {
        let [stored, opened] = notice_person(&app.pool, person).await;
        assert!(sealed(&stored.0), "{stored:?}");
        assert!(stored.1.as_deref().is_some_and(sealed), "{stored:?}");
        assert_eq!(opened, (name.to_owned(), Some(address.to_owned())));
    }
    let stored = rows_of(&app.pool, &["notice_people"]).await;
    assert!(
        !stored.contains("Ines") && !stored.contains("@"),
        "{stored}"
    );

    // Her row as a version before sealing kept it: the upkeep seals it where it stands.
    sqlx::query("UPDATE notice_people SET name = $2, email = $3 WHERE person_id = $1")
        .bind(ines)
        .bind("Ines Moreau")
        .bind("ines@hubs.test")
        .execute(&app.pool)
        .await
        .expect("an old row");
    let resealed = charter_notifications::notifier::upgrade::seal_kept_in_clear(&app.pool)
        .await
        .expect("sealed");
    assert_eq!(resealed, 1);
    let [stored, opened] = notice_person(&app.pool, ines).await;
    assert!(sealed(&stored.0), "{stored:?}");
    assert_eq!(
        opened,
        ("Ines Moreau".to_owned(), Some("ines@hubs.test".to_owned()))
    );

    erase(&app, &secretariat, ines).await;
    notified(&app.pool).await;
    let [_, opened] = notice_person(&app.pool, ines).await;
    assert_eq!(opened, (ERASED.to_owned(), None));
    app.stop().await;
}
