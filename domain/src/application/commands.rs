//! What people ask of an application. A command is a wish; the aggregate decides whether it
//! becomes events or a refusal.

use super::attendee::Attendee;
use super::model::{Assessment, DocumentKind, Founder, Stage};
use crate::ids::{ApplicationId, PersonId, VoteId};
use crate::permissions::CommandKind;
use crate::policy::Electorate;
use crate::vote::{Motion, Outcome};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Every command the `Application` aggregate handles. Who issued it, and when, travel
/// beside it in [`crate::Authored`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ApplicationCommand {
    /// A founding team opens its application.
    Open {
        application_id: ApplicationId,
        city: String,
        country: String,
        hub_name: String,
        founders: Vec<Founder>,
    },
    /// The secretariat grants application eligibility after checking the basics.
    GrantEligibility { note: Option<String> },
    /// The founders submit a new version of a document. The caller has stored the bytes
    /// and computed their hash.
    SubmitDocument {
        kind: DocumentKind,
        sha256: String,
        size: u64,
        media_type: String,
        file_name: String,
    },
    /// The secretariat assigns an expert panelist.
    AssignPanelist { panelist_id: PersonId, name: String },
    /// The acting panelist declares a conflict of interest and is recused from then on.
    DeclareConflict { reason: String },
    /// The acting panelist reviews one version of a document.
    FileReview {
        kind: DocumentKind,
        version: u32,
        assessment: Assessment,
    },
    /// The acting panelist revises their review; the earlier assessment is kept.
    ReviseReview { review: u32, assessment: Assessment },
    /// The secretariat shows the founders revision `revision` of a review, which must be
    /// its latest (so a revision filed after the secretariat read it is never released
    /// unread), without the panelist's name. Reviews never released stay with the staff.
    ReleaseFeedback {
        review: u32,
        revision: u32,
        note: Option<String>,
    },
    /// The secretariat asks the founders for a new version of a document by a deadline.
    RequestRevision {
        kind: DocumentKind,
        deadline: DateTime<Utc>,
        reason: String,
    },
    /// The secretariat schedules an interview with the founding team.
    ScheduleInterview {
        scheduled_for: DateTime<Utc>,
        location: String,
    },
    /// The secretariat moves a scheduled interview to a new time or place.
    RescheduleInterview {
        interview: u32,
        scheduled_for: DateTime<Utc>,
        location: String,
    },
    /// The secretariat records an interview that was held. The caller names each
    /// attendee's subject: a founder's or roster person's id, or a fresh one for someone
    /// who is not on the roster.
    RecordInterview {
        interview: u32,
        notes: String,
        attendees: Vec<Attendee>,
    },
    /// The secretariat cancels a scheduled interview.
    CancelInterview { interview: u32, reason: String },
    /// The secretariat (or Charter, carrying out a vote) moves the application through the
    /// gate into `to`. Naming the target makes a repeated request fail instead of
    /// advancing twice.
    AdvanceStage {
        to: Stage,
        vote: Option<VoteDecision>,
    },
    /// The secretariat rejects the application on its own authority at the eligibility
    /// gate; after it, only a committee vote rejects (carried out by Charter or the
    /// secretariat).
    Reject {
        reason: String,
        vote: Option<VoteDecision>,
    },
    /// Charter records that a revision request passed its deadline unanswered.
    MarkRevisionOverdue { request: u32 },
    /// The founders appeal a rejection; once only.
    LodgeAppeal { grounds: String },
    /// A closed appeal vote decides the appeal: granted, the application reopens where it
    /// was rejected; not, the rejection stands for good.
    DecideAppeal { vote: VoteDecision },
    /// The founders withdraw their application.
    Withdraw { reason: Option<String> },
    /// The acting person signs the membership agreement for their side: an applicant for the
    /// founders, the secretariat for the association.
    Sign,
}

impl ApplicationCommand {
    /// A short name of the action, used in refusals.
    pub fn action(&self) -> &'static str {
        self.kind().action()
    }

    /// The command's row in the table of who may give it.
    pub fn kind(&self) -> CommandKind {
        match self {
            ApplicationCommand::Open { .. } => CommandKind::OpenApplication,
            ApplicationCommand::GrantEligibility { .. } => CommandKind::GrantEligibility,
            ApplicationCommand::SubmitDocument { .. } => CommandKind::SubmitDocument,
            ApplicationCommand::AssignPanelist { .. } => CommandKind::AssignPanelist,
            ApplicationCommand::DeclareConflict { .. } => CommandKind::DeclareConflict,
            ApplicationCommand::FileReview { .. } => CommandKind::FileReview,
            ApplicationCommand::ReviseReview { .. } => CommandKind::ReviseReview,
            ApplicationCommand::ReleaseFeedback { .. } => CommandKind::ReleaseFeedback,
            ApplicationCommand::RequestRevision { .. } => CommandKind::RequestRevision,
            ApplicationCommand::ScheduleInterview { .. } => CommandKind::ScheduleInterview,
            ApplicationCommand::RescheduleInterview { .. } => CommandKind::RescheduleInterview,
            ApplicationCommand::RecordInterview { .. } => CommandKind::RecordInterview,
            ApplicationCommand::CancelInterview { .. } => CommandKind::CancelInterview,
            ApplicationCommand::AdvanceStage { .. } => CommandKind::AdvanceStage,
            ApplicationCommand::Reject { .. } => CommandKind::Reject,
            ApplicationCommand::MarkRevisionOverdue { .. } => CommandKind::MarkRevisionOverdue,
            ApplicationCommand::LodgeAppeal { .. } => CommandKind::LodgeAppeal,
            ApplicationCommand::DecideAppeal { .. } => CommandKind::DecideAppeal,
            ApplicationCommand::Withdraw { .. } => CommandKind::Withdraw,
            ApplicationCommand::Sign => CommandKind::Sign,
        }
    }

    /// The vote the command carries out, if any.
    pub fn vote(&self) -> Option<&VoteDecision> {
        match self {
            ApplicationCommand::AdvanceStage { vote, .. }
            | ApplicationCommand::Reject { vote, .. } => vote.as_ref(),
            ApplicationCommand::DecideAppeal { vote } => Some(vote),
            _ => None,
        }
    }
}

/// A closed vote as its aggregate records it, looked up by the caller so that
/// the application can check it decides what the command claims.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteDecision {
    pub vote_id: VoteId,
    pub application_id: ApplicationId,
    pub motion: Motion,
    pub outcome: Outcome,
    /// Who voted: the committee or the network.
    #[serde(default)]
    pub electorate: Electorate,
}
