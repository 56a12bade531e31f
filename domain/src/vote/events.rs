//! What happened to a vote.

use crate::application::Stage;
use crate::ids::{ApplicationId, HubId, PersonId, VoteId};
use crate::policy::{Electorate, VoteRule};
use chrono::{DateTime, Utc};
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What the committee, or the network, is asked to decide about an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Motion {
    /// Advance the application through the gate into `to`.
    Advance { to: Stage },
    /// Reject the application on these grounds.
    Reject {
        #[schema(min_length = 1, max_length = 4000)]
        grounds: String,
    },
    /// Grant the rejected application's appeal: reopen it where it was rejected.
    Appeal,
}

/// A member's ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Yes,
    No,
    Abstain,
}

/// A ballot as the event store keeps it.
///
/// Why a secret ballot is sealed, and how: the register of a secret vote must show who
/// took part and the tally, never who chose what, and that must hold for anyone who can
/// read the event store, years later, not only for the API. So the choice (and the reason,
/// which could reveal it) of a secret ballot is encrypted with ChaCha20-Poly1305 under a
/// key that belongs to that one vote and is kept outside the event store. The additional
/// data binds each sealed ballot to its vote, member and revision, so a ballot cannot be
/// moved to another member or replayed as another revision. The key is handed to the
/// aggregate in the cast and close commands (commands are never stored); at closing the
/// aggregate opens the latest ballot of each member, counts, and records only the tally.
/// The key is then destroyed, after which no one, the server included, can recover a
/// choice from the database. (A backup or WAL archive taken while the vote was open holds
/// the key beside the sealed ballots: such copies must be guarded like the live database
/// until they expire.) Splitting a ballot into a "took part" event and an anonymous "choice" event
/// was rejected: both would sit in the same stream, one after the other, and their order
/// would link them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "ballot", rename_all = "snake_case")]
pub enum RecordedChoice {
    /// An open ballot: who chose what is part of the record.
    Open {
        choice: Choice,
        reason: Option<String>,
    },
    /// A secret ballot: the choice and reason, sealed; hex-encoded nonce and ciphertext.
    Sealed { nonce: String, ciphertext: String },
}

/// The count of a closed vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct Tally {
    /// Members of the electorate, fixed when the vote opened.
    pub electorate: u32,
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
    /// Members who declared a conflict; they count neither toward quorum nor the result.
    pub recused: u32,
    /// Members who neither voted nor recused.
    pub did_not_vote: u32,
}

/// How a vote ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Quorum met and the threshold reached: the motion is carried.
    Passed,
    /// Quorum met, threshold not reached.
    Failed,
    /// Too few members took part: the vote fails.
    NoQuorum,
}

/// Every fact recorded about a vote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum VoteEvent {
    VoteOpened {
        vote_id: VoteId,
        application_id: ApplicationId,
        /// The application's stage when the vote opened.
        stage: Stage,
        motion: Motion,
        /// Who may vote in a committee vote, from the roster when the vote opened; empty in
        /// a network vote.
        electorate: Vec<(PersonId, String)>,
        /// The member hubs in good standing when a network vote opened, each with one vote;
        /// empty in a committee vote.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        hubs: Vec<(HubId, String)>,
        /// The rule, and in it the electorate: the committee or the network.
        rule: VoteRule,
        policy_version: String,
        closes_at: DateTime<Utc>,
        at: DateTime<Utc>,
    },
    BallotCast {
        /// Who cast the ballot: the member of the committee, or the hub's delegate.
        member: PersonId,
        /// In a network vote, the hub whose one ballot this is.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hub: Option<HubId>,
        /// 1 for the first ballot, 2 for the first change, ...: of the hub's ballot in a
        /// network vote, whichever delegate changed it.
        revision: u32,
        choice: RecordedChoice,
        at: DateTime<Utc>,
    },
    MemberRecused {
        /// Who declared the conflict: the member, or the hub's delegate.
        member: PersonId,
        /// In a network vote, the hub that recuses as a whole.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hub: Option<HubId>,
        reason: String,
        at: DateTime<Utc>,
    },
    VoteClosed {
        application_id: ApplicationId,
        motion: Motion,
        /// Who voted; a vote closed before network votes existed was the committee's.
        #[serde(default)]
        electorate: Electorate,
        tally: Tally,
        outcome: Outcome,
        at: DateTime<Utc>,
    },
}

impl VoteEvent {
    /// The event type of [`VoteEvent::VoteClosed`].
    pub const CLOSED: &'static str = "VoteClosed";

    /// When the event occurred.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            VoteEvent::VoteOpened { at, .. }
            | VoteEvent::BallotCast { at, .. }
            | VoteEvent::MemberRecused { at, .. }
            | VoteEvent::VoteClosed { at, .. } => *at,
        }
    }
}

impl DomainEvent for VoteEvent {
    fn event_type(&self) -> String {
        match self {
            VoteEvent::VoteOpened { .. } => "VoteOpened",
            VoteEvent::BallotCast { .. } => "BallotCast",
            VoteEvent::MemberRecused { .. } => "MemberRecused",
            VoteEvent::VoteClosed { .. } => VoteEvent::CLOSED,
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1.0".to_owned()
    }
}
