//! The gate policy: what each stage of candidacy requires, held as data.
//!
//! A network that is stricter or looser changes its policy file, not the code. The version
//! of the policy in force is recorded in every event it governs, so a decision can be read
//! years later against the rule that made it.

use crate::application::{Recommendation, Stage};
use serde::{Deserialize, Serialize};

mod gates;
mod reminders;
mod reviews;
mod schema;
mod votes;

pub use gates::Gate;
pub use reminders::{Offset, Reminders, Unit, MAX_OFFSETS, MAX_OFFSET_DAYS};
pub use votes::{Ballot, Electorate, Fraction, Threshold, VoteRule};

/// The whole gate policy of the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Recorded in the events the policy governs; change it whenever the rules change.
    pub version: String,
    /// The criteria every panel review scores from 1 to 5.
    pub rubric: Vec<String>,
    /// How long a vote stays open when no closing time is given.
    pub voting_days: u32,
    /// How many days a panelist has to review a document version once it is submitted.
    pub review_days: u32,
    pub gates: Gates,
    pub motions: Motions,
    /// How many days an application may sit in a stage before the committee's dashboard
    /// lists it as overdue. Stages left out have no limit.
    #[serde(default)]
    pub max_days_in_stage: std::collections::BTreeMap<Stage, u32>,
    /// How long before each kind of deadline people are reminded. A policy written before
    /// reminders existed gets the default offsets.
    #[serde(default)]
    pub reminders: Reminders,
}

/// The rules of committee votes on motions other than an advance through a gate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Motions {
    /// A motion to reject an application.
    pub rejection: VoteRule,
    /// A motion to grant a rejected application's appeal.
    pub appeal: VoteRule,
}

/// One gate for each stage reached by passing it. `initiative` has no gate: it is reached
/// by both signatures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gates {
    pub eligible: Gate,
    pub pre_candidate: Gate,
    pub candidate: Gate,
    pub approved: Gate,
}

/// How many reviews, with which recommendation, each required document needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRule {
    pub per_document: u32,
    pub recommendation: Recommendation,
}

/// A policy that cannot govern anything.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("{0}")]
    Unreadable(String),
    #[error("voting_days must be at least 1")]
    NoVotingTime,
    #[error("the policy version must not be blank")]
    BlankVersion,
    #[error("the rubric must name at least one criterion")]
    EmptyRubric,
    #[error("the rubric names criterion {0:?} twice")]
    RepeatedCriterion(String),
    #[error("the {gate} gate asks for reviews but no documents to review")]
    ReviewsWithoutDocuments { gate: Stage },
    #[error("the {gate} gate asks for 0 reviews per document; leave `reviews` out instead")]
    ZeroReviews { gate: Stage },
    #[error("{gate} names a vote of the {electorate} twice")]
    RepeatedElectorate {
        gate: &'static str,
        electorate: Electorate,
    },
    #[error("a gate names its votes as `vote` or as `votes`, not both")]
    VoteAndVotes,
    #[error("the vote rule of {motion} {problem}")]
    UnusableVoteRule {
        motion: &'static str,
        problem: &'static str,
    },
    #[error("a reminder offset of {kind} is 0: a reminder must come before its deadline")]
    ZeroReminderOffset { kind: &'static str },
    #[error("{kind} has more than {max} reminder offsets")]
    TooManyReminders { kind: &'static str, max: usize },
    #[error("{kind} names the reminder offset \"{first}\" twice (again as \"{again}\")")]
    RepeatedReminder {
        kind: &'static str,
        first: Offset,
        again: Offset,
    },
    #[error("the reminder offset \"{offset}\" of {kind} is more than {max_days} days")]
    ReminderTooEarly {
        kind: &'static str,
        offset: Offset,
        max_days: u32,
    },
}

impl Policy {
    /// The gate an application passes to enter `stage`, if it has one.
    pub fn gate(&self, stage: Stage) -> Option<&Gate> {
        match stage {
            Stage::Eligible => Some(&self.gates.eligible),
            Stage::PreCandidate => Some(&self.gates.pre_candidate),
            Stage::Candidate => Some(&self.gates.candidate),
            Stage::Approved => Some(&self.gates.approved),
            Stage::Applied | Stage::Initiative | Stage::Rejected | Stage::Withdrawn => None,
        }
    }

    /// Checks the rules a policy must keep to be usable.
    pub fn validate(&self) -> Result<(), PolicyError> {
        if self.version.trim().is_empty() {
            return Err(PolicyError::BlankVersion);
        }
        if self.rubric.is_empty() {
            return Err(PolicyError::EmptyRubric);
        }
        if self.voting_days == 0 {
            return Err(PolicyError::NoVotingTime);
        }
        for (i, criterion) in self.rubric.iter().enumerate() {
            if self.rubric[..i].contains(criterion) {
                return Err(PolicyError::RepeatedCriterion(criterion.clone()));
            }
        }
        for stage in [
            Stage::Eligible,
            Stage::PreCandidate,
            Stage::Candidate,
            Stage::Approved,
        ] {
            let Some(gate) = self.gate(stage) else {
                continue;
            };
            gate.check_votes(match stage {
                Stage::Eligible => "the eligible gate",
                Stage::PreCandidate => "the pre_candidate gate",
                Stage::Candidate => "the candidate gate",
                _ => "the approved gate",
            })?;
            if let Some(rule) = &gate.reviews {
                if gate.documents.is_empty() {
                    return Err(PolicyError::ReviewsWithoutDocuments { gate: stage });
                }
                if rule.per_document == 0 {
                    return Err(PolicyError::ZeroReviews { gate: stage });
                }
            }
        }
        self.motions.rejection.check("rejection motions")?;
        self.motions.appeal.check("appeal motions")?;
        self.reminders.check()?;
        Ok(())
    }
}

/// The default policy file, shipped with the code and embedded in it.
pub const DEFAULT_POLICY: &str = include_str!("../policy/default.toml");

impl Policy {
    /// Reads and validates a policy from TOML text.
    pub fn from_toml(text: &str) -> Result<Self, PolicyError> {
        let policy: Policy =
            toml::from_str(text).map_err(|e| PolicyError::Unreadable(e.to_string()))?;
        policy.validate()?;
        Ok(policy)
    }

    /// The policy as TOML text.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot be shown: {e}"))
    }
}

