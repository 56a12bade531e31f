//! `/register`: the vote register, newest first, a page at a time, and the member's own
//! voting record.

use super::super::home::motion_words;
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::{refused, PageState};
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
    ballots_cast: i32,
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
    previous: Option<usize>,
    next: Option<usize>,
}

crate::framed!(RegisterPage);

/// Which page of the register.
#[derive(Debug, Deserialize)]
pub(super) struct Paging {
    page: Option<usize>,
}

/// Shows one page of the register and the member's voting record.
pub(super) async fn show(
    State(state): State<PageState>,
    mut member: Member,
    Query(paging): Query<Paging>,
) -> Response {
    let number = paging.page.unwrap_or(1).clamp(1, 10_000);
    let api = member.api(&state);
    // One more than a page, to know whether another follows.
    let path = format!(
        "/api/v1/votes?limit={}&offset={}",
        PER_PAGE + 1,
        (number - 1) * PER_PAGE
    );
    let mut votes = match api.read::<Vec<Listed>>(&path).await {
        Ok(votes) => votes,
        Err(problem) => return refused(&mut member, &problem).await,
    };
    let more = votes.len() > PER_PAGE;
    votes.truncate(PER_PAGE);
    let record = format!("/api/v1/people/{}/votes", member.signed.person);
    let mine = match api.read::<Vec<Part>>(&record).await {
        Ok(mine) => mine,
        Err(problem) => return refused(&mut member, &problem).await,
    };
    let chrome = member.chrome("register-title").await;
    page(&RegisterPage {
        page: chrome,
        votes,
        mine,
        number,
        previous: (number > 1).then(|| number - 1),
        next: more.then_some(number + 1),
    })
}
