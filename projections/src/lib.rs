//! Charter's read side: tables shaped for reading, fed from the event store by a durable,
//! checkpointed projector.
//!
//! The projector reads every event once, in the global order `(tx_id, global_position)`,
//! and only below `pg_snapshot_xmin(pg_current_snapshot())`, so a transaction that
//! commits late is waited for rather than skipped. Each batch of read-model changes and
//! the checkpoint that covers it commit together: an event takes effect exactly once.
#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod announcer;
pub mod applicant_status;
pub mod application_summary;
pub mod application_timeline;
pub mod audit;
pub mod dashboard;
pub mod engine;
pub mod exports;
pub mod integrity;
pub mod listener;
pub mod personal_data;
pub mod review_queue;
pub mod roster;
pub mod vote_register;
pub mod watermark;

// The engine's modules keep the paths they had before it had a folder of its own.
pub use engine::{event, projection, projector, rebuild, stream_guards};

pub use announcer::Announcer;
pub use engine::event::{EventMetadata, StoredEvent};
pub use engine::projection::{Follows, Projection, ProjectionError};
pub use engine::projector::{lag, lag_up_to, Projector, ProjectorSettings, ProjectorStatus};
pub use engine::rebuild::{Progress, Rebuild, RebuildError};
pub use watermark::{LocalCheckpoints, RecentAppends, Watermark, WatermarkError};

use std::sync::Arc;

/// Every read model Charter keeps, in the order they are listed to operators.
pub fn all() -> Vec<Arc<dyn Projection>> {
    vec![
        Arc::new(application_summary::ApplicationSummaryProjection),
        Arc::new(application_timeline::ApplicationTimelineProjection),
        Arc::new(applicant_status::ApplicantStatusProjection),
        Arc::new(roster::RosterProjection),
        Arc::new(vote_register::VoteRegisterProjection),
    ]
}
