//! How a vote opens: the motion checked against the application as it stands, the rule
//! taken from the policy in force, the electorate fixed.

use super::commands::{Electors, VoteSubject};
use super::errors::VoteError;
use super::events::{Motion, VoteEvent};
use crate::application::Stage;
use crate::ids::VoteId;
use crate::policy::{Electorate, Policy, VoteRule};
use crate::text::{self, InputError, InputProblem};
use chrono::{DateTime, Duration, Utc};

/// The vote opened on `motion`, with the rule the policy gives it today.
// The fields of the `Open` command, each passed as it is, and the policy and clock.
#[allow(clippy::too_many_arguments)]
pub(super) fn open(
    vote_id: VoteId,
    subject: VoteSubject,
    motion: Motion,
    electors: Electors,
    asked: Option<Electorate>,
    closes_at: Option<DateTime<Utc>>,
    policy: &Policy,
    at: DateTime<Utc>,
) -> Result<Vec<VoteEvent>, VoteError> {
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
    let rule = rule_for(&motion, &subject, asked, policy)?;
    let Electors { committee, hubs } = electors;
    let (electorate, hubs) = match rule.electorate {
        Electorate::Committee => (committee, Vec::new()),
        Electorate::Network => (Vec::new(), hubs),
    };
    if electorate.is_empty() && hubs.is_empty() {
        return Err(VoteError::NoElectorate {
            electorate: rule.electorate,
        });
    }
    Ok(vec![VoteEvent::VoteOpened {
        vote_id,
        application_id: subject.application_id,
        stage: subject.stage,
        motion,
        electorate,
        hubs,
        rule,
        policy_version: policy.version.clone(),
        closes_at,
        at,
    }])
}

/// The policy's rule for `motion` on an application in `subject`'s state, put to the
/// electorate `asked` for, or where none is, to the one whose turn it is.
fn rule_for(
    motion: &Motion,
    subject: &VoteSubject,
    asked: Option<Electorate>,
    policy: &Policy,
) -> Result<VoteRule, VoteError> {
    let rule = match motion {
        Motion::Advance { to } => {
            if subject.stage.next() != Some(*to) {
                return Err(VoteError::MotionNotApplicable(
                    "an advance must name the stage after the application's current one",
                ));
            }
            return gate_rule(policy, *to, subject, asked);
        }
        Motion::Reject { .. } => {
            if !subject.stage.is_open() {
                return Err(VoteError::MotionNotApplicable(
                    "only an application still in the pipeline can be rejected",
                ));
            }
            policy.motions.rejection.clone()
        }
        Motion::Appeal => {
            if subject.stage != Stage::Rejected || !subject.appeal_pending {
                return Err(VoteError::MotionNotApplicable(
                    "an appeal vote needs a rejected application with an appeal lodged",
                ));
            }
            policy.motions.appeal.clone()
        }
    };
    if asked.is_some_and(|asked| asked != rule.electorate) {
        return Err(VoteError::MotionNotApplicable(
            "the policy puts this motion to the other electorate",
        ));
    }
    Ok(rule)
}

/// The rule of the gate's vote by `asked`, or of its first vote not passed yet. The gate's
/// votes are held in the policy's order: one opens only once those before it have passed.
fn gate_rule(
    policy: &Policy,
    to: Stage,
    subject: &VoteSubject,
    asked: Option<Electorate>,
) -> Result<VoteRule, VoteError> {
    let votes = policy
        .gate(to)
        .map(|gate| gate.votes.as_slice())
        .unwrap_or_default();
    if votes.is_empty() {
        return Err(VoteError::MotionNotApplicable(
            "the policy's gate into that stage takes no vote",
        ));
    }
    let passed = |rule: &&VoteRule| subject.passed.contains(&rule.electorate);
    let wanted = match asked {
        Some(asked) => votes.iter().find(|rule| rule.electorate == asked).ok_or(
            VoteError::MotionNotApplicable(
                "the policy's gate into that stage takes no vote of that electorate",
            ),
        )?,
        None => votes.iter().find(|rule| !passed(rule)).ok_or_else(|| {
            VoteError::GateVoteAlreadyPassed {
                electorate: votes.last().map(|rule| rule.electorate).unwrap_or_default(),
            }
        })?,
    };
    if passed(&wanted) {
        return Err(VoteError::GateVoteAlreadyPassed {
            electorate: wanted.electorate,
        });
    }
    if let Some(earlier) = votes
        .iter()
        .take_while(|rule| rule.electorate != wanted.electorate)
        .find(|rule| !passed(rule))
    {
        return Err(VoteError::AwaitsEarlierVote {
            electorate: earlier.electorate,
        });
    }
    Ok(wanted.clone())
}
