//! What one repository's appends have cost, for `/metrics`.

use std::sync::atomic::{AtomicU64, Ordering};

/// What one repository's appends have cost, for `/metrics`.
#[derive(Debug, Default)]
pub struct AppendStats {
    statements: AtomicU64,
    appends: AtomicU64,
}

impl AppendStats {
    /// Statements that wrote appends (a group, or one alone).
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// Appends those statements carried: over [`AppendStats::statements`], the mean group.
    pub fn appends(&self) -> u64 {
        self.appends.load(Ordering::Relaxed)
    }

    pub(super) fn count(&self, appends: usize) {
        self.statements.fetch_add(1, Ordering::Relaxed);
        self.appends.fetch_add(
            u64::try_from(appends).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
    }
}
