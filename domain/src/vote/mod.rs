//! The `CommitteeVote` aggregate: one motion about one application, put to the Membership
//! Committee (one member one vote) or to the network (one member hub one vote), from opening
//! to its tally. The type keeps its first name: it names every vote's stream in the store.
//!
//! A vote is its own aggregate so that twenty members voting at once contend only with
//! each other, never with the application's own writes.

mod aggregate;
mod commands;
mod decide;
mod errors;
mod events;
mod evolve;
mod opening;
mod seal;
mod tally;

#[cfg(test)]
mod tests;

pub use aggregate::{CommitteeVote, Member, VoteServices};
pub use commands::{Elector, Electors, SealingKey, VoteCommand, VoteSubject};
pub use errors::VoteError;
pub use events::{Choice, Motion, Outcome, RecordedChoice, Tally, VoteEvent};
pub use seal::{KEY_LEN, NONCE_LEN};
pub use tally::{count, decide_outcome};
