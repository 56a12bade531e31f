//! The `CommitteeVote` aggregate: one motion of the Membership Committee about one
//! application, from opening to its tally.
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
pub use commands::{Elector, SealingKey, VoteCommand, VoteSubject};
pub use errors::VoteError;
pub use events::{Choice, Motion, Outcome, RecordedChoice, Tally, VoteEvent};
pub use seal::{KEY_LEN, NONCE_LEN};
pub use tally::{count, decide_outcome};
