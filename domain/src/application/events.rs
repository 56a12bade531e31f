//! What happened to an application, in the past tense. Events are immutable facts: a
//! change of meaning gets a new variant or a new `event_version`, never an edit.

use super::attendee::Attendee;
use super::model::{Assessment, DocumentKind, Founder, Party, Stage};
use crate::ids::{ApplicationId, PersonId, VoteId};
use crate::policy::Electorate;
use chrono::{DateTime, Utc};
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

/// Every fact recorded about an application. Each carries the time it occurred (`at`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ApplicationEvent {
    ApplicationOpened {
        application_id: ApplicationId,
        city: String,
        /// ISO 3166-1 alpha-2.
        country: String,
        hub_name: String,
        founders: Vec<Founder>,
        opened_by: PersonId,
        at: DateTime<Utc>,
    },
    EligibilityGranted {
        note: Option<String>,
        policy_version: String,
        at: DateTime<Utc>,
    },
    DocumentSubmitted {
        kind: DocumentKind,
        /// Assigned by the aggregate: 1 for the first submission of a kind, then 2, 3, ...
        version: u32,
        /// Lowercase hex SHA-256 of the file's bytes, which are stored under it.
        sha256: String,
        size: u64,
        media_type: String,
        file_name: String,
        submitted_by: PersonId,
        at: DateTime<Utc>,
    },
    RevisionRequested {
        /// Numbered from 1 within the application.
        request: u32,
        kind: DocumentKind,
        deadline: DateTime<Utc>,
        reason: String,
        at: DateTime<Utc>,
    },
    RevisionRequestAnswered {
        request: u32,
        kind: DocumentKind,
        version: u32,
        at: DateTime<Utc>,
    },
    RevisionRequestOverdue {
        request: u32,
        kind: DocumentKind,
        deadline: DateTime<Utc>,
        at: DateTime<Utc>,
    },
    PanelistAssigned {
        panelist_id: PersonId,
        name: String,
        at: DateTime<Utc>,
    },
    ConflictOfInterestDeclared {
        panelist_id: PersonId,
        reason: String,
        at: DateTime<Utc>,
    },
    PanelReviewFiled {
        /// Numbered from 1 within the application.
        review: u32,
        panelist_id: PersonId,
        kind: DocumentKind,
        version: u32,
        assessment: Assessment,
        at: DateTime<Utc>,
    },
    PanelReviewRevised {
        review: u32,
        /// 2 for the first revision, then 3, ...: the filing is revision 1.
        revision: u32,
        assessment: Assessment,
        at: DateTime<Utc>,
    },
    /// A review shown to the founders. The event carries exactly what they were shown,
    /// so the record proves what was disclosed even though the review may be revised
    /// later; the panelist is not named.
    PanelFeedbackReleased {
        review: u32,
        /// The revision released (1 is the review as filed).
        revision: u32,
        kind: DocumentKind,
        version: u32,
        assessment: Assessment,
        /// The secretariat's word to the founders, if any.
        note: Option<String>,
        at: DateTime<Utc>,
    },
    InterviewScheduled {
        /// Numbered from 1 within the application.
        interview: u32,
        scheduled_for: DateTime<Utc>,
        location: String,
        at: DateTime<Utc>,
    },
    /// A scheduled interview moved to a new time or place (or both). The earlier time and
    /// place stay in the events before it.
    InterviewRescheduled {
        interview: u32,
        /// How many times the interview has moved, this move included: 1 for the first.
        /// A calendar entry about the interview can use it as its SEQUENCE.
        moves: u32,
        scheduled_for: DateTime<Utc>,
        location: String,
        at: DateTime<Utc>,
    },
    InterviewRecorded {
        interview: u32,
        /// The stage the application was in when the interview was held.
        stage: Stage,
        notes: String,
        /// Who attended, each with the subject their name is sealed under. Plain names,
        /// sealed under the founders' keys, in events written before (version 1.0).
        attendees: Vec<Attendee>,
        /// The founders the notes are about: the notes are sealed under their keys (see
        /// `crate::personal`). Empty in events written before.
        #[serde(default)]
        about: Vec<PersonId>,
        at: DateTime<Utc>,
    },
    InterviewCancelled {
        interview: u32,
        reason: String,
        at: DateTime<Utc>,
    },
    StageAdvanced {
        from: Stage,
        to: Stage,
        /// The committee vote that decided the advance, when the gate needs one.
        vote_id: Option<VoteId>,
        policy_version: String,
        at: DateTime<Utc>,
    },
    /// One of the votes the next gate needs passed, while another still has to: the
    /// committee's recommendation, say, before the network votes. The gate is passed
    /// (`StageAdvanced`) once the last of its votes passes.
    GateVotePassed {
        vote_id: VoteId,
        /// The stage the gate leads into.
        to: Stage,
        electorate: Electorate,
        at: DateTime<Utc>,
    },
    ApplicationRejected {
        /// The stage the application was rejected in.
        stage: Stage,
        reason: String,
        vote_id: Option<VoteId>,
        at: DateTime<Utc>,
    },
    ApplicationWithdrawn {
        stage: Stage,
        reason: Option<String>,
        at: DateTime<Utc>,
    },
    SignatureRecorded {
        party: Party,
        signatory_id: PersonId,
        signatory_name: String,
        at: DateTime<Utc>,
    },
    AppealLodged {
        grounds: String,
        at: DateTime<Utc>,
    },
    AppealGranted {
        vote_id: VoteId,
        /// The stage the application was rejected in, and now reopens in.
        reopened_in: Stage,
        at: DateTime<Utc>,
    },
    AppealDismissed {
        vote_id: VoteId,
        at: DateTime<Utc>,
    },
}

