//! Every reason a vote refuses a command, and how each is reported.

use crate::actor::Role;
use crate::permissions::NotPermitted;
use crate::policy::Electorate;
use crate::refusal::{Refusable, Refusal};
use crate::text::InputError;
use chrono::{DateTime, Utc};

/// Every reason a vote refuses a command.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VoteError {
    #[error("the vote does not exist")]
    NotFound,
    #[error("the vote has already been opened")]
    AlreadyOpened,
    #[error("the {role} role may not {action}")]
    RoleNotPermitted { role: Role, action: &'static str },
    #[error("{0}")]
    InvalidInput(#[from] InputError),
    #[error("the {electorate} has nobody to vote today: no committee seat is held, or no hub is a member in good standing")]
    NoElectorate { electorate: Electorate },
    #[error("the gate's votes are held in order: the {electorate}'s must pass first")]
    AwaitsEarlierVote { electorate: Electorate },
    #[error("the {electorate}'s vote on this gate has already passed in this stage")]
    GateVoteAlreadyPassed { electorate: Electorate },
    #[error("only a delegate of a member hub votes in a network vote")]
    NotADelegate,
    #[error("the hub the delegate represents is suspended or has left, and has no vote")]
    HubNotInGoodStanding,
    #[error("the motion does not fit the application: {0}")]
    MotionNotApplicable(&'static str),
    #[error("the person is not in this vote's electorate")]
    NotInElectorate,
    #[error("the member declared a conflict of interest and is recused")]
    Recused,
    #[error("the member has already recused themselves")]
    AlreadyRecused,
    #[error("the vote is closed")]
    Closed,
    #[error("the voting time ended at {closes_at}")]
    VotingTimeOver { closes_at: DateTime<Utc> },
    #[error("the vote closes at {closes_at}; only the secretariat may close it earlier")]
    NotYetClosable { closes_at: DateTime<Utc> },
    #[error(
        "a secret vote closes before {closes_at} only once every member has voted or \
         recused; {awaiting} have not"
    )]
    SecretVoteAwaitsMembers {
        closes_at: DateTime<Utc>,
        awaiting: u32,
    },
    #[error("a secret ballot cannot be recorded or counted without the vote's key")]
    KeyMissing,
    #[error("a sealed ballot of this vote does not open with the key given")]
    KeyMismatch,
}

impl VoteError {
    /// How the refusal should be reported.
    pub fn refusal(&self) -> Refusal {
        use Refusal;
        match self {
            VoteError::NotFound => Refusal::NotFound,
            VoteError::RoleNotPermitted { .. }
            | VoteError::NotADelegate
            | VoteError::HubNotInGoodStanding
            | VoteError::NotInElectorate
            | VoteError::Recused => Refusal::Forbidden,
            VoteError::AlreadyOpened
            | VoteError::AlreadyRecused
            | VoteError::Closed
            | VoteError::VotingTimeOver { .. }
            | VoteError::NotYetClosable { .. }
            | VoteError::SecretVoteAwaitsMembers { .. }
            | VoteError::AwaitsEarlierVote { .. }
            | VoteError::GateVoteAlreadyPassed { .. } => Refusal::Conflict,
            VoteError::InvalidInput(_)
            | VoteError::NoElectorate { .. }
            | VoteError::MotionNotApplicable(_) => Refusal::Unprocessable,
            // The server did not hand over the vote's key: not the caller's fault.
            VoteError::KeyMissing | VoteError::KeyMismatch => Refusal::Internal,
        }
    }
}

crate::refusal_rules!(VoteError {
    NotFound => "vote-not-found",
    AlreadyOpened => "vote-already-opened",
    RoleNotPermitted { role, .. } => "role-not-permitted" (role),
    InvalidInput(input) => "invalid-input"
        (problem = input.problem.code(), max = input.problem.max(), min = input.problem.min()),
    NoElectorate { electorate } => "no-electorate" (electorate),
    AwaitsEarlierVote { electorate } => "awaits-earlier-vote" (electorate),
    GateVoteAlreadyPassed { electorate } => "gate-vote-already-passed" (electorate),
    NotADelegate => "not-a-delegate",
    HubNotInGoodStanding => "hub-not-in-good-standing",
    MotionNotApplicable(_) => "motion-not-applicable",
    NotInElectorate => "not-in-electorate",
    Recused => "member-recused",
    AlreadyRecused => "already-recused",
    Closed => "vote-closed",
    VotingTimeOver { closes_at } => "voting-time-over" (closes_at),
    NotYetClosable { closes_at } => "vote-not-yet-closable" (closes_at),
    SecretVoteAwaitsMembers { closes_at, awaiting } => "secret-vote-awaits-members"
        (closes_at, awaiting),
    KeyMissing => "vote-key-missing",
    KeyMismatch => "vote-key-mismatch",
});

impl From<NotPermitted> for VoteError {
    fn from(refused: NotPermitted) -> Self {
        VoteError::RoleNotPermitted {
            role: refused.role,
            action: refused.kind.action(),
        }
    }
}

impl Refusable for VoteError {
    fn refusal(&self) -> Refusal {
        VoteError::refusal(self)
    }
    fn code(&self) -> &'static str {
        VoteError::code(self)
    }
    fn field(&self) -> Option<String> {
        match self {
            VoteError::InvalidInput(input) => Some(input.field.clone()),
            _ => None,
        }
    }
    fn values(&self) -> crate::refusal::Values {
        VoteError::values(self)
    }
}
