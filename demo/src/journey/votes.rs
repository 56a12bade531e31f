//! Votes, the committee's and the network's: who takes part, how they choose, and who
//! closes the vote.

use super::{working_day, Journey, NetworkSize};
use crate::steps::AppStep;
use crate::words;
use charter_domain::policy::{Ballot, Electorate};
use charter_domain::vote::{Choice, Motion, Outcome};
use chrono::Duration;

/// What the electorate makes of a motion.
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
    /// Opens a vote on `motion` put to `electorate`, has members (or hubs) take part as
    /// `intent` needs, and closes it as `closing` says.
    pub(super) fn vote(
        &mut self,
        motion: Motion,
        electorate: Electorate,
        intent: Intent,
        closing: Closing,
    ) {
        let network = electorate == Electorate::Network;
        let secret = self.is_secret(&motion, electorate);
        let full_turnout =
            network && intent == Intent::Pass && std::mem::take(&mut self.twists.full_turnout);
        // The secretariat closes a secret vote early only once every member has voted or
        // recused, which the demo's committee never all do, nor the hubs but once: such a
        // vote runs its time.
        let closing = if closing == Closing::BySecretariat && secret && !full_turnout {
            Closing::AtClosingTime
        } else {
            closing
        };
        self.days(7, 21);
        self.push(AppStep::OpenVote { motion, electorate });
        let opened = self.t;
        let voting_hours = i64::from(self.policy.voting_days.max(1)) * 24;
        let recusal = intent != Intent::NoQuorum
            && std::mem::take(if network {
                &mut self.twists.hub_recusal
            } else {
                &mut self.twists.recusal
            });
        let mut choices: Vec<Option<Choice>> = if network {
            self.network_choices(intent, full_turnout)
        } else {
            self.committee_choices(intent)
                .into_iter()
                .map(Some)
                .collect()
        };
        let mut ballots: Vec<AppStep> = Vec::new();
        if recusal {
            let reason = *self.rng.pick(if network {
                words::HUB_RECUSALS
            } else {
                words::RECUSALS
            });
            ballots.push(AppStep::Recuse { slot: 0, reason });
            if network {
                // The hub in slot 0 recuses instead of voting.
                if let Some(first) = choices.first_mut() {
                    *first = None;
                }
            } else {
                // The members taking part move up a slot.
                choices.insert(0, None);
            }
        }
        let taking_part: Vec<(usize, Choice)> = choices
            .iter()
            .enumerate()
            .filter_map(|(slot, choice)| choice.map(|choice| (slot, choice)))
            .collect();
        // A member first abstains, then makes up their mind; in the handover twist, the
        // next one's hub abstains, and its new delegate decides.
        let change = (intent == Intent::Pass && self.rng.chance(25))
            .then(|| taking_part.first().copied())
            .flatten();
        let handover =
            (network && intent == Intent::Pass && std::mem::take(&mut self.twists.handover))
                .then(|| taking_part.get(1).copied())
                .flatten();
        for &(slot, choice) in &taking_part {
            let first = if change.is_some_and(|(s, _)| s == slot)
                || handover.is_some_and(|(s, _)| s == slot)
            {
                Choice::Abstain
            } else {
                choice
            };
            ballots.push(AppStep::Cast {
                slot,
                choice: first,
            });
        }
        if let Some((slot, choice)) = change {
            ballots.push(AppStep::Cast { slot, choice });
        }
        if let Some((slot, choice)) = handover {
            ballots.push(AppStep::Handover { slot, choice });
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

    /// Whether the policy puts `motion`, before `electorate`, to a secret ballot.
    fn is_secret(&self, motion: &Motion, electorate: Electorate) -> bool {
        let rule = match motion {
            Motion::Advance { to } => self
                .policy
                .gate(*to)
                .and_then(|gate| gate.vote_of(electorate).cloned()),
            Motion::Reject { .. } => Some(self.policy.motions.rejection.clone()),
            Motion::Appeal => Some(self.policy.motions.appeal.clone()),
        };
        rule.is_some_and(|rule| rule.ballot == Ballot::Secret)
    }

    /// The choices of the committee members taking part, slot by slot.
    fn committee_choices(&mut self, intent: Intent) -> Vec<Choice> {
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

    /// The choice of the hub in each slot of a network vote (none: it does not take part),
    /// for the largest network the story can have. The hubs older than Charter fill the
    /// first slots, and their choices alone carry `intent` with a quorum; the slots after
    /// them lean the same way, so that `intent` holds for any network the vote finds.
    fn network_choices(&mut self, intent: Intent, full_turnout: bool) -> Vec<Option<Choice>> {
        let NetworkSize { founding, most } = self.network;
        let absent = if full_turnout {
            0
        } else {
            usize::try_from(self.rng.between(1, 3)).unwrap_or(1)
        };
        let dissent = self.rng.chance(60);
        let abstains = self.rng.chance(50);
        (0..most.max(founding))
            .map(|slot| {
                let away = if slot < founding {
                    slot + absent >= founding
                } else {
                    !full_turnout && slot % 4 == 3
                };
                let choice = match intent {
                    // At most three no and one abstention among them.
                    Intent::Pass if slot < founding => match slot {
                        6 => Choice::No,
                        1 | 11 if dissent => Choice::No,
                        3 if abstains => Choice::Abstain,
                        _ => Choice::Yes,
                    },
                    Intent::Pass => {
                        if slot % 5 == 0 {
                            Choice::No
                        } else {
                            Choice::Yes
                        }
                    }
                    Intent::Fail if slot == 1 && abstains => Choice::Abstain,
                    Intent::Fail => {
                        if slot % 3 == 0 {
                            Choice::Yes
                        } else {
                            Choice::No
                        }
                    }
                    // A few hubs, early on.
                    Intent::NoQuorum | Intent::Undecided => {
                        let early = if intent == Intent::NoQuorum { 2 } else { 5 };
                        if slot >= early {
                            return None;
                        }
                        if slot % 3 == 1 {
                            Choice::No
                        } else {
                            Choice::Yes
                        }
                    }
                };
                (!away).then_some(choice)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{Intent, Journey, NetworkSize};
    use crate::rng::Rng;
    use crate::stories::STORIES;
    use charter_domain::policy::Electorate;
    use charter_domain::vote::{count, decide_outcome, Choice, Outcome};
    use chrono::Utc;

    #[test]
    fn a_network_vote_goes_as_planned_whatever_the_number_of_hubs_it_finds() {
        let policy = crate::policy().expect("the demo's policy");
        let approval = policy.gates.approved.vote_of(Electorate::Network).cloned();
        let rules = [
            approval.expect("a network vote"),
            policy.motions.appeal.clone(),
        ];
        // The demo's network, and the network ten tellings of it grow to.
        for network in [(16, 22), (16, 76)].map(|(founding, most)| NetworkSize { founding, most }) {
            for seed in 0..100 {
                for (intent, full_turnout, outcome) in [
                    (Intent::Pass, false, Outcome::Passed),
                    (Intent::Pass, true, Outcome::Passed),
                    (Intent::Fail, false, Outcome::Failed),
                ] {
                    let mut rng = Rng::new(seed);
                    let mut journey =
                        Journey::new(&STORIES[0], &policy, network, &mut rng, Utc::now());
                    let mut choices = journey.network_choices(intent, full_turnout);
                    for recused in [0, 1] {
                        if recused == 1 {
                            choices[0] = None;
                        }
                        for hubs in network.founding..=network.most {
                            let cast: Vec<Choice> =
                                choices[..hubs].iter().flatten().copied().collect();
                            let tally = count(hubs, &cast, recused);
                            for rule in &rules {
                                assert_eq!(decide_outcome(&tally, rule), outcome, "{tally:?}");
                            }
                            if full_turnout {
                                assert_eq!(cast.len() + recused, hubs, "every hub votes");
                            }
                        }
                    }
                }
            }
        }
    }
}
