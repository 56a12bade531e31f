//! One application's story, told step by step with realistic gaps: weeks between a
//! submission and its reviews, months between gates, a vote over a fortnight.
//!
//! What each gate needs comes from the policy in force, so the story meets the gates the
//! server will check: the documents, the reviews per document with the recommendation
//! that counts, the interview and the vote.

mod votes;
mod work;

use super::network::{Chapter, Progress, Signatures, Story, Twists, Verdict};
use super::rng::Rng;
use super::steps::AppStep;
use super::words;
use charter_domain::application::{DocumentKind, Stage};
use charter_domain::policy::{Electorate, Gate};
use charter_domain::vote::Motion;
use charter_domain::Policy;
use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc, Weekday};
use std::collections::BTreeMap;
use votes::{Closing, Intent};

/// How many member hubs a network vote can have: the hubs older than Charter, and at most
/// that many more once every initiative of the story has joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkSize {
    pub founding: usize,
    pub most: usize,
}

/// Which of a gate's votes decides a story's ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decisive {
    /// The gate's first vote; none after it is held.
    First,
    /// The network's: the votes before it pass.
    Network,
}

/// Tells one story from `start`; the plan moves it into place afterwards.
#[derive(Debug)]
pub struct Journey<'a> {
    story: &'static Story,
    policy: &'a Policy,
    network: NetworkSize,
    rng: &'a mut Rng,
    t: DateTime<Utc>,
    steps: Vec<(DateTime<Utc>, AppStep)>,
    stage: Stage,
    rejected_in: Stage,
    versions: BTreeMap<DocumentKind, u32>,
    /// The panelists assigned and not recused.
    panel: Vec<usize>,
    /// The twists not yet told: each happens once.
    twists: Twists,
}

impl<'a> Journey<'a> {
    pub fn new(
        story: &'static Story,
        policy: &'a Policy,
        network: NetworkSize,
        rng: &'a mut Rng,
        start: DateTime<Utc>,
    ) -> Self {
        Self {
            story,
            policy,
            network,
            rng,
            t: start,
            steps: Vec::new(),
            stage: Stage::Applied,
            rejected_in: Stage::Applied,
            versions: BTreeMap::new(),
            panel: Vec::new(),
            twists: story.twists,
        }
    }

    /// Every step of the story, in order, each strictly after the one before.
    pub fn tell(mut self) -> Vec<(DateTime<Utc>, AppStep)> {
        // Founders open their application on a working day too.
        self.days(1, 1);
        self.push(AppStep::Open);
        for chapter in self.story.chapters {
            self.chapter(*chapter);
        }
        self.steps
    }

    fn chapter(&mut self, chapter: Chapter) {
        match chapter {
            Chapter::Reach(target) => {
                while self.stage != target {
                    let Some(to) = self.stage.next().filter(|to| *to != Stage::Initiative) else {
                        break;
                    };
                    self.pass_gate(to);
                }
            }
            Chapter::Work(progress) => self.work(progress),
            Chapter::RejectAtEligibility => {
                self.days(14, 42);
                let reason = *self.rng.pick(words::INELIGIBLE);
                self.push(AppStep::RejectAtEligibility { reason });
                self.rejected_in = self.stage;
                self.stage = Stage::Rejected;
            }
            Chapter::RejectByVote => {
                let grounds = (*self.rng.pick(words::REJECTION_GROUNDS)).to_owned();
                let electorate = self.policy.motions.rejection.electorate;
                self.vote(
                    Motion::Reject { grounds },
                    electorate,
                    Intent::Pass,
                    Closing::BySecretariat,
                );
                self.rejected_in = self.stage;
                self.stage = Stage::Rejected;
            }
            Chapter::Appeal(verdict) => {
                self.days(14, 40);
                let grounds = *self.rng.pick(words::APPEAL_GROUNDS);
                self.push(AppStep::Appeal { grounds });
                let (intent, closing) = match verdict {
                    Verdict::Granted => (Intent::Pass, Closing::BySecretariat),
                    Verdict::Dismissed => (Intent::Fail, Closing::BySecretariat),
                    Verdict::Pending => (Intent::Undecided, Closing::LeftOpen),
                };
                let electorate = self.policy.motions.appeal.electorate;
                self.vote(Motion::Appeal, electorate, intent, closing);
                if verdict == Verdict::Granted {
                    self.stage = self.rejected_in;
                }
            }
            Chapter::Withdraw => {
                self.days(20, 90);
                let reason = *self.rng.pick(words::WITHDRAWALS);
                self.push(AppStep::Withdraw { reason });
                self.stage = Stage::Withdrawn;
            }
            Chapter::VoteFails => {
                self.gate_vote(Decisive::First, Intent::Fail, Closing::BySecretariat);
            }
            Chapter::VoteOpenAtEnd => {
                self.gate_vote(Decisive::First, Intent::Undecided, Closing::LeftOpen);
            }
            Chapter::NetworkVoteFails => {
                self.gate_vote(Decisive::Network, Intent::Fail, Closing::BySecretariat);
            }
            Chapter::NetworkVoteOpenAtEnd => {
                self.gate_vote(Decisive::Network, Intent::Undecided, Closing::LeftOpen);
            }
            Chapter::Sign(signatures) => {
                self.days(14, 45);
                self.push(AppStep::Sign { founders: true });
                if signatures == Signatures::Both {
                    self.days(5, 25);
                    self.push(AppStep::Sign { founders: false });
                    // At the same moment, so that no network vote opens between the hub's
                    // admission and its delegate's appointment.
                    self.push(AppStep::JoinNetwork);
                    self.stage = Stage::Initiative;
                }
            }
        }
    }

