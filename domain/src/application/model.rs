//! The vocabulary of an application: stages, documents, reviews, interviews, signatures.

use crate::ids::PersonId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Where an application stands. The first six are the pipeline, in order; the last two end
/// it early.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Applied,
    Eligible,
    PreCandidate,
    Candidate,
    Approved,
    Initiative,
    Rejected,
    Withdrawn,
}

impl Stage {
    /// Every stage, pipeline first.
    pub const ALL: [Stage; 8] = [
        Stage::Applied,
        Stage::Eligible,
        Stage::PreCandidate,
        Stage::Candidate,
        Stage::Approved,
        Stage::Initiative,
        Stage::Rejected,
        Stage::Withdrawn,
    ];

    /// The stage's name as written in the API and the policy file.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Applied => "applied",
            Stage::Eligible => "eligible",
            Stage::PreCandidate => "pre_candidate",
            Stage::Candidate => "candidate",
            Stage::Approved => "approved",
            Stage::Initiative => "initiative",
            Stage::Rejected => "rejected",
            Stage::Withdrawn => "withdrawn",
        }
    }

    /// Parses a name written by [`Stage::as_str`].
    pub fn parse(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|stage| stage.as_str() == name)
    }

    /// The stage after this one in the pipeline, if any.
    pub fn next(self) -> Option<Stage> {
        match self {
            Stage::Applied => Some(Stage::Eligible),
            Stage::Eligible => Some(Stage::PreCandidate),
            Stage::PreCandidate => Some(Stage::Candidate),
            Stage::Candidate => Some(Stage::Approved),
            Stage::Approved => Some(Stage::Initiative),
            Stage::Initiative | Stage::Rejected | Stage::Withdrawn => None,
        }
    }

    /// Whether the application is still in the pipeline (not ended, not yet an initiative).
    pub fn is_open(self) -> bool {
        !matches!(self, Stage::Initiative | Stage::Rejected | Stage::Withdrawn)
    }

    /// Whether an application in this stage takes a new version of a document: the rule a
    /// submission is checked by, and the one a reader is told so that a page offers an
    /// upload only where it would not be refused.
    pub fn accepts_documents(self) -> bool {
        self.is_open()
    }

    /// Whether its founders can withdraw an application in this stage.
    pub fn can_be_withdrawn(self) -> bool {
        self.is_open()
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kinds of document a founding team submits.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    PreliminaryReport,
    FeasibilityStudy,
    FinancialProjection,
    FuturePlan,
    CommunityStrategy,
    SpaceDesign,
}

impl DocumentKind {
    /// Every kind.
    pub const ALL: [DocumentKind; 6] = [
        DocumentKind::PreliminaryReport,
        DocumentKind::FeasibilityStudy,
        DocumentKind::FinancialProjection,
        DocumentKind::FuturePlan,
        DocumentKind::CommunityStrategy,
        DocumentKind::SpaceDesign,
    ];

    /// The kind's name as written in the API and the policy file.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::PreliminaryReport => "preliminary_report",
            DocumentKind::FeasibilityStudy => "feasibility_study",
            DocumentKind::FinancialProjection => "financial_projection",
            DocumentKind::FuturePlan => "future_plan",
            DocumentKind::CommunityStrategy => "community_strategy",
            DocumentKind::SpaceDesign => "space_design",
        }
    }

    /// Parses a name written by [`DocumentKind::as_str`].
    pub fn parse(name: &str) -> Option<DocumentKind> {
        DocumentKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a panelist recommends after reading a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    Advance,
    Revise,
    Reject,
}

impl fmt::Display for Recommendation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Recommendation::Advance => "advance",
            Recommendation::Revise => "revise",
            Recommendation::Reject => "reject",
        })
    }
}

/// A member of the founding team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Founder {
    /// Whom the founder's personal data is about: their name and e-mail address are
    /// sealed under this person's key, and erased with it. Assigned when the application
    /// is opened; nil in events written before founders had one.
    #[serde(default = "no_person")]
    pub person_id: PersonId,
    pub name: String,
    pub email: String,
}

fn no_person() -> PersonId {
    PersonId(uuid::Uuid::nil())
}

/// The two sides of the membership agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Founders,
    Association,
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Party::Founders => "founders",
            Party::Association => "association",
        })
    }
}

/// Rubric scores, criterion name to a score from 1 to 5.
pub type Scores = BTreeMap<String, u8>;

/// A panelist's judgement of one document version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub scores: Scores,
    pub recommendation: Recommendation,
    pub comments: String,
}

/// One submitted version of a document. Immutable: a new version is a new submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedDocument {
    pub version: u32,
    pub sha256: String,
    pub submitted_at: DateTime<Utc>,
}

/// A panelist assigned to the application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelSeat {
    pub name: String,
    pub recused: bool,
}

/// A review of one document version; every revision is kept, the last one counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelReview {
    pub panelist: PersonId,
    pub kind: DocumentKind,
    pub version: u32,
    pub revisions: Vec<Assessment>,
    /// The latest revision released to the founders, if any.
    #[serde(default)]
    pub released: Option<u32>,
}

impl PanelReview {
    /// The assessment that counts: the latest revision.
    pub fn current(&self) -> Option<&Assessment> {
        self.revisions.last()
    }
}

/// A request that the founders submit a new version of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionRequest {
    pub kind: DocumentKind,
    pub deadline: DateTime<Utc>,
    /// The version that answered the request, once submitted.
    pub answered_by: Option<u32>,
    /// Recorded once the deadline passed unanswered.
    #[serde(default)]
    pub overdue: bool,
}

/// Where an interview stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterviewStatus {
    Scheduled,
    /// Held, and recorded while the application was in `stage`.
    Held {
        stage: Stage,
    },
    Cancelled,
}

/// An interview with the founding team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interview {
    pub scheduled_for: DateTime<Utc>,
    /// Where it takes place, to tell a move from a repeated request.
    pub location: String,
    /// How many times it has been moved.
    pub moves: u32,
    pub status: InterviewStatus,
}

// Reviews, revision requests, interviews and a review's revisions are numbered from 1 in
// the order they were recorded: number `n` is at index `n - 1`.

/// The entry numbered `n` (from 1) of a list.
pub(super) fn nth<T>(items: &[T], n: u32) -> Option<&T> {
    (n as usize).checked_sub(1).and_then(|i| items.get(i))
}

/// The entry numbered `n` (from 1) of a list, to change.
pub(super) fn nth_mut<T>(items: &mut [T], n: u32) -> Option<&mut T> {
    (n as usize).checked_sub(1).and_then(|i| items.get_mut(i))
}

/// The number the next entry of a list gets.
pub(super) fn next_number<T>(items: &[T]) -> u32 {
    u32::try_from(items.len()).map_or(u32::MAX, |n| n.saturating_add(1))
}
