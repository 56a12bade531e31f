//! How a vote turns a command into events or a refusal.

use super::aggregate::CommitteeVote;
use super::events::{Choice, Motion, RecordedChoice, VoteEvent};
use super::seal::{self, KEY_LEN, NONCE_LEN};
use super::tally;
use crate::actor::{Authored, Role};
use crate::application::Stage;
use crate::ids::{ApplicationId, PersonId, VoteId};
use crate::policy::{Ballot, Policy, VoteRule};
use crate::text::{self, InputError, InputProblem};
use chrono::{DateTime, Duration, Utc};

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
    /// The secretariat (any time) or Charter (once the closing time has passed) closes
    /// the vote. `key` is required for a secret vote, to open the sealed ballots.
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
    #[error("nobody holds a committee seat today, so there is no electorate")]
    NoElectorate,
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
    #[error("a secret ballot cannot be recorded or counted without the vote's key")]
    KeyMissing,
    #[error("a sealed ballot of this vote does not open with the key given")]
    KeyMismatch,
}

impl VoteError {
    /// How the refusal should be reported.
    pub fn refusal(&self) -> crate::application::Refusal {
        use crate::application::Refusal;
        match self {
            VoteError::NotFound => Refusal::NotFound,
            VoteError::RoleNotPermitted { .. }
            | VoteError::NotInElectorate
            | VoteError::Recused => Refusal::Forbidden,
            VoteError::AlreadyOpened
            | VoteError::AlreadyRecused
            | VoteError::Closed
            | VoteError::VotingTimeOver { .. }
            | VoteError::NotYetClosable { .. } => Refusal::Conflict,
            VoteError::InvalidInput(_)
            | VoteError::NoElectorate
            | VoteError::MotionNotApplicable(_) => Refusal::Unprocessable,
            // The server did not hand over the vote's key: not the caller's fault.
            VoteError::KeyMissing | VoteError::KeyMismatch => Refusal::Internal,
        }
    }

    /// A stable, machine-readable name of the rule.
    pub fn code(&self) -> &'static str {
        match self {
            VoteError::NotFound => "vote-not-found",
            VoteError::AlreadyOpened => "vote-already-opened",
            VoteError::RoleNotPermitted { .. } => "role-not-permitted",
            VoteError::InvalidInput(_) => "invalid-input",
            VoteError::NoElectorate => "no-electorate",
            VoteError::MotionNotApplicable(_) => "motion-not-applicable",
            VoteError::NotInElectorate => "not-in-electorate",
            VoteError::Recused => "member-recused",
            VoteError::AlreadyRecused => "already-recused",
            VoteError::Closed => "vote-closed",
            VoteError::VotingTimeOver { .. } => "voting-time-over",
            VoteError::NotYetClosable { .. } => "vote-not-yet-closable",
            VoteError::KeyMissing => "vote-key-missing",
            VoteError::KeyMismatch => "vote-key-mismatch",
        }
    }
}

type Decision = Result<Vec<VoteEvent>, VoteError>;

impl CommitteeVote {
    /// The events `command` produces, or why it is refused.
    pub fn decide(&self, command: Authored<VoteCommand>, policy: &Policy) -> Decision {
        let Authored { by, at, command } = command;
        let allowed: &[Role] = match &command {
            VoteCommand::Open { .. } => &[Role::Secretariat],
            VoteCommand::Cast { .. } | VoteCommand::Recuse { .. } => &[Role::Committee],
            VoteCommand::Close { .. } => &[Role::Secretariat, Role::System],
        };
        if !allowed.contains(&by.role) {
            let action = match &command {
                VoteCommand::Open { .. } => "open a vote",
                VoteCommand::Cast { .. } => "cast a ballot",
                VoteCommand::Recuse { .. } => "recuse from a vote",
                VoteCommand::Close { .. } => "close a vote",
            };
            return Err(VoteError::RoleNotPermitted {
                role: by.role,
                action,
            });
        }
        if let VoteCommand::Open {
            vote_id,
            subject,
            motion,
            electorate,
            closes_at,
        } = command
        {
            if self.id.is_some() {
                return Err(VoteError::AlreadyOpened);
            }
            return open(vote_id, subject, motion, electorate, closes_at, policy, at);
        }
        let (Some(vote_id), Some(closes_at)) = (self.id, self.closes_at) else {
            return Err(VoteError::NotFound);
        };
        if self.closed.is_some() {
            return Err(VoteError::Closed);
        }
        match command {
            VoteCommand::Open { .. } => Err(VoteError::AlreadyOpened),
            VoteCommand::Cast {
                choice,
                reason,
                seal,
            } => {
                let reason = text::optional_paragraph("reason", reason.as_deref(), 4_000)?;
                let member = self.members.get(&by.id).ok_or(VoteError::NotInElectorate)?;
                if member.recused {
                    return Err(VoteError::Recused);
                }
                if at >= closes_at {
                    return Err(VoteError::VotingTimeOver { closes_at });
                }
                let revision = u32::try_from(member.ballots.len() + 1).unwrap_or(u32::MAX);
                let choice = match self.rule.as_ref().map(|rule| rule.ballot) {
                    Some(Ballot::Secret) => {
                        let key = seal.ok_or(VoteError::KeyMissing)?;
                        let (nonce, ciphertext) = seal::seal(
                            &key.key, &key.nonce, vote_id, by.id, revision, choice, reason,
                        )
                        .ok_or(VoteError::KeyMissing)?;
                        RecordedChoice::Sealed { nonce, ciphertext }
                    }
                    _ => RecordedChoice::Open { choice, reason },
                };
                Ok(vec![VoteEvent::BallotCast {
                    member: by.id,
                    revision,
                    choice,
                    at,
                }])
            }
            VoteCommand::Recuse { reason } => {
                let reason = text::paragraph("reason", &reason, 4_000)?;
                let member = self.members.get(&by.id).ok_or(VoteError::NotInElectorate)?;
                if member.recused {
                    return Err(VoteError::AlreadyRecused);
                }
                if at >= closes_at {
                    return Err(VoteError::VotingTimeOver { closes_at });
                }
                Ok(vec![VoteEvent::MemberRecused {
                    member: by.id,
                    reason,
                    at,
                }])
            }
            VoteCommand::Close { key } => {
                if by.role == Role::System && at < closes_at {
                    return Err(VoteError::NotYetClosable { closes_at });
                }
                self.close(vote_id, key, at)
            }
        }
    }

