//! The invitations and the feed read back: by the `icalendar` parser, and line by line
//! against RFC 5545's own rules (so that the builder's writing is not only checked by the
//! same crate's reading).
#![allow(clippy::expect_used, clippy::unwrap_used)]

use super::*;
use crate::mail::CalendarMethod;
use chrono::TimeZone;
use icalendar::{Calendar, Component, DatePerhapsTime, EventLike, EventStatus};

const HOST: &str = "charter.example";
const LOCATION: &str = "Rua do Almada 10, 2º; sala \"B\"\nPorto";
const DESCRIPTION: &str = "Bring the lease, the budget; and the plan.\r\nAsk for Ana, at the desk.";

fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2099, 3, day, hour, minute, 0)
        .single()
        .expect("a valid time")
}

fn application() -> Uuid {
    Uuid::from_u128(0x0192_5f0e_aaaa_7bbb_8ccc_1234_5678_9abc)
}

/// Interview 1, as first scheduled (sequence 0).
fn interview() -> CalendarEntry {
    CalendarEntry {
        uid: interview_uid(application(), 1, HOST),
        sequence: interview_sequence(0, false),
        stamp: at(1, 9, 0),
        start: at(10, 10, 0),
        end: Some(at(10, 11, 0)),
        summary: "Interview with the Charter secretariat, Impact Hub Porto".to_owned(),
        description: DESCRIPTION.to_owned(),
        location: Some(LOCATION.to_owned()),
        url: Some("https://charter.example/applications/1".to_owned()),
        cancelled: false,
    }
}

fn attendees() -> Vec<(String, String)> {
    vec![
        ("Ana Sousa".to_owned(), "ana@porto.example".to_owned()),
        ("Sousa, \"Rui\"".to_owned(), "rui@porto.example".to_owned()),
    ]
}

fn invite(entry: &CalendarEntry, method: CalendarMethod) -> String {
    invitation(entry, method, "secretariat@charter.example", &attendees())
}

fn parse(ics: &str) -> Calendar {
    ics.parse().unwrap_or_else(|e| panic!("{e}\n{ics}"))
}

/// The one event of an invitation.
fn only_event(calendar: &Calendar) -> &icalendar::Event {
    let events: Vec<_> = calendar.events().collect();
    assert_eq!(events.len(), 1, "{calendar}");
    events[0]
}

fn utc(time: Option<DatePerhapsTime>) -> DateTime<Utc> {
    match time {
        Some(DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(time))) => time,
        other => panic!("not a UTC time: {other:?}"),
    }
}

/// The content lines with their folds undone (RFC 5545, section 3.1).
fn unfolded(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("\r\n")
        .map(str::to_owned)
        .collect()
}

fn line<'a>(lines: &'a [String], name: &str) -> &'a str {
    lines
        .iter()
        .find(|line| line.starts_with(name))
        .unwrap_or_else(|| panic!("no {name} in {lines:?}"))
}

#[test]
fn a_request_and_its_cancellation_name_the_same_event() {
    let request = invite(&interview(), CalendarMethod::Request);
    let cancelled = CalendarEntry {
        sequence: interview_sequence(0, true),
        stamp: at(2, 9, 0),
        ..interview()
    };
    let cancel = invite(&cancelled, CalendarMethod::Cancel);

    let (request, cancel) = (parse(&request), parse(&cancel));
    assert_eq!(request.property_value("METHOD"), Some("REQUEST"));
    assert_eq!(cancel.property_value("METHOD"), Some("CANCEL"));
    let (asked, called_off) = (only_event(&request), only_event(&cancel));
    assert_eq!(
        asked.get_uid(),
        Some("interview-01925f0e-aaaa-7bbb-8ccc-123456789abc-1@charter.example")
    );
    assert_eq!(called_off.get_uid(), asked.get_uid());
    assert_eq!(asked.get_sequence(), Some(0));
    assert_eq!(called_off.get_sequence(), Some(1));
    assert_eq!(asked.get_status(), Some(EventStatus::Confirmed));
    assert_eq!(called_off.get_status(), Some(EventStatus::Cancelled));
    assert_eq!(utc(called_off.get_timestamp().map(Into::into)), at(2, 9, 0));
}

