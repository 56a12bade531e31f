//! A member hub as the roster keeps it: its place in the network and its delegations.

use super::seat::Seat;
use crate::ids::{ApplicationId, HubId, PersonId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A hub's place in the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    /// A member in good standing: it votes.
    Member,
    /// Suspended, for a reason: no vote until reinstated.
    Suspended { reason: String },
    /// Left the network for good.
    Left { reason: String },
}

/// A member hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubRecord {
    pub name: String,
    pub city: String,
    pub country: String,
    pub joined: NaiveDate,
    pub application_id: Option<ApplicationId>,
    pub standing: Standing,
    /// Every delegation, each a person and the days they represent the hub, oldest first.
    pub delegates: Vec<(PersonId, Seat)>,
}

impl HubRecord {
    /// Whether the hub votes in a network vote opened on `day`.
    pub fn in_good_standing_on(&self, day: NaiveDate) -> bool {
        self.standing == Standing::Member && self.joined <= day
    }

    /// The delegation of `person` still open, if any.
    pub(super) fn open_delegation(&self, person: PersonId) -> Option<&Seat> {
        self.delegates
            .iter()
            .rev()
            .find(|(id, _)| *id == person)
            .map(|(_, term)| term)
            .filter(|term| term.until.is_none())
    }
}

/// Whom a delegate acts for when they act, as the roster stands then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delegation {
    pub hub: HubId,
    /// Whether the hub is in good standing that day: a suspended hub has no vote.
    pub in_good_standing: bool,
}