impl ApplicationEvent {
    /// The event types of the events that can carry out a committee vote (those for
    /// which [`ApplicationEvent::vote`] can be `Some`).
    pub const CARRYING_OUT_VOTES: [&'static str; 5] = [
        "StageAdvanced",
        "GateVotePassed",
        "ApplicationRejected",
        "AppealGranted",
        "AppealDismissed",
    ];

    /// The committee vote the event carries out, if any. (Every variant is named, so that
    /// a new one is placed here, and in [`ApplicationEvent::CARRYING_OUT_VOTES`] when it
    /// carries a vote.)
    pub fn vote(&self) -> Option<VoteId> {
        match self {
            ApplicationEvent::StageAdvanced { vote_id, .. }
            | ApplicationEvent::ApplicationRejected { vote_id, .. } => *vote_id,
            ApplicationEvent::AppealGranted { vote_id, .. }
            | ApplicationEvent::GateVotePassed { vote_id, .. }
            | ApplicationEvent::AppealDismissed { vote_id, .. } => Some(*vote_id),
            ApplicationEvent::ApplicationOpened { .. }
            | ApplicationEvent::EligibilityGranted { .. }
            | ApplicationEvent::DocumentSubmitted { .. }
            | ApplicationEvent::RevisionRequested { .. }
            | ApplicationEvent::RevisionRequestAnswered { .. }
            | ApplicationEvent::RevisionRequestOverdue { .. }
            | ApplicationEvent::PanelistAssigned { .. }
            | ApplicationEvent::ConflictOfInterestDeclared { .. }
            | ApplicationEvent::PanelReviewFiled { .. }
            | ApplicationEvent::PanelReviewRevised { .. }
            | ApplicationEvent::PanelFeedbackReleased { .. }
            | ApplicationEvent::InterviewScheduled { .. }
            | ApplicationEvent::InterviewRescheduled { .. }
            | ApplicationEvent::InterviewRecorded { .. }
            | ApplicationEvent::InterviewCancelled { .. }
            | ApplicationEvent::ApplicationWithdrawn { .. }
            | ApplicationEvent::SignatureRecorded { .. }
            | ApplicationEvent::AppealLodged { .. } => None,
        }
    }

