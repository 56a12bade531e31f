//! `/register`: the vote register, newest first, a page at a time, each vote the
//! committee's or the network's, and the member's own voting record.

use super::super::render::{motion_words, page, Chrome};
use super::super::visitor::Member;
use super::{refused, PageState};
use crate::pages::api_client::ListPage;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use charter_domain::vote::Motion;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

/// Votes on one page of the register.
const PER_PAGE: usize = 25;

/// A vote as the register lists it.
#[derive(Debug, Deserialize)]
struct Listed {
    vote_id: Uuid,
    application_id: Uuid,
    motion: Motion,
    ballot: String,
    opened_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    #[serde(default)]
    closed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    outcome: Option<String>,
    #[serde(default)]
    hub_name: Option<String>,
    /// `committee`, or `network` for a vote of the member hubs.
    #[serde(default)]
    voters: Option<String>,
}

/// The member's part in one vote.
#[derive(Debug, Deserialize)]
struct Part {
    vote_id: Uuid,
    motion: Motion,
    ballot: String,
    opened_at: DateTime<Utc>,
    #[serde(default)]
    outcome: Option<String>,
    #[serde(default)]
    ballots_cast: Option<i32>,
    #[serde(default)]
    recused_at: Option<DateTime<Utc>>,
    #[serde(default)]
    choice: Option<String>,
    #[serde(default)]
    hub_name: Option<String>,
}

impl Listed {
    fn hub(&self) -> &str {
        self.hub_name.as_deref().unwrap_or_default()
    }

    /// Whether the member hubs vote rather than the committee.
    fn is_network(&self) -> bool {
        self.voters.as_deref() == Some("network")
    }

    fn motion_words(&self, chrome: &Chrome) -> String {
        motion_words(chrome, &self.motion)
    }
}

impl Part {
    fn hub(&self) -> &str {
        self.hub_name.as_deref().unwrap_or_default()
    }

    fn motion_words(&self, chrome: &Chrome) -> String {
        motion_words(chrome, &self.motion)
    }
}

#[derive(Debug, Template)]
#[template(path = "committee/register.html")]
struct RegisterPage {
    page: Chrome,
    votes: Vec<Listed>,
    mine: Vec<Part>,
    /// The register's page shown, from 1.
    number: usize,
    /// The page of the member's own record shown, from 1.
    record: usize,
    /// Whether older entries of the member's record follow.
    more_mine: bool,
    previous: Option<usize>,
    next: Option<usize>,
}

crate::framed!(RegisterPage);

/// Which page of the register, and of the member's own record: a number that is not
/// one shows the first.
#[derive(Debug, Deserialize)]
pub(super) struct Paging {
    page: Option<String>,
    record: Option<String>,
}

/// A page number from a query, 1 when absent or not one.
fn number_of(page: Option<&str>) -> usize {
    page.and_then(|page| page.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, 10_000)
}

/// Shows one page of the register and the member's voting record.
pub(super) async fn show(
    State(state): State<PageState>,
    mut member: Member,
    Query(paging): Query<Paging>,
) -> Response {
    let number = number_of(paging.page.as_deref());
    let record = number_of(paging.record.as_deref());
    let api = member.api(&state);
    // One more than a page, to know whether another follows.
    let path = format!(
        "/api/v1/votes?limit={}&offset={}",
        PER_PAGE + 1,
        (number - 1) * PER_PAGE
    );
    let mut votes = match api.read::<ListPage<Listed>>(&path).await {
        Ok(votes) => votes.items,
        Err(problem) => return refused(&mut member, &problem).await,
    };
    let more = votes.len() > PER_PAGE;
    votes.truncate(PER_PAGE);
    let path = format!(
        "/api/v1/people/{}/votes?limit={}&offset={}",
        member.signed.person,
        PER_PAGE + 1,
        (record - 1) * PER_PAGE
    );
    let mut mine = match api.read::<ListPage<Part>>(&path).await {
        Ok(mine) => mine.items,
        Err(problem) => return refused(&mut member, &problem).await,
    };
    let more_mine = mine.len() > PER_PAGE;
    mine.truncate(PER_PAGE);
    let chrome = member.chrome("register-title").await;
    page(&RegisterPage {
        page: chrome,
        votes,
        mine,
        number,
        record,
        more_mine,
        previous: (number > 1).then(|| number - 1),
        next: more.then_some(number + 1),
    })
}
