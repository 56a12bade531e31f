//! The summary as it is read: the rows and views the API serves.

use crate::read_models::Audience;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::FromRow;
use utoipa::ToSchema;
use uuid::Uuid;

/// A member of the founding team, as shown.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct FounderView {
    /// The id their personal data is kept under, for a request to erase it; absent for
    /// applications opened before founders had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<Uuid>,
    pub name: String,
    pub email: String,
}

/// One version of a submitted document.
#[derive(Debug, Clone, Serialize, serde::Deserialize, FromRow, ToSchema)]
pub struct DocumentView {
    /// `preliminary_report`, `feasibility_study`, `financial_projection`, `future_plan`,
    /// `community_strategy` or `space_design`.
    pub kind: String,
    pub version: i32,
    pub sha256: String,
    pub size: i64,
    pub media_type: String,
    pub file_name: String,
    pub submitted_by: Uuid,
    pub submitted_at: DateTime<Utc>,
}

/// An application as listed.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct ApplicationListItem {
    pub application_id: Uuid,
    pub city: String,
    pub country: String,
    pub hub_name: String,
    /// `applied`, `eligible`, `pre_candidate`, `candidate`, `approved`, `initiative`,
    /// `rejected` or `withdrawn`.
    pub stage: String,
    pub stage_since: DateTime<Utc>,
    pub opened_at: DateTime<Utc>,
    /// The panel reviews filed. Absent for founders: with the checklist of the next gate
    /// it would tell them of reviews not released to them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_count: Option<i32>,
    /// The earliest deadline of an unanswered revision request.
    pub next_deadline: Option<DateTime<Utc>>,
    /// `pending`, `granted` or `dismissed` once the founders appealed a rejection.
    pub appeal: Option<String>,
    /// The last event applied: the aggregate's version as the read model knows it.
    /// Absent for founders, like `updated_at`: both move with the panel's work that is
    /// not theirs to see (a command's answer still gives its own version).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
}

impl ApplicationListItem {
    /// The application as `audience` may see it: without the figures that follow the
    /// panel's hidden work (review count, version, last change) for founders.
    pub fn seen_by(mut self, audience: Audience) -> Self {
        if audience == Audience::Everyone {
            self.review_count = None;
            self.version = None;
            self.updated_at = None;
        }
        self
    }
}

/// A panelist on the application's panel.
#[derive(Debug, Clone, Serialize, serde::Deserialize, FromRow, ToSchema)]
pub struct PanelistView {
    pub panelist_id: Uuid,
    pub name: String,
    pub assigned_at: DateTime<Utc>,
    /// Set once the panelist declared a conflict of interest.
    pub recused_at: Option<DateTime<Utc>>,
}

/// A request for a new version of a document.
#[derive(Debug, Clone, Serialize, serde::Deserialize, FromRow, ToSchema)]
pub struct RevisionRequestView {
    pub request: i32,
    pub kind: String,
    pub deadline: DateTime<Utc>,
    pub reason: String,
    pub requested_at: DateTime<Utc>,
    pub answered_version: Option<i32>,
    pub answered_at: Option<DateTime<Utc>>,
    /// When Charter recorded that the deadline passed unanswered.
    pub overdue_at: Option<DateTime<Utc>>,
}

/// Everything the summary knows of one application.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApplicationSummary {
    #[serde(flatten)]
    pub application: ApplicationListItem,
    pub founders: Vec<FounderView>,
    /// The latest version of each document kind submitted.
    pub documents: Vec<DocumentView>,
    /// Empty for founders: who sits on the panel is the secretariat's to tell.
    pub panel: Vec<PanelistView>,
    pub revision_requests: Vec<RevisionRequestView>,
}

impl ApplicationSummary {
    /// The summary as `audience` may see it: founders see nothing that moves with the
    /// panel's work alone (its members, its review count, the version it advances), so
    /// that their view changes only when something they may see does.
    pub fn seen_by(mut self, audience: Audience) -> Self {
        self.application = self.application.seen_by(audience);
        if audience == Audience::Everyone {
            self.panel.clear();
        }
        self
    }
}

/// A panel review as its reader may see it: the staff see every review at its current
/// revision, with its panelist and every revision; founders see only a review released to
/// them, at its latest released revision, with only the revisions released, and without
/// the panelist or when the panel worked on it.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct PanelReviewView {
    /// Numbered from 1 within the application.
    pub review: i32,
    /// Who filed it; absent for founders.
    pub panelist: Option<ReviewerView>,
    /// The document kind read.
    pub kind: String,
    /// The exact version read.
    pub version: i32,
    /// The current revision (1 is the review as filed); for founders, the latest released.
    pub revision: i32,
    /// `advance`, `revise` or `reject`, as of `revision`.
    pub recommendation: String,
    /// When it was filed; absent for founders.
    pub filed_at: Option<DateTime<Utc>>,
    /// When it was last revised; absent for founders and for a review never revised.
    pub revised_at: Option<DateTime<Utc>>,
    /// The latest revision released to the founders, if any.
    pub released_revision: Option<i32>,
    /// Its revisions, oldest first: every one for the staff, the released ones for founders.
    pub revisions: Vec<ReviewRevisionView>,
}

/// The panelist who filed a review.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct ReviewerView {
    pub panelist_id: Uuid,
    /// Their name as the panel lists it (`[erased]` once their personal data is erased).
    pub name: Option<String>,
}

/// One version of a review: as filed (revision 1) or a later revision.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct ReviewRevisionView {
    pub revision: i32,
    /// When the panelist wrote it; absent for founders.
    pub at: Option<DateTime<Utc>>,
    /// `advance`, `revise` or `reject`.
    pub recommendation: String,
    /// When it was released to the founders, if it was.
    pub released_at: Option<DateTime<Utc>>,
}
