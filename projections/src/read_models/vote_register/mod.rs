//! The vote register: every motion with its electorate, rule, ballots (participation only
//! when secret, and only once closed), changes, recusals, tally, outcome and times; and
//! each member's record. A network vote's electorate is its member hubs, each with one
//! ballot cast or changed by any of its delegates.
//!
//! `projection.rs` writes the tables from the events; `queries.rs` reads them into the
//! types of `rows.rs`; `secrecy.rs` says what a reader may see of who took part.

mod projection;
mod queries;
mod rows;
mod secrecy;

pub(crate) use queries::by_name;
pub use queries::{due_for_closing, find, list, voting_record, VoteFilter};
pub use rows::{
    BallotRecord, CarriedOut, HubBallotRecord, HubMemberRecord, MemberRecord, Participation,
    VoteDetail, VoteSummary, VotingRecordEntry,
};

/// Projects votes into `votes`, and the committee's electorate and ballots into
/// `vote_members` and `vote_ballots`, the network's into `vote_hubs` and `vote_hub_ballots`.
#[derive(Debug, Clone, Copy, Default)]
pub struct VoteRegisterProjection;

/// The projection's name, for waiting on it.
pub const NAME: &str = "vote_register";