    /// When the event occurred.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            ApplicationEvent::ApplicationOpened { at, .. }
            | ApplicationEvent::EligibilityGranted { at, .. }
            | ApplicationEvent::DocumentSubmitted { at, .. }
            | ApplicationEvent::RevisionRequested { at, .. }
            | ApplicationEvent::RevisionRequestAnswered { at, .. }
            | ApplicationEvent::RevisionRequestOverdue { at, .. }
            | ApplicationEvent::PanelistAssigned { at, .. }
            | ApplicationEvent::ConflictOfInterestDeclared { at, .. }
            | ApplicationEvent::PanelReviewFiled { at, .. }
            | ApplicationEvent::PanelReviewRevised { at, .. }
            | ApplicationEvent::PanelFeedbackReleased { at, .. }
            | ApplicationEvent::InterviewScheduled { at, .. }
            | ApplicationEvent::InterviewRescheduled { at, .. }
            | ApplicationEvent::InterviewRecorded { at, .. }
            | ApplicationEvent::InterviewCancelled { at, .. }
            | ApplicationEvent::StageAdvanced { at, .. }
            | ApplicationEvent::GateVotePassed { at, .. }
            | ApplicationEvent::ApplicationRejected { at, .. }
            | ApplicationEvent::ApplicationWithdrawn { at, .. }
            | ApplicationEvent::SignatureRecorded { at, .. }
            | ApplicationEvent::AppealLodged { at, .. }
            | ApplicationEvent::AppealGranted { at, .. }
            | ApplicationEvent::AppealDismissed { at, .. } => *at,
        }
    }
}

impl DomainEvent for ApplicationEvent {
    fn event_type(&self) -> String {
        let name = match self {
            ApplicationEvent::ApplicationOpened { .. } => "ApplicationOpened",
            ApplicationEvent::EligibilityGranted { .. } => "EligibilityGranted",
            ApplicationEvent::DocumentSubmitted { .. } => "DocumentSubmitted",
            ApplicationEvent::RevisionRequested { .. } => "RevisionRequested",
            ApplicationEvent::RevisionRequestAnswered { .. } => "RevisionRequestAnswered",
            ApplicationEvent::RevisionRequestOverdue { .. } => "RevisionRequestOverdue",
            ApplicationEvent::PanelistAssigned { .. } => "PanelistAssigned",
            ApplicationEvent::ConflictOfInterestDeclared { .. } => "ConflictOfInterestDeclared",
            ApplicationEvent::PanelReviewFiled { .. } => "PanelReviewFiled",
            ApplicationEvent::PanelReviewRevised { .. } => "PanelReviewRevised",
            ApplicationEvent::PanelFeedbackReleased { .. } => "PanelFeedbackReleased",
            ApplicationEvent::InterviewScheduled { .. } => "InterviewScheduled",
            ApplicationEvent::InterviewRescheduled { .. } => "InterviewRescheduled",
            ApplicationEvent::InterviewRecorded { .. } => "InterviewRecorded",
            ApplicationEvent::InterviewCancelled { .. } => "InterviewCancelled",
            ApplicationEvent::StageAdvanced { .. } => "StageAdvanced",
            ApplicationEvent::GateVotePassed { .. } => "GateVotePassed",
            ApplicationEvent::ApplicationRejected { .. } => "ApplicationRejected",
            ApplicationEvent::ApplicationWithdrawn { .. } => "ApplicationWithdrawn",
            ApplicationEvent::SignatureRecorded { .. } => "SignatureRecorded",
            ApplicationEvent::AppealLodged { .. } => "AppealLodged",
            ApplicationEvent::AppealGranted { .. } => "AppealGranted",
            ApplicationEvent::AppealDismissed { .. } => "AppealDismissed",
        };
        name.to_owned()
    }

    fn event_version(&self) -> String {
        match self {
            // 2.0: each attendee is `{subject_id, name}`, no longer a plain name.
            ApplicationEvent::InterviewRecorded { .. } => "2.0",
            _ => "1.0",
        }
        .to_owned()
    }
}
