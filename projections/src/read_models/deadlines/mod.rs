//! Deadlines: what falls due, when, and who still has to act on it. What reminders are
//! sent from (each keyed by [`DueReminder::reminder_key`], so that it is sent once) and
//! what each person's calendar shows.
//!
//! Five kinds (see [`DeadlineKind`]): a panelist's review of the latest version of a
//! document, a revision the founders owe, a vote's closing for the members who have not
//! voted, an interview the founders attend, and an application's stay in a stage the
//! policy limits (no people: the secretariat is told). The review and stage times are
//! the policy's, computed when read (see `queries.rs`); the others are named by their
//! events.
//!
//! `projection.rs` takes the events in and writes the shared steps, `applications.rs`
//! and `votes.rs` say what each aggregate's events change (`submissions.rs` writes a run
//! of documents submitted at once), `queries.rs` reads the tables into the types of
//! `rows.rs`.

mod applications;
mod projection;
mod queries;
mod rows;
mod submissions;
mod votes;

pub use queries::{for_person, reminders_due};
pub use rows::{Deadline, DeadlineKind, DueReminder};

/// Projects application and vote events into `deadlines`, `deadline_people` and
/// `deadline_parties`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DeadlinesProjection;

/// The projection's name, for waiting on it.
pub const NAME: &str = "deadlines";
