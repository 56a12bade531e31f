//! `/votes/{id}`: a vote's record (motion, rule, electorate, moments, tally, ballots or
//! participation, recusals) and, while it is open and the member may vote, the ballot form.

use super::super::home::motion_words;
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::{hub_name, refused, PageState};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use charter_domain::vote::Motion;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

/// A vote as the API's register holds it, with what the page shows of it.
#[derive(Debug, Deserialize)]
pub(super) struct VoteRecord {
    pub vote_id: Uuid,
    pub application_id: Uuid,
    pub motion: Motion,
    pub rule: Rule,
    pub ballot: String,
    pub policy_version: String,
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
    /// How many have voted, recused, or neither.
    #[serde(default)]
    pub participation: Option<Participation>,
    /// A secret vote still open: who took part is withheld (the member's own row aside).
    #[serde(default)]
    pub participation_withheld: bool,
}

/// How many members have voted, recused, or done neither yet.
#[derive(Debug, Deserialize)]
pub(super) struct Participation {
    pub voted: i64,
    pub recused: i64,
    pub awaiting: i64,
}

/// The rule fixed when the vote opened.
#[derive(Debug, Deserialize)]
pub(super) struct Rule {
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
pub(super) struct Tally {
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
pub(super) struct Elector {
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
pub(super) struct Ballot {
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
}

/// What a refused ballot form carries back to the page.
#[derive(Debug, Default)]
pub(super) struct Posted {
    pub choice: String,
    pub reason: String,
}

#[derive(Debug, Template)]
#[template(path = "committee/vote.html")]
struct VotePage {
    page: Chrome,
    vote: VoteRecord,
    hub_name: String,
    /// The member is in the electorate, not recused, and the vote is open.
    may_vote: bool,
    /// The member's own participation, if they are in the electorate.
    mine: Option<Mine>,
    posted: Posted,
}

/// What the member has done in this vote.
#[derive(Debug)]
struct Mine {
    ballots_cast: i32,
    last_cast_at: Option<DateTime<Utc>>,
    recused: bool,
}

impl VotePage {
    /// Whether the refused form had `choice` chosen.
    fn chose(&self, choice: &str) -> bool {
        self.posted.choice == choice
    }

    /// Whether the member has voted already, so that the form changes their ballot.
    fn changing(&self) -> bool {
        self.mine.as_ref().is_some_and(|mine| mine.ballots_cast > 0)
    }
}

/// Shows the vote's record.
pub(super) async fn show(
    State(state): State<PageState>,
    mut member: Member,
    Path(id): Path<Uuid>,
) -> Response {
    render(&state, &mut member, id, Vec::new(), Posted::default()).await
}

/// The vote's page, with the errors of a refused ballot (422) when there are any.
pub(super) async fn render(
    state: &PageState,
    member: &mut Member,
    id: Uuid,
    errors: Vec<super::super::render::FieldError>,
    posted: Posted,
) -> Response {
    let api = member.api(state);
    let vote = match api.read::<VoteRecord>(&format!("/api/v1/votes/{id}")).await {
        Ok(vote) => vote,
        Err(problem) => return refused(member, &problem).await,
    };
    let hub_name = hub_name(&api, vote.application_id).await;
    let now = state.app.clock.now();
    let mine = vote.elector(member.signed.person).map(|elector| Mine {
        ballots_cast: elector.ballots_cast.unwrap_or_default(),
        last_cast_at: elector.last_cast_at,
        recused: elector.recused_at.is_some(),
    });
    let may_vote = vote.is_open(now) && mine.as_ref().is_some_and(|mine| !mine.recused);
    let mut chrome = member.chrome("vote-title").await;
    chrome.errors = errors;
    page(&VotePage {
        page: chrome,
        vote,
        hub_name,
        may_vote,
        mine,
        posted,
    })
}
crate::framed!(VotePage);
