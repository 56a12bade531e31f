//! Turns taken by the writers of one aggregate in this process.

use std::collections::HashMap;
use std::sync::{Arc, Weak};

/// One lock per aggregate being written in this process. Writers to the same aggregate
/// take turns here instead of racing to the database and retrying; conflicts remain
/// possible only with other server instances, and those are retried.
#[derive(Debug, Default)]
pub(super) struct StreamLocks {
    locks: std::sync::Mutex<HashMap<String, Weak<tokio::sync::Mutex<()>>>>,
}

impl StreamLocks {
    pub(super) fn get(&self, aggregate_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self
            .locks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(lock) = locks.get(aggregate_id).and_then(Weak::upgrade) {
            return lock;
        }
        // Forget the locks nobody holds any more before the map grows.
        if locks.len() >= 1024 {
            locks.retain(|_, lock| lock.strong_count() > 0);
        }
        let lock = Arc::new(tokio::sync::Mutex::new(()));
        locks.insert(aggregate_id.to_owned(), Arc::downgrade(&lock));
        lock
    }
}
