//! The write path. [`CommandBus`] runs a command on an aggregate and appends what it
//! decided; the operations built on it look up what their commands need first: a vote's
//! electorate and key ([`votes`]), a person's enrolment ([`enrolment`]), an erasure
//! ([`erasure`]).

pub mod aggregate_cache;
mod bus;
mod context;
pub mod enrolment;
pub mod erasure;
mod outcome;
mod prerequisite;
mod stream_locks;
pub mod upgrades;
pub mod votes;
pub mod written;

pub use bus::{CommandBus, CACHED_AGGREGATES};
pub use context::{CommandContext, ExpectedVersion, IdempotencyKey, VersionMatch};
pub use outcome::{Accepted, CommandError};
pub use prerequisite::Prerequisite;
