//! Which version of an aggregate a command is conditional on: what an `If-Match` sent with
//! it is checked against, and what its answer reports as the version to send next time.

use cqrs_es::Aggregate;

/// An aggregate whose commands may each act on a part of it with a version of its own.
/// Most act on the whole aggregate, whose version is the sequence of its last event; the
/// roster, one stream for everyone, versions each person apart (see
/// [`crate::roster::Roster::version_of`]), so that a change to one person does not make
/// a condition on another stale.
pub trait Versioned: Aggregate {
    /// The version of what `command` acts on, in this state, the stream being at
    /// `sequence`. By default the stream's: `sequence` itself.
    fn version_for(&self, command: &Self::Command, sequence: i64) -> i64 {
        let _ = command;
        sequence
    }
}
