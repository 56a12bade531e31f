//! Why the aggregate refused a command: one variant per business rule.

use super::model::{DocumentKind, InterviewStatus, Party, Recommendation, Stage};
use crate::actor::Role;
use crate::ids::VoteId;
use crate::permissions::NotPermitted;
use crate::policy::Electorate;
use crate::text::InputError;
use serde::Serialize;
use std::fmt;

pub use crate::refusal::Refusal;

/// Something a gate needs that the application does not have yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "requirement", rename_all = "snake_case")]
pub enum Requirement {
    /// A document of this kind must be submitted.
    Document { kind: DocumentKind },
    /// The latest version of a document needs more reviews with this recommendation.
    Reviews {
        kind: DocumentKind,
        version: u32,
        recommendation: Recommendation,
        have: u32,
        need: u32,
    },
    /// An interview must be held in the current stage.
    Interview,
    /// A vote of this electorate must have passed.
    Vote { electorate: Electorate },
    /// A revision request must be answered with a new version first.
    RevisionAnswered { request: u32, kind: DocumentKind },
    /// This party must sign the membership agreement (the way into `initiative`).
    Signature { party: Party },
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Requirement::Document { kind } => write!(f, "a {kind} must be submitted"),
            Requirement::Reviews {
                kind,
                version,
                recommendation,
                have,
                need,
            } => write!(
                f,
                "{kind} version {version} has {have} of {need} reviews recommending {recommendation}"
            ),
            Requirement::Interview => f.write_str("an interview must be held in this stage"),
            Requirement::Vote { electorate } => {
                write!(f, "a vote of the {electorate} must have passed")
            }
            Requirement::Signature { party } => write!(f, "the {party} must sign"),
            Requirement::RevisionAnswered { request, kind } => {
                write!(f, "revision request {request} for the {kind} is unanswered")
            }
        }
    }
}

/// The list of missing requirements, shown in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing(pub Vec<Requirement>);

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, requirement) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{requirement}")?;
        }
        Ok(())
    }
}

