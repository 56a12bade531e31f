//! Notices about interviews: each carries the calendar entry that adds the interview to the
//! founders' calendars, moves it or removes it, always under the same UID.

use super::{ApplicationFacts, InterviewFacts};
use crate::calendar::{interview_sequence, CalendarEntry};
use crate::notice::{Arg, Notice, NoticeKind};
use chrono::{DateTime, TimeDelta, Utc};

/// How long an interview is put in a calendar for (the record holds no length).
pub const INTERVIEW_LENGTH: TimeDelta = TimeDelta::hours(1);

/// The calendar entry of `interview` of the application, as of `stamp`; its UID without
/// the host the outbox adds.
pub fn entry(
    facts: &ApplicationFacts,
    interview: &InterviewFacts,
    cancelled: bool,
    stamp: DateTime<Utc>,
) -> CalendarEntry {
    CalendarEntry {
        uid: format!("interview-{}-{}", facts.application_id, interview.interview),
        sequence: interview_sequence(interview.moves, cancelled),
        stamp,
        start: interview.scheduled_for,
        end: Some(interview.scheduled_for + INTERVIEW_LENGTH),
        // Written in the reader's language by the outbox.
        summary: String::new(),
        description: String::new(),
        location: Some(interview.location.clone()),
        url: None,
        cancelled,
    }
}

/// The founders' notices of kind `kind` about `interview`, each carrying its entry.
pub fn told(
    notices: Vec<Notice>,
    kind: NoticeKind,
    facts: &ApplicationFacts,
    interview: &InterviewFacts,
    cancelled: bool,
    stamp: DateTime<Utc>,
) -> Vec<Notice> {
    let entry = entry(facts, interview, cancelled, stamp);
    notices
        .into_iter()
        .filter(|notice| notice.kind == kind)
        .map(|notice| {
            notice
                .with("interview", Arg::Number(i64::from(interview.interview)))
                .with("when", Arg::Time(interview.scheduled_for))
                .text("location", &interview.location)
                .inviting(entry.clone())
        })
        .collect()
}