#[test]
fn a_move_is_a_request_with_a_higher_sequence_and_the_new_time() {
    let moved = CalendarEntry {
        sequence: interview_sequence(1, false),
        stamp: at(3, 9, 0),
        start: at(12, 14, 30),
        end: Some(at(12, 15, 30)),
        location: Some("Video call".to_owned()),
        ..interview()
    };
    let calendar = parse(&invite(&moved, CalendarMethod::Request));
    let event = only_event(&calendar);
    assert_eq!(event.get_uid(), Some(interview().uid.as_str()));
    assert_eq!(event.get_sequence(), Some(1));
    assert_eq!(utc(event.get_start()), at(12, 14, 30));
    assert_eq!(utc(event.get_end()), at(12, 15, 30));
    assert_eq!(event.get_location(), Some("Video call"));
}

#[test]
fn an_invitation_has_every_property_a_mail_client_needs() {
    let ics = invite(&interview(), CalendarMethod::Request);
    let lines = unfolded(&ics);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(line(&lines, "VERSION"), "VERSION:2.0");
    assert_eq!(
        line(&lines, "PRODID"),
        "PRODID:-//Charter//Charter notifications//EN"
    );
    assert_eq!(line(&lines, "METHOD"), "METHOD:REQUEST");
    // Times in UTC, with the Z: no time zone definitions are needed.
    assert_eq!(line(&lines, "DTSTART"), "DTSTART:20990310T100000Z");
    assert_eq!(line(&lines, "DTEND"), "DTEND:20990310T110000Z");
    assert_eq!(line(&lines, "DTSTAMP"), "DTSTAMP:20990301T090000Z");
    assert_eq!(line(&lines, "SEQUENCE"), "SEQUENCE:0");
    assert_eq!(line(&lines, "STATUS"), "STATUS:CONFIRMED");
    assert_eq!(
        line(&lines, "ORGANIZER"),
        "ORGANIZER:mailto:secretariat@charter.example"
    );
    let attendees: Vec<&String> = lines.iter().filter(|l| l.starts_with("ATTENDEE")).collect();
    assert_eq!(attendees.len(), 2, "{ics}");
    for attendee in &attendees {
        for parameter in [";ROLE=REQ-PARTICIPANT", ";RSVP=FALSE"] {
            assert!(attendee.contains(parameter), "{attendee}");
        }
    }
    assert!(attendees[0].contains(";CN=Ana Sousa"), "{}", attendees[0]);
    assert!(
        attendees[0].ends_with(":mailto:ana@porto.example"),
        "{}",
        attendees[0]
    );
    // A comma in a name is quoted, and a double quote, which would end the quoting, is not
    // kept as one.
    assert!(
        attendees[1].contains(";CN=\"Sousa, 'Rui'\""),
        "{}",
        attendees[1]
    );

    let calendar = parse(&ics);
    let names: Vec<Option<String>> = only_event(&calendar)
        .get_attendees()
        .into_iter()
        .map(|attendee| attendee.cn)
        .collect();
    assert_eq!(
        names,
        [
            Some("Ana Sousa".to_owned()),
            Some("Sousa, 'Rui'".to_owned())
        ]
    );
}

#[test]
fn commas_semicolons_and_line_breaks_are_escaped_and_read_back() {
    let ics = invite(&interview(), CalendarMethod::Request);
    let lines = unfolded(&ics);
    assert_eq!(
        line(&lines, "LOCATION"),
        "LOCATION:Rua do Almada 10\\, 2º\\; sala \"B\"\\nPorto"
    );
    assert_eq!(
        line(&lines, "DESCRIPTION"),
        "DESCRIPTION:Bring the lease\\, the budget\\; and the plan.\\nAsk for Ana\\, at the desk."
    );
    let calendar = parse(&ics);
    let event = only_event(&calendar);
    assert_eq!(event.get_location(), Some(LOCATION));
    // A CRLF in the text is one line break.
    assert_eq!(
        event.get_description(),
        Some(DESCRIPTION.replace("\r\n", "\n").as_str())
    );
}

