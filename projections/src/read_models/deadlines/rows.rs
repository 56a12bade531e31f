//! Deadlines as they are read: what the reminders and the calendar are made from.

use charter_domain::application::DocumentKind;
use charter_domain::policy::Offset;
use charter_domain::PersonId;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use sqlx::types::Json;
use sqlx::FromRow;
use std::fmt;
use utoipa::ToSchema;
use uuid::Uuid;

/// What falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// A panelist's review of the latest version of a document: due the policy's
    /// `review_days` after the version was submitted.
    ReviewDue,
    /// A new version the founders were asked for, by the request's deadline.
    RevisionDue,
    /// A committee vote's closing, for the members who have neither voted nor recused (for
    /// a secret vote, for every member until it closes).
    VoteCloses,
    /// An interview the founders attend.
    Interview,
    /// An application's stay in a stage, past the policy's `max_days_in_stage`.
    StageLimit,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 5] = [
        DeadlineKind::ReviewDue,
        DeadlineKind::RevisionDue,
        DeadlineKind::VoteCloses,
        DeadlineKind::Interview,
        DeadlineKind::StageLimit,
    ];

    /// Its name in the table, the policy's `[reminders]` and the deadline keys.
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::ReviewDue => "review_due",
            DeadlineKind::RevisionDue => "revision_due",
            DeadlineKind::VoteCloses => "vote_closes",
            DeadlineKind::Interview => "interview",
            DeadlineKind::StageLimit => "stage_limit",
        }
    }
}

impl fmt::Display for DeadlineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for DeadlineKind {
    type Error = String;
    fn try_from(name: String) -> Result<Self, Self::Error> {
        DeadlineKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| format!("{name:?} is not a kind of deadline"))
    }
}

/// One deadline still open. Only the fields of its kind are present.
#[derive(Debug, Clone, PartialEq, Serialize, FromRow, ToSchema)]
pub struct Deadline {
    /// Names what falls due, stably: `review_due/<application>/<kind>/<version>`,
    /// `revision_due/<application>/<request>`, `vote_closes/<vote>`,
    /// `interview/<application>/<number>/<time>`, `stage_limit/<application>/<stage>/<entered>`.
    pub deadline_key: String,
    #[sqlx(try_from = "String")]
    pub kind: DeadlineKind,
    pub application_id: Uuid,
    /// When it falls due: the time its event names, or for a review or a stay in a stage,
    /// the time the policy in force gives.
    pub due_at: DateTime<Utc>,
    /// The stage of a stay (`stage_limit`).
    pub stage: Option<String>,
    /// The document to review or revise.
    pub document_kind: Option<String>,
    /// The version to review.
    pub document_version: Option<i32>,
    /// The revision request's number within the application.
    pub request: Option<i32>,
    pub vote_id: Option<Uuid>,
    /// The motion put to the vote.
    #[schema(value_type = Option<Object>)]
    pub motion: Option<Json<serde_json::Value>>,
    /// The interview's number within the application, and where it is held.
    pub interview: Option<i32>,
    pub location: Option<String>,
    /// A secret vote's closing, due for its whole electorate until it closes: whoever is
    /// reminded may have voted already.
    pub secret: bool,
}

/// A reminder to send now: of `deadline`, to `person` (none for a stay in a stage: the
/// secretariat is told), `offset` before it falls due, or overdue when `offset` is none.
#[derive(Debug, Clone, PartialEq)]
pub struct DueReminder {
    pub deadline: Deadline,
    pub person: Option<PersonId>,
    pub offset: Option<Offset>,
}

impl DueReminder {
    /// What the reminder is, as a key that is the same every time it is found due
    /// (`<deadline_key>/<offset or "overdue">/<person or "secretariat">`): an outbox keyed
    /// on it sends each reminder once.
    pub fn reminder_key(&self) -> String {
        let offset = self
            .offset
            .map_or_else(|| "overdue".to_owned(), |offset| offset.to_string());
        let person = self
            .person
            .map_or_else(|| "secretariat".to_owned(), |person| person.0.to_string());
        format!("{}/{offset}/{person}", self.deadline.deadline_key)
    }
}

/// A time as written in a deadline key: exact to the microsecond stored, so that two
/// times never share a key.
pub(super) fn key_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// The key of the review of `version` of a document of `kind` of application `id`.
pub(super) fn review_key(id: Uuid, kind: DocumentKind, version: u32) -> String {
    format!("review_due/{id}/{}/{version}", kind.as_str())
}

/// A number of the events (a version, a request, an interview) as the tables hold it.
pub(super) fn number(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}
