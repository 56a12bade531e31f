//! A notice: what one person (or the secretariat) is to be told, before it is written in
//! their language and put in the outbox.

use charter_domain::{ApplicationId, PersonId};

/// Every kind of message Charter sends. The name is what a person's preferences, the
/// outbox and the deliveries list call it; the texts are keyed by it (`locales/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoticeKind {
    // Panelists.
    PanelistAssigned,
    DocumentAwaitsReview,
    // Founders.
    EligibilityGranted,
    RevisionRequested,
    RevisionOverdue,
    InterviewScheduled,
    InterviewMoved,
    InterviewCancelled,
    FeedbackReleased,
    StageReached,
    AgreementAwaitsSignature,
    ApplicationRejected,
    AppealReceived,
    AppealDecided,
    // Committee members.
    VoteOpened,
    VoteClosed,
    // The secretariat.
    OutcomeNotCarriedOut,
    DeliveryFailing,
}

impl NoticeKind {
    /// Every kind, in the order the preferences list them.
    pub const ALL: [NoticeKind; 18] = [
        NoticeKind::PanelistAssigned,
        NoticeKind::DocumentAwaitsReview,
        NoticeKind::EligibilityGranted,
        NoticeKind::RevisionRequested,
        NoticeKind::RevisionOverdue,
        NoticeKind::InterviewScheduled,
        NoticeKind::InterviewMoved,
        NoticeKind::InterviewCancelled,
        NoticeKind::FeedbackReleased,
        NoticeKind::StageReached,
        NoticeKind::AgreementAwaitsSignature,
        NoticeKind::ApplicationRejected,
        NoticeKind::AppealReceived,
        NoticeKind::AppealDecided,
        NoticeKind::VoteOpened,
        NoticeKind::VoteClosed,
        NoticeKind::OutcomeNotCarriedOut,
        NoticeKind::DeliveryFailing,
    ];

    /// The kind's name, in snake case.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::PanelistAssigned => "panelist_assigned",
            NoticeKind::DocumentAwaitsReview => "document_awaits_review",
            NoticeKind::EligibilityGranted => "eligibility_granted",
            NoticeKind::RevisionRequested => "revision_requested",
            NoticeKind::RevisionOverdue => "revision_overdue",
            NoticeKind::InterviewScheduled => "interview_scheduled",
            NoticeKind::InterviewMoved => "interview_moved",
            NoticeKind::InterviewCancelled => "interview_cancelled",
            NoticeKind::FeedbackReleased => "feedback_released",
            NoticeKind::StageReached => "stage_reached",
            NoticeKind::AgreementAwaitsSignature => "agreement_awaits_signature",
            NoticeKind::ApplicationRejected => "application_rejected",
            NoticeKind::AppealReceived => "appeal_received",
            NoticeKind::AppealDecided => "appeal_decided",
            NoticeKind::VoteOpened => "vote_opened",
            NoticeKind::VoteClosed => "vote_closed",
            NoticeKind::OutcomeNotCarriedOut => "outcome_not_carried_out",
            NoticeKind::DeliveryFailing => "delivery_failing",
        }
    }

    /// The kind named `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

impl std::fmt::Display for NoticeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whom a notice is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Recipient {
    Person(PersonId),
    /// Everyone who holds a secretariat token when it is written.
    Secretariat,
}

/// A value a text is filled with.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(i64),
    /// A moment, written in the reader's language (in UTC for now).
    Time(chrono::DateTime<chrono::Utc>),
}

/// What to tell one recipient, in no language yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub recipient: Recipient,
    pub application: Option<ApplicationId>,
    /// The values its texts are filled with, by name.
    pub args: Vec<(&'static str, Arg)>,
    /// Where the reader acts on it, a path under the server's public address.
    pub link: String,
}

impl Notice {
    /// A notice of `kind` for `recipient`, linking to `link`.
    pub fn new(kind: NoticeKind, recipient: Recipient, link: impl Into<String>) -> Self {
        Self {
            kind,
            recipient,
            application: None,
            args: Vec::new(),
            link: link.into(),
        }
    }

    /// About `application`.
    pub fn about(mut self, application: ApplicationId) -> Self {
        self.application = Some(application);
        self
    }

    /// Fills `name` with `value` in its texts.
    pub fn with(mut self, name: &'static str, value: Arg) -> Self {
        self.args.push((name, value));
        self
    }

    /// Fills `name` with a text.
    pub fn text(self, name: &'static str, value: impl Into<String>) -> Self {
        self.with(name, Arg::Text(value.into()))
    }

    /// The value of `name`, if filled.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }
}