/// Every reason the `Application` aggregate refuses a command.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApplicationError {
    #[error("the application does not exist")]
    NotFound,
    #[error("the application has already been opened")]
    AlreadyOpened,
    #[error("the {role} role may not {action}")]
    RoleNotPermitted { role: Role, action: &'static str },
    #[error("an applicant may act only on their own application")]
    NotYourApplication,
    #[error("the panelist is not assigned to this application")]
    PanelistNotAssigned,
    #[error("the panelist declared a conflict of interest and is recused")]
    PanelistRecused,
    #[error("only the panelist who filed review {review} may revise it")]
    NotReviewAuthor { review: u32 },
    #[error("{0}")]
    InvalidInput(#[from] InputError),
    #[error("the application is {stage} and takes no further changes")]
    ApplicationClosed { stage: Stage },
    #[error("an application cannot go from {from} to {to}")]
    IllegalTransition { from: Stage, to: Stage },
    #[error("the {to} gate is not met: {missing}")]
    GateNotMet { to: Stage, missing: Missing },
    #[error(
        "after the eligibility gate a rejection needs a committee vote; the application is {stage}"
    )]
    RejectionNeedsVote { stage: Stage },
    #[error("the panelist is already assigned to this application")]
    PanelistAlreadyAssigned,
    #[error("a conflict of interest has already been declared by this panelist")]
    ConflictAlreadyDeclared,
    #[error("review {review} already covers {kind} version {version} by this panelist; revise it instead")]
    ReviewAlreadyFiled {
        review: u32,
        kind: DocumentKind,
        version: u32,
    },
    #[error("{kind} version {version} has the same content; a new version must differ")]
    DuplicateDocument { kind: DocumentKind, version: u32 },
    #[error("no {kind} version {version} has been submitted")]
    UnknownDocumentVersion { kind: DocumentKind, version: u32 },
    #[error("no {kind} has been submitted, so there is nothing to revise")]
    NothingToRevise { kind: DocumentKind },
    #[error("review {0} does not exist")]
    UnknownReview(u32),
    #[error("revision {revision} of review {review} has already been released")]
    FeedbackAlreadyReleased { review: u32, revision: u32 },
    #[error(
        "review {review} is at revision {latest}, not {revision}: read the latest before releasing it"
    )]
    NotLatestRevision {
        review: u32,
        revision: u32,
        latest: u32,
    },
    #[error("interview {0} does not exist")]
    UnknownInterview(u32),
    #[error("interview {interview} is {status}, not scheduled")]
    InterviewNotScheduled {
        interview: u32,
        status: InterviewStatusName,
    },
    #[error("interview {interview} is scheduled for a later time and cannot be recorded yet")]
    InterviewNotYetHeld { interview: u32 },
    #[error("interview {interview} is already scheduled for that time and place")]
    InterviewUnchanged { interview: u32 },
    #[error("the {party} have already signed")]
    AlreadySigned { party: Party },
    #[error("the membership agreement can be signed only once the application is approved; it is {stage}")]
    NotReadyForSignature { stage: Stage },
    #[error("vote {vote_id} is about another application")]
    VoteAboutAnotherApplication { vote_id: VoteId },
    #[error("vote {vote_id} decided another motion")]
    VoteDecidedAnotherMotion { vote_id: VoteId },
    #[error("vote {vote_id} did not pass")]
    VoteNotPassed { vote_id: VoteId },
    #[error("only a rejected application can be appealed; it is {stage}")]
    NotRejected { stage: Stage },
    #[error("the application has already used its one appeal")]
    AlreadyAppealed,
    #[error("no appeal awaits a decision")]
    NoPendingAppeal,
    #[error("revision request {0} does not exist")]
    UnknownRevisionRequest(u32),
    #[error("revision request {request} was answered by version {version}")]
    RevisionAlreadyAnswered { request: u32, version: u32 },
    #[error("revision request {request} is due at {deadline}, which has not passed")]
    DeadlineNotPassed {
        request: u32,
        deadline: chrono::DateTime<chrono::Utc>,
    },
}

/// An interview status named in a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InterviewStatusName(pub InterviewStatus);

impl InterviewStatusName {
    /// The status's name, as a refusal carries it: `scheduled`, `held` or `cancelled`.
    pub fn code(&self) -> &'static str {
        match self.0 {
            InterviewStatus::Scheduled => "scheduled",
            InterviewStatus::Held { .. } => "held",
            InterviewStatus::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for InterviewStatusName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            InterviewStatus::Scheduled => "scheduled",
            InterviewStatus::Held { .. } => "already recorded",
            InterviewStatus::Cancelled => "cancelled",
        })
    }
}

impl From<NotPermitted> for ApplicationError {
    fn from(refused: NotPermitted) -> Self {
        ApplicationError::RoleNotPermitted {
            role: refused.role,
            action: refused.kind.action(),
        }
    }
}

impl ApplicationError {
    /// How the refusal should be reported.
    pub fn refusal(&self) -> Refusal {
        use ApplicationError::*;
        match self {
            NotFound | UnknownReview(_) | UnknownInterview(_) | UnknownRevisionRequest(_) => {
                Refusal::NotFound
            }
            RoleNotPermitted { .. }
            | NotYourApplication
            | PanelistNotAssigned
            | PanelistRecused
            | NotReviewAuthor { .. } => Refusal::Forbidden,
            AlreadyOpened
            | ApplicationClosed { .. }
            | IllegalTransition { .. }
            | PanelistAlreadyAssigned
            | ConflictAlreadyDeclared
            | ReviewAlreadyFiled { .. }
            | DuplicateDocument { .. }
            | InterviewNotScheduled { .. }
            | InterviewNotYetHeld { .. }
            | InterviewUnchanged { .. }
            | AlreadySigned { .. }
            | NotReadyForSignature { .. }
            | NotRejected { .. }
            | AlreadyAppealed
            | NoPendingAppeal
            | RevisionAlreadyAnswered { .. }
            | DeadlineNotPassed { .. }
            | FeedbackAlreadyReleased { .. }
            | NotLatestRevision { .. } => Refusal::Conflict,
            VoteAboutAnotherApplication { .. }
            | VoteDecidedAnotherMotion { .. }
            | VoteNotPassed { .. }
            | InvalidInput(_)
            | GateNotMet { .. }
            | RejectionNeedsVote { .. }
            | UnknownDocumentVersion { .. }
            | NothingToRevise { .. } => Refusal::Unprocessable,
        }
    }
}