    fn close(&self, vote_id: VoteId, key: Option<[u8; KEY_LEN]>, at: DateTime<Utc>) -> Decision {
        let (Some(application_id), Some(motion), Some(rule)) =
            (self.application, self.motion.clone(), self.rule.as_ref())
        else {
            return Err(VoteError::NotFound);
        };
        let mut choices = Vec::new();
        let mut recused = 0;
        for (member_id, member) in &self.members {
            if member.recused {
                recused += 1;
                continue;
            }
            let Some(latest) = member.ballots.last() else {
                continue;
            };
            let choice = match latest {
                RecordedChoice::Open { choice, .. } => *choice,
                RecordedChoice::Sealed { nonce, ciphertext } => {
                    let key = key.as_ref().ok_or(VoteError::KeyMissing)?;
                    let revision = u32::try_from(member.ballots.len()).unwrap_or(u32::MAX);
                    seal::open(key, nonce, ciphertext, vote_id, *member_id, revision)
                        .ok_or(VoteError::KeyMismatch)?
                }
            };
            choices.push(choice);
        }
        let tally = tally::count(self.members.len(), &choices, recused);
        let outcome = tally::decide_outcome(&tally, rule);
        Ok(vec![VoteEvent::VoteClosed {
            application_id,
            motion,
            tally,
            outcome,
            at,
        }])
    }
}

fn open(
    vote_id: VoteId,
    subject: VoteSubject,
    motion: Motion,
    electorate: Vec<Elector>,
    closes_at: Option<DateTime<Utc>>,
    policy: &Policy,
    at: DateTime<Utc>,
) -> Decision {
    let motion = match motion {
        Motion::Reject { grounds } => Motion::Reject {
            grounds: text::paragraph("motion.grounds", &grounds, 4_000)?,
        },
        other => other,
    };
    let closes_at = closes_at.unwrap_or(at + Duration::days(i64::from(policy.voting_days)));
    if closes_at <= at {
        return Err(InputError::new("closes_at", InputProblem::NotInFuture).into());
    }
    let rule = rule_for(&motion, &subject, policy)?;
    if electorate.is_empty() {
        return Err(VoteError::NoElectorate);
    }
    Ok(vec![VoteEvent::VoteOpened {
        vote_id,
        application_id: subject.application_id,
        stage: subject.stage,
        motion,
        electorate,
        rule,
        policy_version: policy.version.clone(),
        closes_at,
        at,
    }])
}

/// The policy's rule for `motion` on an application in `subject`'s state.
fn rule_for(
    motion: &Motion,
    subject: &VoteSubject,
    policy: &Policy,
) -> Result<VoteRule, VoteError> {
    match motion {
        Motion::Advance { to } => {
            if subject.stage.next() != Some(*to) {
                return Err(VoteError::MotionNotApplicable(
                    "an advance must name the stage after the application's current one",
                ));
            }
            policy.gate(*to).and_then(|gate| gate.vote.clone()).ok_or(
                VoteError::MotionNotApplicable("the policy's gate into that stage takes no vote"),
            )
        }
        Motion::Reject { .. } => {
            if !subject.stage.is_open() {
                return Err(VoteError::MotionNotApplicable(
                    "only an application still in the pipeline can be rejected",
                ));
            }
            Ok(policy.motions.rejection.clone())
        }
        Motion::Appeal => {
            if subject.stage != Stage::Rejected || !subject.appeal_pending {
                return Err(VoteError::MotionNotApplicable(
                    "an appeal vote needs a rejected application with an appeal lodged",
                ));
            }
            Ok(policy.motions.appeal.clone())
        }
    }
}

impl crate::refusal::Refusable for VoteError {
    fn refusal(&self) -> crate::refusal::Refusal {
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
}
