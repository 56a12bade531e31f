//! The gate policy: what each stage of candidacy requires, held as data.
//!
//! A network that is stricter or looser changes its policy file, not the code. The version
//! of the policy in force is recorded in every event it governs, so a decision can be read
//! years later against the rule that made it.

use crate::application::{DocumentKind, Recommendation, Stage};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The whole gate policy of the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Recorded in the events the policy governs; change it whenever the rules change.
    pub version: String,
    /// The criteria every panel review scores from 1 to 5.
    pub rubric: Vec<String>,
    pub gates: Gates,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteRule {
    /// Share of the electorate that must take part (yes, no or abstain).
    pub quorum: Fraction,
    /// Share of yes among yes + no that carries the motion.
    pub threshold: Threshold,
    pub ballot: Ballot,
}

/// The share of yes among yes + no that carries a motion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Threshold {
    /// Strictly more than the share: a simple majority is `more_than = "1/2"`.
    MoreThan(Fraction),
    /// At least the share: a two-thirds majority is `at_least = "2/3"`.
    AtLeast(Fraction),
}

/// Whether the register shows who chose what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
            if let Some(rule) = &gate.reviews {
                if gate.documents.is_empty() {
                    return Err(PolicyError::ReviewsWithoutDocuments { gate: stage });
                }
                if rule.per_document == 0 {
                    return Err(PolicyError::ZeroReviews { gate: stage });
                }
            }
        }
        Ok(())
    }
}

impl Default for Policy {
    /// The network's default rules, following the stages of the design.
    fn default() -> Self {
        let two_advance_reviews = Some(ReviewRule {
            per_document: 2,
            recommendation: Recommendation::Advance,
        });
        let half = Fraction {
            numerator: 1,
            denominator: 2,
        };
        Policy {
            version: "default-2026.1".to_owned(),
            rubric: ["team", "community", "feasibility", "impact"]
                .map(str::to_owned)
                .to_vec(),
            gates: Gates {
                eligible: Gate::default(),
                pre_candidate: Gate {
                    documents: vec![DocumentKind::PreliminaryReport],
                    reviews: two_advance_reviews.clone(),
                    interview: false,
                    vote: None,
                },
                candidate: Gate {
                    documents: vec![
                        DocumentKind::FeasibilityStudy,
                        DocumentKind::FinancialProjection,
                        DocumentKind::CommunityStrategy,
                    ],
                    reviews: two_advance_reviews.clone(),
                    interview: true,
                    vote: Some(VoteRule {
                        quorum: half,
                        threshold: Threshold::MoreThan(half),
                        ballot: Ballot::Open,
                    }),
                },
                approved: Gate {
                    documents: vec![DocumentKind::FuturePlan, DocumentKind::SpaceDesign],
                    reviews: two_advance_reviews,
                    interview: true,
                    vote: Some(VoteRule {
                        quorum: half,
                        threshold: Threshold::AtLeast(Fraction {
                            numerator: 2,
                            denominator: 3,
                        }),
                        ballot: Ballot::Secret,
                    }),
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_is_valid_and_survives_a_toml_round_trip() {
        let policy = Policy::default();
        assert_eq!(policy.validate(), Ok(()));
        let text = toml::to_string(&policy).expect("serialize");
        let back: Policy = toml::from_str(&text).expect("deserialize");
        assert_eq!(back, policy);
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
