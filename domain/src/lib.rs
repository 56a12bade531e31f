//! Charter's write-side domain: the `Application` aggregate, its commands, events and
//! refusals, and the gate policy that says what each stage of candidacy requires.
//!
//! Nothing here performs I/O. What a command needs from outside (the clock, the acting
//! person, the bytes' hash) is looked up by the caller and put into the command.

pub mod actor;
pub mod application;
pub mod ids;
pub mod policy;
pub mod refusal;
pub mod roster;
pub mod text;
pub mod vote;

pub use actor::{Actor, Authored, Role};
pub use ids::{ApplicationId, PersonId, VoteId};
pub use policy::Policy;
pub use refusal::{Refusable, Refusal};
