//! Who is told what about an event: pure rules, from the event and what the notifier knows
//! of the application or vote it belongs to (see [`crate::notifier`], which keeps that). A
//! roster event needs nothing beyond itself.
//!
//! What a notice may say is bounded by what its reader may read through the API: founders
//! never learn a panelist's name or an unreleased review, nobody learns a secret ballot,
//! and every notice is about one application, told to that application's people only.

mod application;
mod interviews;
mod roster;
mod vote;

#[cfg(test)]
mod tests;

pub use application::decide as application_event;
pub use interviews::INTERVIEW_LENGTH;
pub use roster::decide as roster_event;
pub use vote::decide as vote_event;

use charter_domain::application::Stage;
use charter_domain::policy::Ballot;
use charter_domain::vote::{Motion, Tally};
use charter_domain::{ApplicationId, PersonId, VoteId};

/// What the notifier knows of an application when one of its events arrives.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationFacts {
    pub application_id: ApplicationId,
    pub hub_name: String,
    pub founders: Vec<PersonId>,
    /// The panelists assigned and not conflicted out.
    pub panelists: Vec<PersonId>,
    pub stage: Stage,
    /// Whether the founders have signed the agreement.
    pub founders_signed: bool,
    /// The interview the event is about, as it stood before the event, if it is about one.
    pub interview: Option<InterviewFacts>,
}

/// An interview as scheduled (and moved).
#[derive(Debug, Clone, PartialEq)]
pub struct InterviewFacts {
    pub interview: u32,
    pub scheduled_for: chrono::DateTime<chrono::Utc>,
    pub location: String,
    pub moves: u32,
}

/// What the notifier knows of a vote.
#[derive(Debug, Clone, PartialEq)]
pub struct VoteFacts {
    pub vote_id: VoteId,
    pub application_id: ApplicationId,
    pub hub_name: String,
    pub electorate: Vec<PersonId>,
    pub ballot: Ballot,
    pub motion: Motion,
    /// Whether the network votes (its electorate then the delegates of its hubs).
    pub network: bool,
    /// How it ended (`passed`, `failed`, `no_quorum`), once closed.
    pub outcome: Option<String>,
    /// The count, once closed.
    pub tally: Option<Tally>,
}
