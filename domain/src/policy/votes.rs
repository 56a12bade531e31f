//! How votes are decided: who votes, the quorum, the threshold, open or secret ballots.

use super::PolicyError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// How a vote at a gate, or on a motion, is decided, and who decides it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteRule {
    /// Who votes. A policy written before network votes existed names none: the
    /// committee, as it was then.
    #[serde(default)]
    pub electorate: Electorate,
    /// Share of the electorate that must take part (yes, no or abstain).
    pub quorum: Fraction,
    /// Share of yes among yes + no that carries the motion.
    pub threshold: Threshold,
    pub ballot: Ballot,
}

/// Who votes on a motion.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Electorate {
    /// The Membership Committee seated on the day the vote opens, one member one vote.
    #[default]
    Committee,
    /// The member hubs in good standing on the day the vote opens, one hub one vote, cast
    /// by any of the hub's delegates.
    Network,
}

impl Electorate {
    /// The electorate's name in the policy, the API and the register.
    pub fn as_str(self) -> &'static str {
        match self {
            Electorate::Committee => "committee",
            Electorate::Network => "network",
        }
    }
}

impl fmt::Display for Electorate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
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

impl VoteRule {
    /// Refuses a rule that decides nothing: no quorum at all, a motion carried with no
    /// yes, or one that can never be carried.
    pub(super) fn check(&self, motion: &'static str) -> Result<(), PolicyError> {
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
