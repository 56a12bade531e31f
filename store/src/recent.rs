//! The transaction ids of this process's latest appends, so that its readers need not ask
//! the database which transaction wrote an event they wait for (see the projections'
//! `Watermark::with_recent`).

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

/// The transaction ids of this process's latest appends, by global position, so that a
/// read that waits for its own write need not ask the database for it.
#[derive(Debug, Clone, Default)]
pub struct RecentAppends(Arc<std::sync::Mutex<Recent>>);

#[derive(Debug, Default)]
struct Recent {
    tx_of: HashMap<i64, i64>,
    order: VecDeque<i64>,
}

impl RecentAppends {
    /// How many positions are kept; the oldest go first.
    pub const KEPT: usize = 4096;

    /// Records that the events at `positions` were appended by transaction `tx_id`.
    pub fn record(&self, positions: &[i64], tx_id: i64) {
        let mut recent = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for &position in positions {
            if recent.tx_of.insert(position, tx_id).is_none() {
                recent.order.push_back(position);
            }
        }
        while recent.order.len() > Self::KEPT {
            if let Some(oldest) = recent.order.pop_front() {
                recent.tx_of.remove(&oldest);
            }
        }
    }

    /// The transaction that appended the event at `position`, if this process did,
    /// recently.
    pub fn tx_of(&self, position: i64) -> Option<i64> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .tx_of
            .get(&position)
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::RecentAppends;

    #[test]
    fn recent_appends_keep_the_latest_positions_only() {
        let recent = RecentAppends::default();
        recent.record(&[1, 2, 3], 70);
        assert_eq!(recent.tx_of(2), Some(70));
        assert_eq!(recent.tx_of(4), None);
        let later: Vec<i64> = (4..4 + RecentAppends::KEPT as i64).collect();
        recent.record(&later, 71);
        assert_eq!(recent.tx_of(3), None, "the oldest went first");
        assert_eq!(recent.tx_of(4), Some(71));
        assert_eq!(recent.tx_of(3 + RecentAppends::KEPT as i64), Some(71));
    }
}
