//! A notice: what one person (or the secretariat) is to be told, before it is written in
//! their language and put in the outbox.

use charter_domain::vote::{Motion, Tally};
use charter_domain::{ApplicationId, PersonId};

/// Every kind of message Charter sends. The name is what a person's preferences, the
/// outbox and the deliveries list call it; the texts are keyed by it (`locales/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoticeKind {
    // Panelists.
    PanelistAssigned,
    DocumentAwaitsReview,
    ReviewDueSoon,
    ReviewOverdue,
    // Founders.
    EligibilityGranted,
    RevisionRequested,
    RevisionDueSoon,
    RevisionOverdue,
    InterviewScheduled,
    InterviewMoved,
    InterviewCancelled,
    InterviewSoon,
    FeedbackReleased,
    StageReached,
    AgreementAwaitsSignature,
    ApplicationRejected,
    AppealReceived,
    AppealDecided,
    // Committee members.
    VoteOpened,
    VoteClosingSoon,
    VoteClosed,
    // The secretariat.
    OutcomeNotCarriedOut,
    AdmissionRefused,
    StageOverdue,
    DeliveryFailing,
    // Anyone registered on the roster with an address.
    Invited,
    // Anyone who chose a daily digest for some kinds.
    DailyDigest,
    // Anyone signing in to the pages: the one-time code they asked for.
    SignInCode,
}

impl NoticeKind {
    /// Every kind, in the order the preferences list them.
    pub const ALL: [NoticeKind; 28] = [
        NoticeKind::PanelistAssigned,
        NoticeKind::DocumentAwaitsReview,
        NoticeKind::ReviewDueSoon,
        NoticeKind::ReviewOverdue,
        NoticeKind::EligibilityGranted,
        NoticeKind::RevisionRequested,
        NoticeKind::RevisionDueSoon,
        NoticeKind::RevisionOverdue,
        NoticeKind::InterviewScheduled,
        NoticeKind::InterviewMoved,
        NoticeKind::InterviewCancelled,
        NoticeKind::InterviewSoon,
        NoticeKind::FeedbackReleased,
        NoticeKind::StageReached,
        NoticeKind::AgreementAwaitsSignature,
        NoticeKind::ApplicationRejected,
        NoticeKind::AppealReceived,
        NoticeKind::AppealDecided,
        NoticeKind::VoteOpened,
        NoticeKind::VoteClosingSoon,
        NoticeKind::VoteClosed,
        NoticeKind::OutcomeNotCarriedOut,
        NoticeKind::AdmissionRefused,
        NoticeKind::StageOverdue,
        NoticeKind::DeliveryFailing,
        NoticeKind::Invited,
        NoticeKind::DailyDigest,
        NoticeKind::SignInCode,
    ];

