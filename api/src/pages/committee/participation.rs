//! The dashboard's votes: the open ones, each the committee's or the network's, with how
//! many of its electorate have taken part, and each member hub's part in the network's
//! closed votes.

use super::super::render::{motion_words, Chrome};
use charter_domain::vote::Motion;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

/// A vote still open, as the dashboard counts it.
#[derive(Debug, Deserialize)]
pub(super) struct OpenVote {
    pub vote_id: Uuid,
    pub motion: Motion,
    pub ballot: String,
    /// `committee`, or `network`: then the counts are of hubs.
    #[serde(default)]
    pub voters: Option<String>,
    pub closes_at: DateTime<Utc>,
    pub electorate: i64,
    pub voted: i64,
    pub recused: i64,
    pub awaiting: i64,
}

impl OpenVote {
    pub fn motion_words(&self, chrome: &Chrome) -> String {
        motion_words(chrome, &self.motion)
    }

    /// Whether the member hubs vote rather than the committee.
    pub fn is_network(&self) -> bool {
        self.voters.as_deref() == Some("network")
    }
}

/// How a member hub took part in the network's closed votes it was in the electorate of.
#[derive(Debug, Deserialize)]
pub(super) struct HubParticipation {
    pub name: String,
    /// `member`, `suspended` or `left`.
    pub standing: String,
    pub votes: i64,
    pub voted: i64,
    pub recused: i64,
    pub did_not_vote: i64,
}

impl HubParticipation {
    /// The share of its votes the hub voted or recused in, in whole percent; none before
    /// its first.
    pub fn turnout(&self) -> Option<i64> {
        let took_part = self.voted + self.recused;
        (self.votes > 0).then(|| (took_part * 100 + self.votes / 2) / self.votes)
    }
}
