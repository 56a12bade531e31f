//! Charter's event store as the write side sees it, and what holds it to account.
//!
//! - [`applications`]: what an application's opening recorded in the clear, from the store;
//! - [`db`]: connecting (creating the database when missing), migrating, the connection an
//!   appender keeps, and the one rule for "the database is unreachable";
//! - [`outage`]: the SQLSTATEs of a server that is away, and finding a lost database among
//!   an error's causes;
//! - [`sealing`]: postgres-es's event repository with personal data sealed on the way in
//!   and opened on the way out, and the append path (one statement per command, or per
//!   group of commands that waited while another was written);
//! - [`personal_data`]: the key of each person their data is sealed under, and erasing it;
//! - [`announcer`] and [`listener`]: telling projectors (of this process and others) that
//!   events were appended, and hearing what other processes announce;
//! - [`position`]: where an aggregate's event stands in the global order;
//! - [`recent`]: which transaction appended this process's latest events, for its readers;
//! - [`metadata`]: what every event records of who caused it;
//! - [`event_row`]: an event's row as stored, for what is recomputed from it;
//! - [`integrity`]: recomputing every aggregate's hash chain;
//! - [`merkle`]: the Merkle tree of RFC 9162, pure;
//! - [`history`]: that tree over every event, its signed checkpoints, proofs, and the
//!   check of the store against them.
#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod announcer;
pub mod applications;
pub mod db;
mod erasures;
pub mod event_row;
pub mod history;
pub mod integrity;
pub mod keys;
pub mod listener;
pub mod merkle;
pub mod metadata;
pub mod opening;
pub mod outage;
pub mod personal_data;
pub mod position;
pub mod recent;
pub mod roles;
pub mod sealing;

pub use announcer::Announcer;
pub use metadata::EventMetadata;
pub use recent::RecentAppends;
