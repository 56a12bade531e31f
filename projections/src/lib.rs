//! Charter's read side: tables shaped for reading, fed from the event store by a durable,
//! checkpointed projector.
//!
//! The projector reads every event once, in the global order `(tx_id, global_position)`,
//! and only below `pg_snapshot_xmin(pg_current_snapshot())`, so a transaction that
//! commits late is waited for rather than skipped. Each batch of read-model changes and
//! the checkpoint that covers it commit together: an event takes effect exactly once.
//!
//! Where things are: `engine/` (the projector, the stream guards, the rebuild and the
//! events as read), `read_models/` (one file or folder per read model: its projection,
//! its queries, its rows), `queries/` (read-only queries no single read model owns) and
//! `watermark.rs` (waiting until the read models have applied an event). The event store
//! itself, with the keys of personal data, the announcements of appends and the hash
//! chains, is `charter_store`.
#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod engine;
pub mod queries;
pub mod read_models;
pub mod replica;

// Read-your-writes (with the store's `RecentAppends`, which records appends).
pub mod watermark;

pub use engine::event::{EventMetadata, StoredEvent};
pub use engine::projection::{Follows, Projection, ProjectionError};
pub use engine::projector::{
    checkpoint_of, lag, lag_up_to, Projector, ProjectorSettings, ProjectorStatus,
};
pub use engine::rebuild::{
    rebuild_due, rebuilds_due, DueRebuild, Progress, Rebuild, RebuildError,
    DEFAULT_BATCH_SIZE as REBUILD_BATCH_SIZE,
};
pub use replica::Replica;
pub use watermark::{LocalCheckpoints, Watermark, WatermarkError};

use std::sync::Arc;

/// Every read model Charter keeps, in the order they are listed to operators.
pub fn all() -> Vec<Arc<dyn Projection>> {
    vec![
        Arc::new(read_models::application_summary::ApplicationSummaryProjection),
        Arc::new(read_models::application_timeline::ApplicationTimelineProjection),
        Arc::new(read_models::applicant_status::ApplicantStatusProjection),
        Arc::new(read_models::roster::RosterProjection),
        Arc::new(read_models::hubs::HubsProjection),
        Arc::new(read_models::vote_register::VoteRegisterProjection),
        Arc::new(read_models::deadlines::DeadlinesProjection),
    ]
}
