//! A gate: what an application must show to pass into a stage, and the votes that decide it.

use super::{Electorate, PolicyError, ReviewRule, VoteRule};
use crate::application::DocumentKind;
use serde::{Deserialize, Serialize};

/// What an application must show to pass into a stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "GateFile")]
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
    /// The votes the gate needs, each with its rule, in the order they are held: a vote
    /// opens only once the ones listed before it have passed in the stage. At most one
    /// per electorate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<VoteRule>,
}

/// A gate as a policy file may write it: its votes as a list (`votes`), or, as policies
/// written before network votes did, its one vote as `vote`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GateFile {
    #[serde(default)]
    documents: Vec<DocumentKind>,
    #[serde(default)]
    reviews: Option<ReviewRule>,
    #[serde(default)]
    interview: bool,
    #[serde(default)]
    vote: Option<VoteRule>,
    #[serde(default)]
    votes: Vec<VoteRule>,
}

impl TryFrom<GateFile> for Gate {
    type Error = PolicyError;

    fn try_from(file: GateFile) -> Result<Self, Self::Error> {
        let votes = match (file.vote, file.votes) {
            (Some(_), votes) if !votes.is_empty() => return Err(PolicyError::VoteAndVotes),
            (Some(vote), _) => vec![vote],
            (None, votes) => votes,
        };
        Ok(Gate {
            documents: file.documents,
            reviews: file.reviews,
            interview: file.interview,
            votes,
        })
    }
}

impl Gate {
    /// The rule of the gate's vote by `electorate`, if the gate takes one.
    pub fn vote_of(&self, electorate: Electorate) -> Option<&VoteRule> {
        self.votes.iter().find(|rule| rule.electorate == electorate)
    }

    /// The electorates whose votes the gate needs, in the order they are held.
    pub fn electorates(&self) -> impl Iterator<Item = Electorate> + '_ {
        self.votes.iter().map(|rule| rule.electorate)
    }

    /// Refuses a gate whose votes decide nothing or name an electorate twice.
    pub(super) fn check_votes(&self, gate: &'static str) -> Result<(), PolicyError> {
        for (i, rule) in self.votes.iter().enumerate() {
            rule.check(gate)?;
            if self.votes[..i]
                .iter()
                .any(|earlier| earlier.electorate == rule.electorate)
            {
                return Err(PolicyError::RepeatedElectorate {
                    gate,
                    electorate: rule.electorate,
                });
            }
        }
        Ok(())
    }
}
