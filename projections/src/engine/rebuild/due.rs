//! The rebuilds migrations ask for. A migration that gives a read model a column or a
//! table filled only from events already applied records in `projection_rebuilds_due` that
//! the read model must be rebuilt; [`rebuild_due`] carries that out (the server does before
//! it serves, so no reader sees the new column or table still empty), and the switch of
//! any rebuild of the read model prepared after the request clears it.

use super::{Progress, Rebuild, RebuildError};
use crate::engine::projection::Projection;
use sqlx::postgres::PgPool;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The events a rebuild applies per batch unless told otherwise (see `charter projections
/// rebuild --batch-size`).
pub const DEFAULT_BATCH_SIZE: i64 = 2_000;

/// The name of a rebuild of several read models that migrations asked for together (and
/// of its copy's schema).
const MIGRATED: &str = "migrated_read_models";

/// How long to wait before looking again while another process rebuilds a read model
/// that is due.
const BUSY_WAIT: Duration = Duration::from_millis(500);

/// How often the progress of a rebuild that is due is logged.
const REPORT_EVERY: Duration = Duration::from_secs(5);

/// A rebuild a migration asked for and nobody has carried out yet.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DueRebuild {
    pub projection: String,
    /// Why, in the migration's words.
    pub reason: String,
}

/// The rebuilds that are due, by read model.
pub async fn rebuilds_due(pool: &PgPool) -> Result<Vec<DueRebuild>, sqlx::Error> {
    sqlx::query_as("SELECT projection, reason FROM projection_rebuilds_due ORDER BY projection")
        .fetch_all(pool)
        .await
}

/// Rebuilds those of `projections` that are due, in one pass over the events, logging the
/// progress; the names of those rebuilt (none when nothing is due). When another process
/// is rebuilding one of them (another instance starting, or an operator's rebuild), waits
/// for it to finish and looks again: its switch clears the request if it was prepared
/// after it, else they are rebuilt here in turn.
pub async fn rebuild_due(
    pool: &PgPool,
    projections: &[Arc<dyn Projection>],
    batch_size: i64,
) -> Result<Vec<&'static str>, RebuildError> {
    loop {
        let due = rebuilds_due(pool).await?;
        let chosen: Vec<Arc<dyn Projection>> = projections
            .iter()
            .filter(|projection| due.iter().any(|d| d.projection == projection.name()))
            .cloned()
            .collect();
        let names: Vec<&'static str> = chosen.iter().map(|p| p.name()).collect();
        for request in due
            .iter()
            .filter(|d| !names.contains(&d.projection.as_str()))
        {
            tracing::warn!(projection = %request.projection, reason = %request.reason,
                "a rebuild is due of a read model this version does not have; left as it is");
        }
        let name = match names.as_slice() {
            [] => return Ok(names),
            [one] => *one,
            _ => MIGRATED,
        };
        for request in due
            .iter()
            .filter(|d| names.contains(&d.projection.as_str()))
        {
            tracing::info!(projection = %request.projection, reason = %request.reason,
                "rebuilding a read model a migration changed");
        }
        let mut last = Instant::now();
        let report = |progress: Progress| {
            if last.elapsed() >= REPORT_EVERY {
                last = Instant::now();
                tracing::info!(
                    rebuild = name,
                    read = progress.read,
                    total = progress.total,
                    percent = progress.percent(),
                    "rebuilding"
                );
            }
        };
        match Rebuild::run_group(pool, name, chosen, batch_size, report).await {
            Ok(done) => {
                tracing::info!(
                    rebuild = name,
                    events = done.read,
                    seconds = done.elapsed.as_secs_f64(),
                    "rebuilt and switched in"
                );
                return Ok(names);
            }
            Err(RebuildError::Busy(busy)) => {
                tracing::info!(
                    projection = busy,
                    "another process is rebuilding it; waiting"
                );
                tokio::time::sleep(BUSY_WAIT).await;
            }
            Err(error) => return Err(error),
        }
    }
}
