//! Charter's write-side domain: the `Application` aggregate, its commands, events and
//! refusals, the gate policy that says what each stage of candidacy requires, and the
//! table of which role may give which command (`permissions`).
//!
//! Nothing here performs I/O. What a command needs from outside (the clock, the acting
//! person, the bytes' hash) is looked up by the caller and put into the command.

pub mod actor;
pub mod application;
pub mod ids;
pub mod permissions;
pub mod personal;
pub mod policy;
pub mod refusal;
pub mod roster;
pub mod text;
pub mod versioned;
pub mod vote;

pub use actor::{Actor, Authored, Role};
pub use ids::{ApplicationId, PersonId, VoteId};
pub use permissions::CommandKind;
pub use policy::Policy;
pub use refusal::{Refusable, Refusal};
pub use versioned::Versioned;

/// Hands `events`, decided in full beforehand, to cqrs-es: each is applied to the
/// aggregate and collected for the append. Deciding first means a refused command has
/// written nothing to the sink.
pub(crate) async fn record<A: cqrs_es::Aggregate>(
    aggregate: &mut A,
    sink: &cqrs_es::event_sink::EventSink<A>,
    events: Vec<A::Event>,
) {
    for event in events {
        sink.write(event, aggregate).await;
    }
}