crate::refusal_rules!(ApplicationError {
    NotFound => "application-not-found",
    AlreadyOpened => "application-already-opened",
    RoleNotPermitted { role, .. } => "role-not-permitted" (role),
    NotYourApplication => "not-your-application",
    PanelistNotAssigned => "panelist-not-assigned",
    PanelistRecused => "panelist-recused",
    NotReviewAuthor { review } => "not-review-author" (review),
    InvalidInput(input) => "invalid-input"
        (problem = input.problem.code(), max = input.problem.max(), min = input.problem.min()),
    ApplicationClosed { stage } => "application-closed" (stage),
    IllegalTransition { from, to } => "illegal-transition" (from, to),
    GateNotMet { to, .. } => "gate-not-met" (to),
    RejectionNeedsVote { stage } => "rejection-needs-vote" (stage),
    PanelistAlreadyAssigned => "panelist-already-assigned",
    ConflictAlreadyDeclared => "conflict-already-declared",
    ReviewAlreadyFiled { review, kind, version } => "review-already-filed" (review, kind, version),
    DuplicateDocument { kind, version } => "duplicate-document" (kind, version),
    UnknownDocumentVersion { kind, version } => "unknown-document-version" (kind, version),
    NothingToRevise { kind } => "nothing-to-revise" (kind),
    UnknownReview(review) => "review-not-found" (review),
    UnknownInterview(interview) => "interview-not-found" (interview),
    InterviewNotScheduled { interview, status } => "interview-not-scheduled"
        (interview, status = status.code()),
    InterviewNotYetHeld { interview } => "interview-not-yet-held" (interview),
    InterviewUnchanged { interview } => "interview-unchanged" (interview),
    AlreadySigned { party } => "already-signed" (party),
    NotReadyForSignature { stage } => "not-ready-for-signature" (stage),
    VoteAboutAnotherApplication { .. } => "vote-about-another-application",
    VoteDecidedAnotherMotion { .. } => "vote-decided-another-motion",
    VoteNotPassed { .. } => "vote-not-passed",
    NotRejected { stage } => "not-rejected" (stage),
    AlreadyAppealed => "already-appealed",
    NoPendingAppeal => "no-pending-appeal",
    UnknownRevisionRequest(request) => "revision-request-not-found" (request),
    RevisionAlreadyAnswered { request, version } => "revision-already-answered" (request, version),
    DeadlineNotPassed { request, deadline } => "deadline-not-passed" (request, deadline),
    FeedbackAlreadyReleased { review, revision } => "feedback-already-released" (review, revision),
    NotLatestRevision { review, revision, latest } => "not-latest-revision"
        (review, revision, latest),
});

impl crate::refusal::Refusable for ApplicationError {
    fn refusal(&self) -> Refusal {
        ApplicationError::refusal(self)
    }
    fn code(&self) -> &'static str {
        ApplicationError::code(self)
    }
    fn field(&self) -> Option<String> {
        match self {
            ApplicationError::InvalidInput(input) => Some(input.field.clone()),
            _ => None,
        }
    }
    fn missing(&self) -> Option<serde_json::Value> {
        match self {
            ApplicationError::GateNotMet { missing, .. } => serde_json::to_value(&missing.0).ok(),
            _ => None,
        }
    }
    fn values(&self) -> crate::refusal::Values {
        ApplicationError::values(self)
    }
}
