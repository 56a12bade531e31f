//! iCalendar (RFC 5545): the invitation an e-mail about an interview carries, and the feed
//! of a person's interviews, deadlines and vote closings that their calendar subscribes to.
//!
//! Every message about one interview carries the same UID ([`interview_uid`]); what tells a
//! calendar which message is the latest is the SEQUENCE, then the DTSTAMP (RFC 5546, iTIP,
//! section 2.1.5). A REQUEST with a higher SEQUENCE moves the event, a CANCEL with a higher
//! one removes it: Outlook, Google Calendar and Apple Calendar all go by this. The functions
//! here are pure; what an entry says, and when it is sent, is the notifier's to decide.

pub mod person;
mod write;

pub use write::{feed, invitation, MOMENT_LENGTH};

use chrono::{DateTime, Utc};
use std::fmt::Display;
use uuid::Uuid;

/// One event in a calendar: an interview, or a moment such as a deadline or a vote's close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEntry {
    /// The same for every message about the same thing (see [`interview_uid`]).
    pub uid: String,
    /// Raised by every change a calendar must take over: a move, a cancellation
    /// (see [`interview_sequence`]). A calendar ignores a message whose SEQUENCE is lower
    /// than one it already holds.
    pub sequence: u32,
    /// When this version of the entry came about (DTSTAMP): the time of the event that
    /// made it, not the time of writing, so that the same entry is written the same way
    /// every time (a retried mail, a feed read twice).
    pub stamp: DateTime<Utc>,
    pub start: DateTime<Utc>,
    /// `None` for a moment (a deadline, a vote's close): see [`MOMENT_LENGTH`].
    pub end: Option<DateTime<Utc>>,
    pub summary: String,
    pub description: String,
    pub location: Option<String>,
    /// Where the person reads more (the application's page).
    pub url: Option<String>,
    /// Called off: written with STATUS:CANCELLED, so that a feed still names it.
    pub cancelled: bool,
}

/// The UID of every calendar entry about interview `interview` of application
/// `application_id`, `host` being Charter's own host name (RFC 5545 recommends a UID that
/// ends in `@` and a domain the producer controls, so that it is unique worldwide).
pub fn interview_uid(application_id: Uuid, interview: u32, host: &str) -> String {
    uid("interview", format!("{application_id}-{interview}"), host)
}

/// The UID of the entry for the deadline of revision request `request` of application
/// `application_id`.
pub fn deadline_uid(application_id: Uuid, request: u32, host: &str) -> String {
    uid("deadline", format!("{application_id}-{request}"), host)
}

/// The UID of the entry for the close of vote `vote_id`.
pub fn vote_closing_uid(vote_id: Uuid, host: &str) -> String {
    uid("vote", vote_id, host)
}

fn uid(kind: &str, id: impl Display, host: &str) -> String {
    format!("{kind}-{id}@{host}")
}

/// The SEQUENCE of an interview's entry: 0 as scheduled, one more for each move (the
/// `moves` of `InterviewRescheduled`), and one more again once cancelled, so that the
/// cancellation outranks the last REQUEST.
pub fn interview_sequence(moves: u32, cancelled: bool) -> u32 {
    moves + u32::from(cancelled)
}

#[cfg(test)]
mod tests;
