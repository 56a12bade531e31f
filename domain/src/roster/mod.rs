//! The roster: the people Charter knows, their committee seats, their place in the expert
//! panel pool and in the secretariat. One roster for the network, kept as one event stream, so that the
//! electorate fixed when a vote opens is read from a consistent state.

mod aggregate;
mod commands;
mod decide;
mod errors;
mod events;
mod evolve;
mod validate;

#[cfg(test)]
mod tests;

pub use aggregate::{PersonRecord, Roster, RosterServices, Seat, ROSTER_ID};
pub use commands::RosterCommand;
pub use errors::RosterError;
pub use events::RosterEvent;