impl Default for Policy {
    /// The network's default rules: `domain/policy/default.toml`.
    fn default() -> Self {
        match Policy::from_toml(DEFAULT_POLICY) {
            Ok(policy) => policy,
            // The file is part of the build and a test parses it; this cannot happen in
            // a tested build.
            Err(error) => panic!("the embedded default policy is invalid: {error}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_file_is_valid_and_survives_a_round_trip() {
        let policy = Policy::from_toml(DEFAULT_POLICY).expect("the shipped policy");
        assert_eq!(Policy::from_toml(&policy.to_toml()), Ok(policy.clone()));
        let approved: Vec<_> = policy
            .gates
            .approved
            .votes
            .iter()
            .map(|v| (v.electorate, v.ballot))
            .collect();
        assert_eq!(
            approved,
            [
                (Electorate::Committee, Ballot::Secret),
                (Electorate::Network, Ballot::Secret)
            ]
        );
        assert_eq!(
            policy.gate(Stage::PreCandidate).map(|g| g.interview),
            Some(false)
        );
    }

    #[test]
    fn an_unknown_key_or_a_bad_share_is_refused_with_its_place() {
        let typo = DEFAULT_POLICY.replace("voting_days", "voting_dayz");
        let Err(PolicyError::Unreadable(message)) = Policy::from_toml(&typo) else {
            panic!("a typo must be refused");
        };
        assert!(message.contains("voting_dayz"), "{message}");
        let never = DEFAULT_POLICY.replacen(
            "threshold = { at_least = \"2/3\" }",
            "threshold = { more_than = \"1/1\" }",
            1,
        );
        assert!(matches!(
            Policy::from_toml(&never),
            Err(PolicyError::UnusableVoteRule { .. })
        ));
        let bad_share = DEFAULT_POLICY.replacen("\"2/3\"", "\"3/2\"", 1);
        assert!(matches!(
            Policy::from_toml(&bad_share),
            Err(PolicyError::Unreadable(_))
        ));
    }

    #[test]
    fn a_gate_written_with_one_vote_reads_as_a_committee_vote_and_not_beside_votes() {
        let old = DEFAULT_POLICY.replacen(
            "vote = { electorate = \"committee\", quorum",
            "vote = { quorum",
            1,
        );
        let policy = Policy::from_toml(&old).expect("a policy of the old form");
        let candidate = &policy.gates.candidate.votes;
        assert_eq!(candidate.len(), 1);
        assert_eq!(candidate[0].electorate, Electorate::Committee);

        let both = DEFAULT_POLICY.replacen(
            "interview = true\nvotes = [",
            "interview = true\nvote = { quorum = \"1/2\", threshold = { more_than = \"1/2\" }, ballot = \"open\" }\nvotes = [",
            1,
        );
        let Err(PolicyError::Unreadable(message)) = Policy::from_toml(&both) else {
            panic!("`vote` beside `votes` must be refused");
        };
        assert!(message.contains("not both"), "{message}");

        let twice =
            DEFAULT_POLICY.replacen("electorate = \"network\"", "electorate = \"committee\"", 1);
        assert!(matches!(
            Policy::from_toml(&twice),
            Err(PolicyError::RepeatedElectorate {
                electorate: Electorate::Committee,
                ..
            })
        ));
    }

    #[test]
    fn a_share_must_be_a_proper_fraction() {
        assert_eq!(
            "2/3".parse::<Fraction>().map(|f| f.to_string()),
            Ok("2/3".into())
        );
        assert!("3/2".parse::<Fraction>().is_err());
        assert!("1/0".parse::<Fraction>().is_err());
        assert!("half".parse::<Fraction>().is_err());
    }

    #[test]
    fn a_policy_without_rubric_or_with_reviews_of_nothing_is_refused() {
        let mut policy = Policy::default();
        policy.rubric.clear();
        assert_eq!(policy.validate(), Err(PolicyError::EmptyRubric));

        let mut policy = Policy::default();
        policy.gates.pre_candidate.documents.clear();
        assert_eq!(
            policy.validate(),
            Err(PolicyError::ReviewsWithoutDocuments {
                gate: Stage::PreCandidate
            })
        );
    }
}