#[test]
fn long_lines_are_folded_at_75_octets_without_splitting_a_character() {
    let long = CalendarEntry {
        description: "Três fundadores, uma cidade; ".repeat(20),
        summary: "Entrevista com o secretariado — ".repeat(5),
        ..interview()
    };
    let ics = invite(&long, CalendarMethod::Request);
    assert!(ics.ends_with("END:VCALENDAR\r\n"), "{ics}");
    let raw: Vec<&str> = ics.trim_end_matches("\r\n").split("\r\n").collect();
    assert!(
        raw.iter().any(|line| line.starts_with(' ')),
        "something was folded"
    );
    for line in &raw {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
    }
    let calendar = parse(&ics);
    let event = only_event(&calendar);
    assert_eq!(event.get_description(), Some(long.description.as_str()));
    assert_eq!(event.get_summary(), Some(long.summary.as_str()));
}

#[test]
fn the_feed_publishes_every_entry_and_shows_moments_briefly_and_transparently() {
    let deadline = CalendarEntry {
        uid: deadline_uid(application(), 1, HOST),
        sequence: 0,
        stamp: at(1, 9, 0),
        start: at(20, 17, 0),
        end: None,
        summary: "Revised business plan due".to_owned(),
        description: "The secretariat asked for a revised business plan.".to_owned(),
        location: None,
        url: None,
        cancelled: false,
    };
    let closing = CalendarEntry {
        uid: vote_closing_uid(Uuid::from_u128(7), HOST),
        summary: "Vote closes: Impact Hub Porto, candidacy".to_owned(),
        start: at(25, 12, 0),
        ..deadline.clone()
    };
    let cancelled = CalendarEntry {
        cancelled: true,
        sequence: 1,
        ..interview()
    };
    let ics = feed("Charter: Ana Sousa", &[cancelled, deadline, closing]);

    let calendar = parse(&ics);
    assert_eq!(calendar.property_value("METHOD"), Some("PUBLISH"));
    assert_eq!(
        calendar.property_value("X-WR-CALNAME"),
        Some("Charter: Ana Sousa")
    );
    assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    assert_eq!(events.len(), 3, "{ics}");
    let uids: Vec<Option<&str>> = events.iter().map(|event| event.get_uid()).collect();
    assert_eq!(
        uids,
        [
            Some("interview-01925f0e-aaaa-7bbb-8ccc-123456789abc-1@charter.example"),
            Some("deadline-01925f0e-aaaa-7bbb-8ccc-123456789abc-1@charter.example"),
            Some("vote-00000000-0000-0000-0000-000000000007@charter.example"),
        ]
    );
    assert_eq!(events[0].get_status(), Some(EventStatus::Cancelled));
    assert_eq!(events[1].get_status(), Some(EventStatus::Confirmed));
    // A moment starts when it falls due and is drawn for a quarter of an hour, taking no
    // time from the person's availability.
    assert_eq!(utc(events[1].get_start()), at(20, 17, 0));
    assert_eq!(utc(events[1].get_end()), at(20, 17, 15));
    assert_eq!(events[1].property_value("TRANSP"), Some("TRANSPARENT"));
    assert_eq!(
        events[0].property_value("TRANSP"),
        None,
        "an interview takes the time"
    );
    // A feed is published, not sent: nobody is invited.
    assert!(
        !ics.contains("ATTENDEE") && !ics.contains("ORGANIZER"),
        "{ics}"
    );
}

#[test]
fn an_empty_feed_is_still_a_calendar() {
    let calendar = parse(&feed("Charter", &[]));
    assert_eq!(calendar.events().count(), 0);
    assert_eq!(
        calendar.property_value("PRODID"),
        Some("-//Charter//Charter notifications//EN")
    );
}

#[test]
fn the_same_entry_is_written_the_same_way_every_time() {
    // A retried mail carries the same calendar: nothing in it depends on the clock.
    let first = invite(&interview(), CalendarMethod::Request);
    let again = invite(&interview(), CalendarMethod::Request);
    assert_eq!(first, again);
}

#[test]
fn each_move_and_the_cancellation_raise_the_sequence() {
    assert_eq!(interview_sequence(0, false), 0);
    assert_eq!(interview_sequence(2, false), 2);
    assert_eq!(interview_sequence(2, true), 3);
}
