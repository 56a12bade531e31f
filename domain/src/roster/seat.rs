//! A term held from one day until another: a committee seat, or a hub's delegation.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A committee seat held from `since` until the day before `until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    pub since: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Seat {
    /// Whether the seat is held on `day`.
    pub fn held_on(&self, day: NaiveDate) -> bool {
        self.since <= day && self.until.is_none_or(|until| day < until)
    }
}
