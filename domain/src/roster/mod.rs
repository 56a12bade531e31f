//! The roster: the people Charter knows, their committee seats and their place in the
//! expert panel pool. One roster for the network, kept as one event stream, so that the
//! electorate fixed when a vote opens is read from a consistent state.

mod aggregate;
mod decide;
mod events;

#[cfg(test)]
mod tests;

pub use aggregate::{PersonRecord, Roster, RosterServices, Seat, ROSTER_ID};
pub use decide::{RosterCommand, RosterError};
pub use events::RosterEvent;
