//! A vote as the API's register holds it (`GET /api/v1/votes/{id}`), with what the vote's
//! pages show of it: a committee vote's members, or a network vote's member hubs.

use super::super::render::{motion_words, Chrome};
use super::network::{HubBallot, HubRow};
use charter_domain::vote::Motion;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

/// A vote as the API's register holds it, with what the page shows of it.
#[derive(Debug, Deserialize)]
pub(crate) struct VoteRecord {
    pub vote_id: Uuid,
    pub application_id: Uuid,
    pub motion: Motion,
    pub rule: Rule,
    pub ballot: String,
    pub policy_version: String,
    /// `committee`, or `network` for a vote of the member hubs.
    #[serde(default = "committee")]
    pub voters: String,
    /// The application's hub, as the register knows it.
    #[serde(default)]
    pub hub_name: Option<String>,
    pub opened_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    #[serde(default)]
    pub closed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub tally: Option<Tally>,
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default)]
    pub electorate: Vec<Elector>,
    #[serde(default)]
    pub ballots: Vec<Ballot>,
    /// The member hubs of a network vote, by name.
    #[serde(default)]
    pub hubs: Vec<HubRow>,
    /// Every ballot and change of a hub (its own hub's only, where withheld).
    #[serde(default)]
    pub hub_ballots: Vec<HubBallot>,
    /// How many have voted, recused, or neither.
    #[serde(default)]
    pub participation: Option<Participation>,
    /// A secret vote still open: who took part is withheld (the member's own row aside).
    #[serde(default)]
    pub participation_withheld: bool,
}

/// The electorate of a vote that does not say: the committee's.
fn committee() -> String {
    "committee".to_owned()
}

/// How many members have voted, recused, or done neither yet.
#[derive(Debug, Deserialize)]
pub(crate) struct Participation {
    pub voted: i64,
    pub recused: i64,
    pub awaiting: i64,
}

/// The rule fixed when the vote opened.
#[derive(Debug, Deserialize)]
pub(crate) struct Rule {
    quorum: String,
    threshold: Threshold,
}

/// The share of yes among yes and no that carries the motion.
#[derive(Debug, Deserialize)]
struct Threshold {
    #[serde(default)]
    more_than: Option<String>,
    #[serde(default)]
    at_least: Option<String>,
}

/// The count of a closed vote.
#[derive(Debug, Deserialize)]
pub(crate) struct Tally {
    pub electorate: u32,
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
    pub recused: u32,
    pub did_not_vote: u32,
}

/// A member of the electorate and what they did (never their choice, if secret; nothing
/// of another member while a secret vote is open).
#[derive(Debug, Deserialize)]
pub(crate) struct Elector {
    pub person_id: Uuid,
    pub name: String,
    #[serde(default)]
    pub ballots_cast: Option<i32>,
    #[serde(default)]
    pub last_cast_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub recused_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub recusal_reason: Option<String>,
}

/// One ballot or change of ballot; the choice only when the ballot is open.
#[derive(Debug, Deserialize)]
pub(crate) struct Ballot {
    pub person_id: Uuid,
    pub revision: i32,
    pub cast_at: DateTime<Utc>,
    #[serde(default)]
    pub choice: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

impl VoteRecord {
    /// Whether ballots may still be cast: not closed, and its time not over.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.closed_at.is_none() && now < self.closes_at
    }

    /// Whether the register keeps who chose what.
    pub fn is_secret(&self) -> bool {
        self.ballot == "secret"
    }

    /// The member's place in the electorate, if they have one.
    pub fn elector(&self, person: Uuid) -> Option<&Elector> {
        self.electorate
            .iter()
            .find(|elector| elector.person_id == person)
    }

    /// The name of a member of the electorate.
    pub fn name_of(&self, person: &Uuid) -> &str {
        self.electorate
            .iter()
            .find(|elector| elector.person_id == *person)
            .map_or("", |elector| elector.name.as_str())
    }

    /// The members who declared a conflict of interest.
    pub fn recusals(&self) -> Vec<&Elector> {
        self.electorate
            .iter()
            .filter(|elector| elector.recused_at.is_some())
            .collect()
    }

    /// The motion, in the reader's words.
    pub fn motion_words(&self, chrome: &Chrome) -> String {
        motion_words(chrome, &self.motion)
    }

    /// The grounds of a motion to reject, as the secretariat wrote them.
    pub fn grounds(&self) -> Option<&str> {
        match &self.motion {
            Motion::Reject { grounds } => Some(grounds),
            _ => None,
        }
    }

    /// The rule that decides the vote, in the reader's words.
    pub fn rule_words(&self, chrome: &Chrome) -> String {
        let quorum = chrome.t1("vote-rule-quorum", "share", self.rule.quorum.as_str());
        let threshold = match (
            &self.rule.threshold.more_than,
            &self.rule.threshold.at_least,
        ) {
            (Some(share), _) => chrome.t1("vote-rule-more-than", "share", share.as_str()),
            (None, Some(share)) => chrome.t1("vote-rule-at-least", "share", share.as_str()),
            (None, None) => String::new(),
        };
        format!("{quorum} {threshold}")
    }

    /// Whether the member hubs vote, one ballot each, rather than the committee.
    pub fn is_network(&self) -> bool {
        self.voters == "network"
    }

    /// The hub's row in the electorate, if it is in it.
    pub fn hub_row(&self, hub: Uuid) -> Option<&HubRow> {
        self.hubs.iter().find(|row| row.hub_id == hub)
    }

    /// The name of a hub of the electorate.
    pub fn hub_name_of(&self, hub: &Uuid) -> &str {
        self.hub_row(*hub).map_or("", |row| row.name.as_str())
    }

    /// The hubs that declared a conflict of interest.
    pub fn hub_recusals(&self) -> Vec<&HubRow> {
        self.hubs
            .iter()
            .filter(|row| row.recused_at.is_some())
            .collect()
    }
}
