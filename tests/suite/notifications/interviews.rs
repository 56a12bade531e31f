//! An interview's messages carry a calendar invitation that a calendar adds, moves and
//! removes, always under the same UID.

use super::support::{mailing_app, summary, to, wait_for_mail};
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
    assert_eq!(founder.len(), 3, "{}", summary(&mail));
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_person_has_a_private_calendar_feed_of_their_interviews_and_deadlines() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp, 5).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let (applicant, opened) = app.open_application("Porto").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let at = Utc
        .with_ymd_and_hms(2099, 3, 2, 14, 30, 0)
        .single()
        .expect("a time");
    let scheduled = app
        .post(
            &format!("/api/v1/applications/{id}/interviews"),
            &secretariat,
            &json!({"scheduled_for": at, "location": "Video call"}),
        )
        .await;
    assert_eq!(scheduled.status(), 201);
    let mine = app
        .read("/api/v1/notifications/calendar", &applicant, 0)
        .await;
    let url = mine["url"].as_str().expect("a URL").to_owned();
    let path = url
        .trim_start_matches(super::support::PUBLIC_URL)
        .to_owned();
    assert!(path.starts_with("/api/v1/calendar/"), "{url}");

    // Fetched without signing in, once the deadlines read model has the interview.
    let uid = format!("UID:interview-{id}-1@hubs.test");
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    let feed = loop {
        let response = app
            .request(reqwest::Method::GET, &path, None)
            .send()
            .await
            .expect("send");
        assert_eq!(response.status(), 200);
        let feed = response.text().await.expect("text").replace("\r\n ", "");
        if feed.contains(&uid) || tokio::time::Instant::now() > deadline {
            break feed;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(feed.contains(&uid), "{feed}");
    assert_eq!(property(&feed, "METHOD"), ["PUBLISH"]);
    assert!(feed.contains("DTSTART:20990302T143000Z"), "{feed}");

    // Replaced, the old URL is gone.
    let replaced = app
        .post(
            "/api/v1/notifications/calendar/reset",
            &applicant,
            &json!({}),
        )
        .await;
    assert_eq!(replaced.status(), 200);
    let old = app
        .request(reqwest::Method::GET, &path, None)
        .send()
        .await
        .expect("send");
    assert_eq!(old.status(), 404);
    // Another person's feed is their own: the secretariat's holds no interview.
    let theirs = app
        .read("/api/v1/notifications/calendar", &secretariat, 0)
        .await;
    let theirs = theirs["url"].as_str().expect("a URL");
    let feed = app
        .request(
            reqwest::Method::GET,
            theirs.trim_start_matches(super::support::PUBLIC_URL),
            None,
        )
        .send()
        .await
        .expect("send")
        .text()
        .await
        .expect("text");
    assert!(!feed.contains("BEGIN:VEVENT"), "{feed}");
}
