//! The application summary: stage and since when, founders, latest document versions,
//! panel, review count and the next deadline; the panel's reviews with each revision and
//! what was released of them. Also the panel assignments the API checks before showing an
//! application to a panelist.
//!
//! `projection.rs` writes the tables from the events (with `batched.rs`, the writes made a
//! batch at a time, and `reviews.rs`, the reviews'); `queries.rs` reads them into the
//! types of `rows.rs`. The founders' names and addresses and the panelists' names are kept
//! sealed under each person's own key (see `charter_store::opening`); the queries open them.

mod batched;
mod projection;
mod queries;
mod reviews;
mod rows;

pub use queries::{
    document, documents, find, is_active_panelist, list, reviews, revisions_past_deadline,
    ListFilter, ListOrder,
};
pub use rows::{
    ApplicationListItem, ApplicationSummary, DocumentView, FounderView, PanelReviewView,
    PanelistView, ReviewRevisionView, ReviewerView, RevisionRequestView,
};

/// Projects applications into `application_summaries` and its companion tables.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApplicationSummaryProjection;

/// The projection's name, for waiting on it.
pub const NAME: &str = "application_summary";
