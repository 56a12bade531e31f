//! The gate policy: what each stage of candidacy requires, held as data.
//!
//! A network that is stricter or looser changes its policy file, not the code. The version
//! of the policy in force is recorded in every event it governs, so a decision can be read
//! years later against the rule that made it.

use crate::application::{DocumentKind, Recommendation, Stage};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

mod reminders;
mod reviews;
mod schema;

pub use reminders::{Offset, Reminders, Unit, MAX_OFFSETS, MAX_OFFSET_DAYS};

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

/// What an application must show to pass into a stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    /// Document kinds that must have been submitted.
    #[serde(default)]
    pub documents: Vec<DocumentKind>,
    /// Panel reviews each required document's latest version must have.
    #[serde(default)]
    pub reviews: Option<ReviewRule>,
    /// Whether an interview must have been held while the application was in the stage
    /// before this gate.
    #[serde(default)]
    pub interview: bool,
    /// The committee vote the gate needs, and its rule.
    #[serde(default)]
    pub vote: Option<VoteRule>,
}

/// How many reviews, with which recommendation, each required document needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRule {
    pub per_document: u32,
    pub recommendation: Recommendation,
}

/// How a committee vote at a gate is decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteRule {
    /// Share of the electorate that must take part (yes, no or abstain).
    pub quorum: Fraction,
    /// Share of yes among yes + no that carries the motion.
    pub threshold: Threshold,
    pub ballot: Ballot,
}

/// The share of yes among yes + no that carries a motion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Threshold {
    /// Strictly more than the share: a simple majority is `more_than = "1/2"`.
    MoreThan(Fraction),
    /// At least the share: a two-thirds majority is `at_least = "2/3"`.
    AtLeast(Fraction),
}

/// Whether the register shows who chose what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ballot {
    Open,
    Secret,
}

/// An exact share such as 1/2 or 2/3, written as `"n/d"`. Exact, so that 2 of 3 is never
/// rounded below two thirds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    pub numerator: u32,
    pub denominator: u32,
}

impl Fraction {
    /// `numerator / denominator`; `None` when the denominator is 0 or the share exceeds 1.
    pub fn new(numerator: u32, denominator: u32) -> Option<Self> {
        (denominator > 0 && numerator <= denominator).then_some(Self {
            numerator,
            denominator,
        })
    }
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.numerator, self.denominator)
    }
}

impl FromStr for Fraction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (n, d) = s
            .split_once('/')
            .ok_or_else(|| format!("expected a share like \"2/3\", got {s:?}"))?;
        let parse = |part: &str| {
            part.trim()
                .parse::<u32>()
                .map_err(|_| format!("expected a share like \"2/3\", got {s:?}"))
        };
        Fraction::new(parse(n)?, parse(d)?).ok_or_else(|| {
            format!("a share must lie between 0 and 1 with a non-zero denominator, got {s:?}")
        })
    }
}

impl Serialize for Fraction {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fraction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
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

impl VoteRule {
    /// Refuses a rule that decides nothing: no quorum at all, a motion carried with no
    /// yes, or one that can never be carried.
    fn check(&self, motion: &'static str) -> Result<(), PolicyError> {
        let problem = if self.quorum.numerator == 0 {
            Some("needs a quorum above 0")
        } else {
            match self.threshold {
                Threshold::AtLeast(share) if share.numerator == 0 => {
                    Some("would carry a motion nobody voted yes to")
                }
                Threshold::MoreThan(share) if share.numerator == share.denominator => {
                    Some("could never carry a motion")
                }
                _ => None,
            }
        };
        match problem {
            Some(problem) => Err(PolicyError::UnusableVoteRule { motion, problem }),
            None => Ok(()),
        }
    }
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
            if let Some(rule) = &gate.vote {
                rule.check(match stage {
                    Stage::Eligible => "the eligible gate",
                    Stage::PreCandidate => "the pre_candidate gate",
                    Stage::Candidate => "the candidate gate",
                    _ => "the approved gate",
                })?;
            }
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
        assert_eq!(
            policy.gates.approved.vote.as_ref().map(|v| v.ballot),
            Some(Ballot::Secret)
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
