//! What people ask of a committee vote, and what the caller looks up for it beforehand.

use super::events::{Choice, Motion};
use super::seal::{KEY_LEN, NONCE_LEN};
use crate::application::Stage;
use crate::ids::{ApplicationId, PersonId, VoteId};
use crate::permissions::CommandKind;
use chrono::{DateTime, Utc};

/// The application a motion is about, as it stood when the vote was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteSubject {
    pub application_id: ApplicationId,
    pub stage: Stage,
    /// Whether a lodged appeal awaits a decision.
    pub appeal_pending: bool,
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
    Open {
        vote_id: VoteId,
        subject: VoteSubject,
        motion: Motion,
        electorate: Vec<Elector>,
        closes_at: Option<DateTime<Utc>>,
    },
    /// A member casts or changes their ballot. `seal` is required for a secret vote.
    Cast {
        choice: Choice,
        reason: Option<String>,
        seal: Option<SealingKey>,
    },
    /// A member declares a conflict of interest and cannot vote from then on.
    Recuse { reason: String },
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
                electorate,
                closes_at,
            } => f
                .debug_struct("Open")
                .field("vote_id", vote_id)
                .field("subject", subject)
                .field("motion", motion)
                .field("electorate", &electorate.len())
                .field("closes_at", closes_at)
                .finish(),
            VoteCommand::Cast { .. } => f.write_str("Cast { .. }"),
            VoteCommand::Recuse { reason } => {
                f.debug_struct("Recuse").field("reason", reason).finish()
            }
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
