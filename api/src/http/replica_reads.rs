//! Which database serves a read, when a streaming replica is configured (`--replica-url`):
//! the replica, once its read models have reached what the read must show (see
//! [`charter_projections::Replica`]); the primary when the replica does not get there within
//! its wait, or cannot be reached. Commands, and everything that must not be stale (the
//! caller's token and seat, idempotency keys, sessions), always use the primary.

use charter_projections::Replica;
use sqlx::PgPool;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

/// How many reads each database served, for `/metrics`.
#[derive(Debug, Default)]
pub struct ReadsServed {
    replica: AtomicU64,
    primary: AtomicU64,
}

impl ReadsServed {
    /// Writes the counter family in the Prometheus text format.
    pub fn render(&self, out: &mut String) {
        out.push_str("# HELP charter_reads_served_total Reads that waited for a position or could be served by a replica, by the database that served them (a replica only when one is configured).\n");
        out.push_str("# TYPE charter_reads_served_total counter\n");
        for (by, count) in [("replica", &self.replica), ("primary", &self.primary)] {
            let _ = writeln!(
                out,
                "charter_reads_served_total{{served_by=\"{by}\"}} {}",
                count.load(Ordering::Relaxed)
            );
        }
    }
}

/// The replica's connections when it serves a read that must show `position` (0: nothing
/// in particular) from `projections`; `None` when the primary must.
/// `replica` is the configured one, if any; `served` counts where the read went.
pub async fn replica_for(
    replica: Option<&Replica>,
    served: &ReadsServed,
    position: i64,
    projections: &[&str],
) -> Option<PgPool> {
    let replica = replica?;
    if position <= 0 || replica.reached(position, projections).await {
        served.replica.fetch_add(1, Ordering::Relaxed);
        Some(replica.pool().clone())
    } else {
        served.primary.fetch_add(1, Ordering::Relaxed);
        None
    }
}
