//! An interview's messages carry a calendar invitation that a calendar adds, moves and
//! removes, always under the same UID.

use super::support::{mailing_app, to, wait_for_mail};
use charter_domain::Role;
use charter_tests::SmtpServer;
use chrono::{Duration, TimeZone, Utc};
use serde_json::json;

/// The value of `property` in `ics` (unfolded lines).
fn property<'a>(ics: &'a str, property: &str) -> Vec<&'a str> {
    ics.lines()
        .filter_map(|line| line.strip_prefix(property))
        .filter_map(|rest| rest.strip_prefix(':'))
        .map(str::trim_end)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interview_scheduled_moved_and_cancelled_updates_one_calendar_entry() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp, 5).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let (_, opened) = app.open_application("Porto").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let at = Utc
        .with_ymd_and_hms(2099, 3, 2, 14, 30, 0)
        .single()
        .expect("a time");
    let scheduled = app
        .post(
            &format!("/api/v1/applications/{id}/interviews"),
            &secretariat,
            &json!({"scheduled_for": at, "location": "Rua das Flores 1, Porto; room 2"}),
        )
        .await;
    assert_eq!(scheduled.status(), 201);
    let moved = app
        .post(
            &format!("/api/v1/applications/{id}/interviews/1/reschedule"),
            &secretariat,
            &json!({"scheduled_for": at + Duration::days(7), "location": "Video call"}),
        )
        .await;
    assert_eq!(moved.status(), 200);
    let cancelled = app
        .post(
            &format!("/api/v1/applications/{id}/interviews/1/cancel"),
            &secretariat,
            &json!({"reason": "The founders asked to wait."}),
        )
        .await;
    assert_eq!(cancelled.status(), 200);

    let mail = wait_for_mail(&smtp, 3).await;
    let founder = to(&mail, "ana@porto.example");
    assert_eq!(founder.len(), 3, "{mail:#?}");
    assert_eq!(
        founder[0].subject,
        "Impact Hub Porto: interview on Monday 2 March 2099, 14:30 UTC"
    );
    assert!(founder[0].text.contains("Rua das Flores 1, Porto; room 2"));
    assert_eq!(
        founder[1].subject,
        "Impact Hub Porto: your interview moved to Monday 9 March 2099, 14:30 UTC"
    );
    assert_eq!(
        founder[2].subject,
        "Impact Hub Porto: your interview is cancelled"
    );
    // Unfolded: a long line is folded at 75 octets.
    let calendars: Vec<String> = founder
        .iter()
        .map(|message| {
            assert_eq!(message.calendars.len(), 1, "{message:#?}");
            message.calendars[0].replace("\r\n ", "")
        })
        .collect();
    let uid = format!("interview-{id}-1@hubs.test");
    for (ics, (method, sequence, start)) in calendars.iter().zip([
        ("REQUEST", "0", "20990302T143000Z"),
        ("REQUEST", "1", "20990309T143000Z"),
        ("CANCEL", "2", "20990309T143000Z"),
    ]) {
        assert_eq!(property(ics, "METHOD"), [method], "{ics}");
        assert_eq!(property(ics, "UID"), [uid.as_str()], "{ics}");
        assert_eq!(property(ics, "SEQUENCE"), [sequence], "{ics}");
        assert_eq!(property(ics, "DTSTART"), [start], "{ics}");
        assert!(ics.contains("mailto:ana@porto.example"), "{ics}");
        assert!(ics.contains("ORGANIZER:mailto:charter@hubs.test"), "{ics}");
    }
    assert_eq!(property(&calendars[2], "STATUS"), ["CANCELLED"]);
}
