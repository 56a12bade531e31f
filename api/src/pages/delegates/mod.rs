//! A delegate's pages: the home of a person who represents a member hub, with their hub's
//! standing and its network votes, open ones first with what the hub has done so far.
//! The vote itself (the hub's ballot, its recusal) is on the vote's page, which the
//! committee's pages serve for both electorates.

mod home;

pub use home::home;