    /// The kind's name, in snake case.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::PanelistAssigned => "panelist_assigned",
            NoticeKind::DocumentAwaitsReview => "document_awaits_review",
            NoticeKind::ReviewDueSoon => "review_due_soon",
            NoticeKind::ReviewOverdue => "review_overdue",
            NoticeKind::EligibilityGranted => "eligibility_granted",
            NoticeKind::RevisionRequested => "revision_requested",
            NoticeKind::RevisionDueSoon => "revision_due_soon",
            NoticeKind::RevisionOverdue => "revision_overdue",
            NoticeKind::InterviewScheduled => "interview_scheduled",
            NoticeKind::InterviewMoved => "interview_moved",
            NoticeKind::InterviewCancelled => "interview_cancelled",
            NoticeKind::InterviewSoon => "interview_soon",
            NoticeKind::FeedbackReleased => "feedback_released",
            NoticeKind::StageReached => "stage_reached",
            NoticeKind::AgreementAwaitsSignature => "agreement_awaits_signature",
            NoticeKind::ApplicationRejected => "application_rejected",
            NoticeKind::AppealReceived => "appeal_received",
            NoticeKind::AppealDecided => "appeal_decided",
            NoticeKind::VoteOpened => "vote_opened",
            NoticeKind::VoteClosingSoon => "vote_closing_soon",
            NoticeKind::VoteClosed => "vote_closed",
            NoticeKind::OutcomeNotCarriedOut => "outcome_not_carried_out",
            NoticeKind::AdmissionRefused => "admission_refused",
            NoticeKind::StageOverdue => "stage_overdue",
            NoticeKind::DeliveryFailing => "delivery_failing",
            NoticeKind::Invited => "invited",
            NoticeKind::DailyDigest => "daily_digest",
            NoticeKind::SignInCode => "sign_in_code",
        }
    }

    /// Whether its reader may not switch it off, only have it batched into a daily digest:
    /// a deadline, an appointment, a vote in their electorate, or the secretariat's
    /// warnings that something is stuck. An invitation is not even batched (see
    /// [`NoticeKind::is_chosen`]).
    pub fn is_required(self) -> bool {
        match self {
            NoticeKind::DocumentAwaitsReview
            | NoticeKind::ReviewDueSoon
            | NoticeKind::ReviewOverdue
            | NoticeKind::RevisionRequested
            | NoticeKind::RevisionDueSoon
            | NoticeKind::RevisionOverdue
            | NoticeKind::InterviewScheduled
            | NoticeKind::InterviewMoved
            | NoticeKind::InterviewCancelled
            | NoticeKind::InterviewSoon
            | NoticeKind::VoteOpened
            | NoticeKind::VoteClosingSoon
            | NoticeKind::OutcomeNotCarriedOut
            | NoticeKind::AdmissionRefused
            | NoticeKind::StageOverdue
            | NoticeKind::DeliveryFailing
            | NoticeKind::Invited
            | NoticeKind::SignInCode => true,
            NoticeKind::PanelistAssigned
            | NoticeKind::EligibilityGranted
            | NoticeKind::FeedbackReleased
            | NoticeKind::StageReached
            | NoticeKind::AgreementAwaitsSignature
            | NoticeKind::ApplicationRejected
            | NoticeKind::AppealReceived
            | NoticeKind::AppealDecided
            | NoticeKind::VoteClosed
            | NoticeKind::DailyDigest => false,
        }
    }

    /// Whether a person chooses how they receive it. They do not choose for the digest
    /// itself, nor for their invitation: it comes once, when they are put on the roster,
    /// before they could have chosen anything, and it is how they learn to sign in; nor
    /// for a sign-in code, which is sent at once or is of no use.
    pub fn is_chosen(self) -> bool {
        !matches!(
            self,
            NoticeKind::DailyDigest | NoticeKind::Invited | NoticeKind::SignInCode
        )
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
    /// Words of their own, text `id` of the reader's language filled with `args`: what
    /// a sentence says in a part (a motion, a count), so that no word of it is the code's.
    Phrase {
        id: String,
        args: Vec<(&'static str, Arg)>,
    },
}

impl Arg {
    /// Text `id`, filled with `args`.
    pub fn phrase(id: impl Into<String>, args: Vec<(&'static str, Arg)>) -> Self {
        Arg::Phrase {
            id: id.into(),
            args,
        }
    }

    /// What `motion` proposes (`motion-advance`, `motion-reject`, `motion-appeal`).
    pub fn motion(motion: &Motion) -> Self {
        match motion {
            Motion::Advance { to } => Arg::phrase(
                "motion-advance",
                vec![("stage", Arg::Text(to.as_str().to_owned()))],
            ),
            Motion::Reject { .. } => Arg::phrase("motion-reject", Vec::new()),
            Motion::Appeal => Arg::phrase("motion-appeal", Vec::new()),
        }
    }

    /// A closed vote's count (`tally`), or `tally-unknown` when it is not known.
    pub fn tally(tally: Option<&Tally>) -> Self {
        let Some(tally) = tally else {
            return Arg::phrase("tally-unknown", Vec::new());
        };
        let count = |n: u32| Arg::Number(i64::from(n));
        Arg::phrase(
            "tally",
            vec![
                ("yes", count(tally.yes)),
                ("no", count(tally.no)),
                ("abstain", count(tally.abstain)),
                ("did_not_vote", count(tally.did_not_vote)),
            ],
        )
    }

    /// The name of the kind of message called `kind` (`kind-<kind>`).
    pub fn kind(kind: &str) -> Self {
        Arg::phrase(format!("kind-{kind}"), Vec::new())
    }
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
    /// The calendar entry the message carries as an invitation (an interview's), its UID
    /// without the `@host` the outbox adds.
    pub calendar: Option<crate::calendar::CalendarEntry>,
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
            calendar: None,
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

    /// Carries `entry` as a calendar invitation.
    pub fn inviting(mut self, entry: crate::calendar::CalendarEntry) -> Self {
        self.calendar = Some(entry);
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
