//! The vote register: every motion with its electorate, rule, ballots (participation only
//! when secret, and only once closed), changes, recusals, tally, outcome and times; and
//! each member's record.
//!
//! `projection.rs` writes the tables from the events; `queries.rs` reads them into the
//! types of `rows.rs`; `secrecy.rs` says what a reader may see of who took part.

mod projection;
mod queries;
mod rows;
mod secrecy;

pub(crate) use queries::by_name;
pub use queries::{due_for_closing, find, list, voting_record};
pub use rows::{
    BallotRecord, CarriedOut, MemberRecord, Participation, VoteDetail, VoteSummary,
    VotingRecordEntry,
};

/// Projects committee votes into `votes`, `vote_members` and `vote_ballots`.
#[derive(Debug, Clone, Copy, Default)]
pub struct VoteRegisterProjection;

/// The projection's name, for waiting on it.
pub const NAME: &str = "vote_register";
