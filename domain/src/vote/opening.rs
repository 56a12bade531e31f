//! How a vote opens: the motion checked against the application as it stands, the rule
//! taken from the policy in force, the electorate fixed.

use super::commands::{Elector, VoteSubject};
use super::errors::VoteError;
use super::events::{Motion, VoteEvent};
use crate::application::Stage;
use crate::ids::VoteId;
use crate::policy::{Policy, VoteRule};
use crate::text::{self, InputError, InputProblem};
use chrono::{DateTime, Duration, Utc};

/// The vote opened on `motion`, with the rule the policy gives it today.
pub(super) fn open(
    vote_id: VoteId,
    subject: VoteSubject,
    motion: Motion,
    electorate: Vec<Elector>,
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
