//! Committee votes: who takes part, how they choose, and who closes the vote.

use super::{working_day, Journey};
use crate::steps::AppStep;
use crate::words;
use charter_domain::policy::Ballot;
use charter_domain::vote::{Choice, Motion, Outcome};
use chrono::Duration;

/// What the committee makes of a motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Intent {
    Pass,
    Fail,
    /// Too few members take part.
    NoQuorum,
    /// Some members have voted when the story ends.
    Undecided,
}

/// Who closes a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Closing {
    BySecretariat,
    /// Charter's scheduler, at the closing time.
    AtClosingTime,
    /// Nobody yet: it is still open at the end of the story.
    LeftOpen,
}

impl Journey<'_> {
    /// Opens a vote on `motion`, has members take part as `intent` needs, and closes it
    /// as `closing` says.
    pub(super) fn vote(&mut self, motion: Motion, intent: Intent, closing: Closing) {
        // The secretariat closes a secret vote early only once every member has voted or
        // recused, which the demo's committee never all do: such a vote runs its time.
        let closing = if closing == Closing::BySecretariat && self.is_secret(&motion) {
            Closing::AtClosingTime
        } else {
            closing
        };
        self.days(7, 21);
        self.push(AppStep::OpenVote { motion });
        let opened = self.t;
        let voting_hours = i64::from(self.policy.voting_days.max(1)) * 24;
        let recusal = intent != Intent::NoQuorum && std::mem::take(&mut self.twists.recusal);
        let first = usize::from(recusal);
        let mut ballots: Vec<AppStep> = Vec::new();
        if recusal {
            let reason = *self.rng.pick(words::RECUSALS);
            ballots.push(AppStep::Recuse { slot: 0, reason });
        }
        let choices = self.choices(intent);
        let change = intent == Intent::Pass && self.rng.chance(25);
        if change {
            // A member first abstains, then makes up their mind.
            ballots.push(AppStep::Cast {
                slot: first,
                choice: Choice::Abstain,
            });
        }
        for (i, choice) in choices.iter().enumerate() {
            if change && i == 0 {
                continue;
            }
            ballots.push(AppStep::Cast {
                slot: first + i,
                choice: *choice,
            });
        }
        if change {
            ballots.push(AppStep::Cast {
                slot: first,
                choice: choices[0],
            });
        }
        // A vote left open ends its story, which is placed up to a week and a few quiet days
        // before the end (see `plan::place`): its ballots come in its first two days, so that
        // it still runs at the end whatever weekday the end falls on.
        let window = match closing {
            Closing::LeftOpen => (voting_hours * 6 / 10).min(48),
            _ => voting_hours * 6 / 10,
        };
        let mut offsets: Vec<i64> = (0..ballots.len())
            .map(|_| self.rng.between(2 * 60, window * 60))
            .collect();
        offsets.sort_unstable();
        for (i, (ballot, offset)) in ballots.into_iter().zip(offsets).enumerate() {
            let minutes = offset + i64::try_from(i).unwrap_or(0);
            self.t = opened + Duration::minutes(minutes);
            self.push(ballot);
        }
        let expect = match intent {
            Intent::Pass => Outcome::Passed,
            Intent::Fail => Outcome::Failed,
            Intent::NoQuorum | Intent::Undecided => Outcome::NoQuorum,
        };
        match closing {
            Closing::BySecretariat => {
                let close = working_day(opened + Duration::hours(voting_hours * 8 / 10), 11, 0);
                self.t = close.max(self.t + Duration::hours(1));
                self.push(AppStep::CloseVote { expect });
            }
            Closing::AtClosingTime => {
                self.t = opened + Duration::hours(voting_hours) + Duration::minutes(7);
                self.push(AppStep::CloseAtClosingTime { expect });
            }
            Closing::LeftOpen => {}
        }
    }

    /// Whether the policy puts `motion` to a secret ballot.
    fn is_secret(&self, motion: &Motion) -> bool {
        let rule = match motion {
            Motion::Advance { to } => self.policy.gate(*to).and_then(|gate| gate.vote.clone()),
            Motion::Reject { .. } => Some(self.policy.motions.rejection.clone()),
            Motion::Appeal => Some(self.policy.motions.appeal.clone()),
        };
        rule.is_some_and(|rule| rule.ballot == Ballot::Secret)
    }

    /// The choices of the members taking part, slot by slot.
    fn choices(&mut self, intent: Intent) -> Vec<Choice> {
        let taking_part = usize::try_from(self.rng.between(5, 6)).unwrap_or(5);
        match intent {
            Intent::Pass => {
                let mut choices = vec![Choice::Yes; taking_part];
                if self.rng.chance(40) {
                    choices[taking_part - 1] = Choice::No;
                }
                if self.rng.chance(25) {
                    choices[taking_part - 2] = Choice::Abstain;
                }
                choices
            }
            Intent::Fail => {
                let mut choices = vec![Choice::No; taking_part];
                choices[0] = Choice::Yes;
                if self.rng.chance(30) {
                    choices[1] = Choice::Abstain;
                }
                choices
            }
            Intent::NoQuorum => vec![Choice::Yes, Choice::Yes],
            Intent::Undecided => vec![Choice::Yes, Choice::No, Choice::Yes],
        }
    }
}
