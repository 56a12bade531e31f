//! How a vote turns a command into events or a refusal.

use super::aggregate::CommitteeVote;
use super::commands::VoteCommand;
use super::errors::VoteError;
use super::events::{RecordedChoice, VoteEvent};
use super::opening;
use super::seal::{self, KEY_LEN};
use super::tally;
use crate::actor::{Actor, Authored, Role};
use crate::ids::{HubId, VoteId};
use crate::permissions;
use crate::policy::{Ballot, Electorate, Policy};
use crate::roster::Delegation;
use crate::text;
use chrono::{DateTime, Utc};
use uuid::Uuid;

pub(super) type Decision = Result<Vec<VoteEvent>, VoteError>;

impl CommitteeVote {
    /// The events `command` produces, or why it is refused.
    pub fn decide(&self, command: Authored<VoteCommand>, policy: &Policy) -> Decision {
        let Authored { by, at, command } = command;
        permissions::permit(by.role, command.kind())?;
        if let VoteCommand::Open {
            vote_id,
            subject,
            motion,
            electors,
            asked,
            closes_at,
        } = command
        {
            if self.id.is_some() {
                return Err(VoteError::AlreadyOpened);
            }
            return opening::open(
                vote_id, subject, motion, electors, asked, closes_at, policy, at,
            );
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
                delegation,
            } => {
                let reason = text::optional_paragraph("reason", reason.as_deref(), 4_000)?;
                let (key, hub) = self.elector(&by, delegation)?;
                let member = self.members.get(&key).ok_or(VoteError::NotInElectorate)?;
                if member.recused {
                    return Err(VoteError::Recused);
                }
                if at >= closes_at {
                    return Err(VoteError::VotingTimeOver { closes_at });
                }
                let revision = u32::try_from(member.ballots.len() + 1).unwrap_or(u32::MAX);
                let choice = match self.rule.as_ref().map(|rule| rule.ballot) {
                    Some(Ballot::Secret) => {
                        let sealing = seal.ok_or(VoteError::KeyMissing)?;
                        let (nonce, ciphertext) = seal::seal(
                            &sealing.key,
                            &sealing.nonce,
                            vote_id,
                            key,
                            revision,
                            choice,
                            reason,
                        )
                        .ok_or(VoteError::KeyMissing)?;
                        RecordedChoice::Sealed { nonce, ciphertext }
                    }
                    _ => RecordedChoice::Open { choice, reason },
                };
                Ok(vec![VoteEvent::BallotCast {
                    member: by.id,
                    hub,
                    revision,
                    choice,
                    at,
                }])
            }
            VoteCommand::Recuse { reason, delegation } => {
                let reason = text::paragraph("reason", &reason, 4_000)?;
                let (key, hub) = self.elector(&by, delegation)?;
                let member = self.members.get(&key).ok_or(VoteError::NotInElectorate)?;
                if member.recused {
                    return Err(VoteError::AlreadyRecused);
                }
                if at >= closes_at {
                    return Err(VoteError::VotingTimeOver { closes_at });
                }
                Ok(vec![VoteEvent::MemberRecused {
                    member: by.id,
                    hub,
                    reason,
                    at,
                }])
            }
            VoteCommand::Close { key } => {
                if at < closes_at {
                    if by.role == Role::System {
                        return Err(VoteError::NotYetClosable { closes_at });
                    }
                    self.may_close_early(closes_at)?;
                }
                self.close(vote_id, key, at)
            }
        }
    }

    /// Whose ballot `by` casts: their own in a committee vote (the key of their entry is
    /// their id), their hub's in a network vote (the key is the hub's id, and the hub is
    /// named in the event). A committee token does not vote for a hub, nor a delegate's
    /// token in the committee.
    fn elector(
        &self,
        by: &Actor,
        delegation: Option<Delegation>,
    ) -> Result<(Uuid, Option<HubId>), VoteError> {
        match self.electorate() {
            Electorate::Committee => {
                if by.role != Role::Committee {
                    return Err(VoteError::NotInElectorate);
                }
                Ok((by.id.0, None))
            }
            Electorate::Network => {
                if by.role != Role::Delegate {
                    return Err(VoteError::NotADelegate);
                }
                let delegation = delegation.ok_or(VoteError::NotADelegate)?;
                if !delegation.in_good_standing {
                    return Err(VoteError::HubNotInGoodStanding);
                }
                Ok((delegation.hub.0, Some(delegation.hub)))
            }
        }
    }

    /// Whether the secretariat may close the vote before its closing time: an open ballot
    /// always; a secret one only once every member has voted or recused. Otherwise closing
    /// early could single a member out: closed when the register shows one member alone
    /// has voted, the tally would be that member's choice.
    fn may_close_early(&self, closes_at: DateTime<Utc>) -> Result<(), VoteError> {
        if self.rule.as_ref().map(|rule| rule.ballot) != Some(Ballot::Secret) {
            return Ok(());
        }
        let awaiting = self
            .members
            .values()
            .filter(|member| !member.recused && member.ballots.is_empty())
            .count();
        if awaiting == 0 {
            return Ok(());
        }
        Err(VoteError::SecretVoteAwaitsMembers {
            closes_at,
            awaiting: u32::try_from(awaiting).unwrap_or(u32::MAX),
        })
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
            electorate: rule.electorate,
            tally,
            outcome,
            at,
        }])
    }
}
