//! The roster: the people Charter knows, their committee seats, their place in the expert
//! panel pool and in the secretariat, and the member hubs of the network with their
//! delegates. One roster for the network, kept as one event stream, so that the
//! electorate fixed when a vote opens is read from a consistent state.

mod aggregate;
mod commands;
mod decide;
mod errors;
mod events;
mod evolve;
mod hub_record;
mod hubs;
mod seat;
mod validate;

#[cfg(test)]
mod tests;

pub use aggregate::{PersonRecord, Roster, RosterServices, ROSTER_ID};
pub use commands::{HubCommand, RosterCommand};
pub use errors::RosterError;
pub use events::RosterEvent;
pub use hub_record::{Delegation, HubRecord, Standing};
pub use seat::Seat;
