//! Checking the store against the log and against signed checkpoints: every event
//! recomputed into its leaf, in the global order, compared with the leaf logged for it,
//! and the tree of each checkpoint recomputed and compared with the root it signed. So the
//! check believes nothing the database says about hashes, only the rows themselves and
//! the checkpoints, whose signatures it verifies with the public key.
//!
//! It reports the first difference in the log's order ([`Difference`]), naming it. What
//! checkpoints cannot show: an event appended after the latest checkpoint by a plain
//! `INSERT` and dated now looks like any event written since; one dated before a
//! checkpoint it comes after is caught as back-dated (beyond a leeway for transactions
//! that were open while the checkpoint was signed).

mod difference;
mod locate;
mod scan;
mod signed;

pub use difference::Difference;

use super::checkpoint::{Checkpoint, PublicKey};
use super::HistoryError;
use chrono::Duration;
use serde::Serialize;
use sqlx::PgPool;

/// How the check is made.
#[derive(Debug, Clone, Copy)]
pub struct AuditOptions {
    /// How much earlier than a checkpoint an event after it may say it was recorded: a
    /// transaction open while the checkpoint was signed commits after it, though its
    /// events were recorded before (write transactions are kept short), and the clocks of
    /// the database and of the server that signed may differ a little.
    pub backdating_leeway: Duration,
}

impl Default for AuditOptions {
    fn default() -> Self {
        Self {
            backdating_leeway: Duration::minutes(5),
        }
    }
}

/// What the check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogAudit {
    /// Leaves in the log.
    pub log_size: u64,
    /// Events in the store, checked.
    pub events: u64,
    /// Events after the log's last leaf, not logged yet.
    pub unlogged: u64,
    /// The tree sizes of the checkpoints the store was found to contain.
    pub contained: Vec<u64>,
    /// The first difference, if any.
    pub first_difference: Option<Difference>,
}

impl LogAudit {
    /// Whether no difference was found.
    pub fn intact(&self) -> bool {
        self.first_difference.is_none()
    }
}

/// Checks the store against its log and against `checkpoints`, whose signatures are
/// verified with `key` (needed when there are checkpoints).
pub async fn audit(
    pool: &PgPool,
    checkpoints: &[Checkpoint],
    key: Option<&PublicKey>,
    options: AuditOptions,
) -> Result<LogAudit, HistoryError> {
    let store: uuid::Uuid = sqlx::query_scalar("SELECT id FROM store_identity")
        .fetch_one(pool)
        .await?;
    let mut sorted: Vec<&Checkpoint> = checkpoints.iter().collect();
    sorted.sort_by(|a, b| (a.tree_size, &a.time).cmp(&(b.tree_size, &b.time)));
    let mut believed = Vec::with_capacity(sorted.len());
    for checkpoint in sorted {
        let key = key.ok_or(HistoryError::NoPublicKey)?;
        let unsigned = |error: String| Difference::Unsigned {
            tree_size: checkpoint.tree_size,
            error,
        };
        let difference = if let Err(error) = checkpoint.verify(key) {
            Some(unsigned(error.to_string()))
        } else if checkpoint.store_id != store {
            Some(Difference::OtherStore {
                tree_size: checkpoint.tree_size,
                checkpoint_store: checkpoint.store_id,
                store,
            })
        } else {
            match (checkpoint.root(), checkpoint.signed_at()) {
                (Ok(root), Ok(time)) => {
                    believed.push(signed::Signed {
                        tree_size: checkpoint.tree_size,
                        root,
                        time,
                        shown_time: checkpoint.time.clone(),
                    });
                    None
                }
                (Err(error), _) | (_, Err(error)) => Some(unsigned(error.to_string())),
            }
        };
        if let Some(difference) = difference {
            return Ok(LogAudit {
                log_size: 0,
                events: 0,
                unlogged: 0,
                contained: Vec::new(),
                first_difference: Some(difference),
            });
        }
    }
    let mut conn = pool.acquire().await?;
    scan::scan(&mut conn, &believed, options).await
}
