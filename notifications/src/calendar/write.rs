//! Writing calendars with the `icalendar` builder, which escapes TEXT values (backslashes,
//! commas, semicolons, line breaks), quotes parameter values that need it and folds lines
//! at 75 octets with CRLF line ends (RFC 5545, section 3.1).

use super::CalendarEntry;
use crate::mail::CalendarMethod;
use chrono::{Duration, TimeDelta};
use icalendar::{Attendee, Calendar, Component, Event, EventLike, EventStatus, Property, Role};

/// Charter's product identifier (PRODID), as RFC 5545 asks: who wrote the calendar.
const PRODID: &str = "-//Charter//Charter notifications//EN";

/// How long a moment (a deadline, a vote's close) is shown. An event without an end is
/// valid iCalendar and lasts no time at all, but clients draw it as a sliver or not at all,
/// and some give it an hour of their own; a quarter of an hour from the moment shows it
/// everywhere, at the right time in every list and reminder, without claiming the
/// afternoon. It is marked TRANSPARENT so it never makes the person look busy.
pub const MOMENT_LENGTH: TimeDelta = TimeDelta::minutes(15);

/// An invitation for one interview: a calendar with `method` (REQUEST adds or updates the
/// event, CANCEL removes it) and one VEVENT, organized by `organizer` (an e-mail address)
/// for `attendees` (name and e-mail address each). A cancellation is always written with
/// STATUS:CANCELLED, whatever the entry says.
pub fn invitation(
    entry: &CalendarEntry,
    method: CalendarMethod,
    organizer: &str,
    attendees: &[(String, String)],
) -> String {
    let mut event = event(entry, method == CalendarMethod::Cancel);
    event.add_property("ORGANIZER", format!("mailto:{organizer}"));
    for (name, email) in attendees {
        // Nobody is asked to answer: Charter reads no replies, the secretariat agrees
        // the time with the founders beforehand.
        let attendee = Attendee::new(format!("mailto:{email}"))
            .cn(parameter_text(name))
            .role(Role::ReqParticipant)
            .rsvp(false);
        event.attendee(attendee);
    }
    calendar(method.as_str())
        .push(event.done())
        .done()
        .to_string()
}

/// A person's calendar feed, named `name` (shown by the calendar that subscribes): one
/// VEVENT per entry, published (METHOD:PUBLISH) rather than sent as an invitation, so no
/// organizer or attendees. Cancelled entries stay in it, marked cancelled, so that a
/// calendar which holds them learns so.
pub fn feed(name: &str, entries: &[CalendarEntry]) -> String {
    let mut calendar = calendar("PUBLISH");
    calendar.name(&text(name));
    // How often subscribers should fetch the feed again (not every client honours it).
    calendar.ttl(&Duration::hours(1));
    for entry in entries {
        calendar.push(event(entry, false).done());
    }
    calendar.done().to_string()
}

fn calendar(method: &str) -> Calendar {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("PRODID", PRODID))
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", method));
    calendar
}

/// The VEVENT of `entry`, cancelled if it is or `cancelled` says so.
fn event(entry: &CalendarEntry, cancelled: bool) -> Event {
    let mut event = Event::with_uid(&entry.uid);
    event
        .sequence(entry.sequence)
        .timestamp(entry.stamp)
        .starts(entry.start)
        .summary(&text(&entry.summary))
        .description(&text(&entry.description));
    match entry.end {
        Some(end) => event.ends(end),
        None => event
            .ends(entry.start + MOMENT_LENGTH)
            .add_property("TRANSP", "TRANSPARENT"),
    };
    if let Some(location) = &entry.location {
        event.location(&text(location));
    }
    if let Some(url) = &entry.url {
        event.url(url);
    }
    event.status(if cancelled || entry.cancelled {
        EventStatus::Cancelled
    } else {
        EventStatus::Confirmed
    });
    event
}

/// A TEXT value as RFC 5545 allows it: line breaks as LF (the builder writes them `\n`),
/// and no other control character but the tab.
fn text(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// A parameter value (an attendee's name): it may be quoted but cannot hold a double quote
/// or a line break, which would end it early.
fn parameter_text(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            '"' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}