    /// The gate into the next stage.
    fn next_gate(&self) -> Option<(Stage, Gate)> {
        let to = self.stage.next()?;
        Some((to, self.policy.gate(to)?.clone()))
    }

    /// Meets every requirement of the gate into `to` and passes it.
    fn pass_gate(&mut self, to: Stage) {
        let gate = self.policy.gate(to).cloned().unwrap_or_default();
        if gate.documents.is_empty() && gate.votes.is_empty() {
            // Only the secretariat's check of the basics: a few weeks.
            self.days(14, 56);
        }
        self.gate_work(&gate, gate.documents.len(), true, None);
        if gate.interview {
            self.interview(false);
        }
        if let Some(first) = gate.votes.first() {
            if std::mem::take(&mut self.twists.no_quorum_first) {
                self.vote(
                    Motion::Advance { to },
                    first.electorate,
                    Intent::NoQuorum,
                    Closing::AtClosingTime,
                );
                self.days(20, 60);
            }
            // The gate's votes in the policy's order; the last one passed advances the
            // application by itself.
            for rule in &gate.votes {
                let motion = Motion::Advance { to };
                self.vote(
                    motion,
                    rule.electorate,
                    Intent::Pass,
                    Closing::BySecretariat,
                );
            }
        } else {
            self.days(5, 15);
            let note = *self.rng.pick(words::ELIGIBILITY_NOTES);
            self.push(if to == Stage::Eligible {
                AppStep::GrantEligibility { note }
            } else {
                AppStep::Advance { to }
            });
        }
        self.stage = to;
    }

    /// The next gate's documents, reviews and interview, then its votes up to the
    /// `decisive` one, which goes as `intent` and `closing` say. A gate without a network
    /// vote has its last vote decide instead.
    fn gate_vote(&mut self, decisive: Decisive, intent: Intent, closing: Closing) {
        let Some((to, gate)) = self.next_gate() else {
            return;
        };
        self.gate_work(&gate, gate.documents.len(), true, None);
        if gate.interview {
            self.interview(false);
        }
        let last = gate.votes.len().saturating_sub(1);
        let decides = match decisive {
            Decisive::First => 0,
            Decisive::Network => gate
                .votes
                .iter()
                .position(|rule| rule.electorate == Electorate::Network)
                .unwrap_or(last),
        };
        for (i, rule) in gate.votes.iter().enumerate().take(decides + 1) {
            let (intent, closing) = if i == decides {
                (intent, closing)
            } else {
                (Intent::Pass, Closing::BySecretariat)
            };
            self.vote(Motion::Advance { to }, rule.electorate, intent, closing);
        }
    }

    /// Work toward the next gate that stops short of passing it.
    fn work(&mut self, progress: Progress) {
        let Some((_, gate)) = self.next_gate() else {
            return;
        };
        let documents = progress.documents.min(gate.documents.len());
        self.gate_work(&gate, documents, progress.reviewed, progress.revision);
        if progress.interview_booked && gate.interview {
            self.interview(true);
        }
    }

    pub(super) fn push(&mut self, step: AppStep) {
        self.steps.push((self.t, step));
    }

    /// Moves on `low` to `high` days (at least one), to a working hour of a working day.
    pub(super) fn days(&mut self, low: i64, high: i64) {
        let days = self.rng.between(low.max(1), high.max(1));
        let hour = u32::try_from(self.rng.between(8, 17)).unwrap_or(9);
        let minute = u32::try_from(self.rng.between(0, 59)).unwrap_or(0);
        self.t = working_day(self.t + Duration::days(days), hour, minute);
    }

    /// Moves on `low` to `high` hours, and a few minutes.
    pub(super) fn hours(&mut self, low: i64, high: i64) {
        self.t += Duration::minutes(self.rng.between(low * 60 + 1, high * 60 + 59));
    }
}

/// `at`'s day, or the Monday after when it falls on a weekend, at `hour`:`minute`.
fn working_day(at: DateTime<Utc>, hour: u32, minute: u32) -> DateTime<Utc> {
    let mut day = at.date_naive();
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day += Duration::days(1);
    }
    let time = NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN);
    day.and_time(time).and_utc()
}
