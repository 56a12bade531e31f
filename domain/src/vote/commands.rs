//! What people ask of a committee vote, and what the caller looks up for it beforehand.

use super::events::{Choice, Motion};
use super::seal::{KEY_LEN, NONCE_LEN};
use crate::application::Stage;
use crate::ids::{ApplicationId, HubId, PersonId, VoteId};
use crate::permissions::CommandKind;
use crate::policy::Electorate;
use crate::roster::Delegation;
use chrono::{DateTime, Utc};

/// The application a motion is about, as it stood when the vote was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteSubject {
    pub application_id: ApplicationId,
    pub stage: Stage,
    /// Whether a lodged appeal awaits a decision.
    pub appeal_pending: bool,
    /// The electorates whose votes on the next gate have passed in this stage.
    pub passed: Vec<Electorate>,
}

/// Who may vote, as the roster stands on the day the vote opens: the seated committee
/// and the member hubs in good standing. The motion's rule picks one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Electors {
    pub committee: Vec<Elector>,
    pub hubs: Vec<(HubId, String)>,
}

/// A member of the electorate as the roster names them.
pub type Elector = (PersonId, String);

/// The secret-ballot key of a vote and a fresh nonce for one ballot. Never stored in an
/// event: it reaches the aggregate only inside a command.
#[derive(Clone, PartialEq, Eq)]
pub struct SealingKey {
    pub key: [u8; KEY_LEN],
    pub nonce: [u8; NONCE_LEN],
}

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealingKey(..)")
    }
}

/// Every command a vote handles. Its `Debug` never shows a ballot's choice or reason,
/// so no log line or panic message can tell who chose what in a secret vote.
#[derive(Clone, PartialEq)]
pub enum VoteCommand {
    /// The secretariat opens a vote on `motion` about `subject` with the electorate the
    /// roster gives for today; it closes at `closes_at` or after the policy's voting days.
    /// `asked` names the electorate, where the gate takes votes of more than one; without
    /// it, the gate's first vote that has not passed yet.
    Open {
        vote_id: VoteId,
        subject: VoteSubject,
        motion: Motion,
        electors: Electors,
        asked: Option<Electorate>,
        closes_at: Option<DateTime<Utc>>,
    },
    /// A member casts or changes their ballot; in a network vote, a delegate casts or
    /// changes their hub's, `delegation` saying which hub they represent today. `seal` is
    /// required for a secret vote.
    Cast {
        choice: Choice,
        reason: Option<String>,
        seal: Option<SealingKey>,
        delegation: Option<Delegation>,
    },
    /// A member declares a conflict of interest and cannot vote from then on; in a network
    /// vote, a delegate declares their hub's, and the hub recuses as a whole.
    Recuse {
        reason: String,
        delegation: Option<Delegation>,
    },
    /// The secretariat (any time for an open ballot; for a secret one, early only once
    /// every member has voted or recused) or Charter (once the closing time has passed)
    /// closes the vote. `key` is required for a secret vote, to open the sealed ballots.
    Close { key: Option<[u8; KEY_LEN]> },
}

impl std::fmt::Debug for VoteCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VoteCommand::Open {
                vote_id,
                subject,
                motion,
                electors,
                asked,
                closes_at,
            } => f
                .debug_struct("Open")
                .field("vote_id", vote_id)
                .field("subject", subject)
                .field("motion", motion)
                .field("committee", &electors.committee.len())
                .field("hubs", &electors.hubs.len())
                .field("asked", asked)
                .field("closes_at", closes_at)
                .finish(),
            VoteCommand::Cast { .. } => f.write_str("Cast { .. }"),
            VoteCommand::Recuse { reason, delegation } => f
                .debug_struct("Recuse")
                .field("reason", reason)
                .field("delegation", delegation)
                .finish(),
            VoteCommand::Close { .. } => f.write_str("Close { .. }"),
        }
    }
}

impl VoteCommand {
    /// The command's row in the table of who may give it.
    pub fn kind(&self) -> CommandKind {
        match self {
            VoteCommand::Open { .. } => CommandKind::OpenVote,
            VoteCommand::Cast { .. } => CommandKind::CastBallot,
            VoteCommand::Recuse { .. } => CommandKind::RecuseFromVote,
            VoteCommand::Close { .. } => CommandKind::CloseVote,
        }
    }
}
