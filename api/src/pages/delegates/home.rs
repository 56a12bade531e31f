//! `/` for a delegate: their hub (its standing, who represents it) and its network votes.
//! The open ones come from the register as the delegate reads it (the network votes their
//! hub is in), each with the hub's own row; the closed ones from the hub's voting record,
//! a page at a time.

use super::super::api_client::{ListPage, Problem};
use super::super::committee::network::HubRow;
use super::super::hubs::{represented, HubRecord};
use super::super::render::{motion_words, page, problem_page, Chrome};
use super::super::texts::Value;
use super::super::visitor::Member;
use super::super::PageState;
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use charter_domain::vote::Motion;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

/// Closed votes on one page of the hub's record.
const PER_PAGE: usize = 25;

#[derive(Debug, Template)]
#[template(path = "home/delegates.html")]
struct DelegateHome {
    page: Chrome,
    hub: HubRecord,
    open: Vec<OpenVote>,
    closed: Vec<Entry>,
    /// Where the next page of closed votes starts (the API's cursor), if one follows.
    older: Option<String>,
    /// Whether this is a later page of closed votes (a link back to the first).
    later_page: bool,
}

crate::framed!(DelegateHome);

/// A vote of the register, as listed: only its id is needed to read it whole.
#[derive(Debug, Deserialize)]
struct Listed {
    vote_id: Uuid,
}

/// An open network vote, with the hubs of its electorate (the reader's own hub's row
/// whole, even while a secret vote withholds the others').
#[derive(Debug, Deserialize)]
struct OpenVote {
    vote_id: Uuid,
    motion: Motion,
    ballot: String,
    closes_at: DateTime<Utc>,
    #[serde(default)]
    hub_name: Option<String>,
    #[serde(default)]
    hubs: Vec<HubRow>,
}

/// The hub's part in one network vote, from its voting record.
#[derive(Debug, Deserialize)]
struct Entry {
    vote_id: Uuid,
    #[serde(default)]
    hub_name: Option<String>,
    motion: Motion,
    ballot: String,
    #[serde(default)]
    closed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    outcome: Option<String>,
    #[serde(default)]
    ballots_cast: Option<i32>,
    #[serde(default)]
    recused_at: Option<DateTime<Utc>>,
    #[serde(default)]
    choice: Option<String>,
}

impl OpenVote {
    fn motion_words(&self, chrome: &Chrome) -> String {
        motion_words(chrome, &self.motion)
    }

    fn hub(&self) -> &str {
        self.hub_name.as_deref().unwrap_or_default()
    }
}

impl Entry {
    fn motion_words(&self, chrome: &Chrome) -> String {
        motion_words(chrome, &self.motion)
    }

    fn hub(&self) -> &str {
        self.hub_name.as_deref().unwrap_or_default()
    }

    /// What the hub did, in the reader's words: recused, did not vote, its choice (open
    /// ballot), or that it voted (secret ballot).
    fn part(&self, chrome: &Chrome) -> String {
        if self.recused_at.is_some() {
            chrome.t("delegate-part-recused")
        } else if self.ballots_cast.unwrap_or_default() == 0 {
            chrome.t("delegate-part-did-not-vote")
        } else if let Some(choice) = &self.choice {
            chrome.word("choice", choice)
        } else {
            chrome.t1(
                "record-voted-secret",
                "ballot",
                chrome.word("ballot", &self.ballot),
            )
        }
    }
}

impl DelegateHome {
    /// What the reader's hub has done in an open vote so far, in words: when, and by which
    /// of its delegates.
    fn progress(&self, vote: &OpenVote) -> String {
        let chrome = &self.page;
        let Some(row) = vote.hubs.iter().find(|row| row.hub_id == self.hub.hub_id) else {
            return String::new();
        };
        let name = row
            .acting()
            .and_then(|person| self.hub.delegate_name(person))
            .map_or_else(|| chrome.t("delegate-someone"), str::to_owned);
        let when = |at: Option<DateTime<Utc>>| at.map(|at| chrome.when(&at)).unwrap_or_default();
        if row.recused_at.is_some() {
            return chrome.texts.with(
                "delegate-progress-recused",
                &[
                    ("date", Value::Text(when(row.recused_at))),
                    ("name", Value::Text(name)),
                ],
            );
        }
        match row.ballots_cast.unwrap_or_default() {
            0 => chrome.t("delegate-progress-none"),
            count => chrome.texts.with(
                "delegate-progress-cast",
                &[
                    ("count", Value::Number(i64::from(count))),
                    ("date", Value::Text(when(row.last_cast_at))),
                    ("name", Value::Text(name)),
                ],
            ),
        }
    }

    /// Whether the hub has yet to vote (or recuse) in an open vote: the row is marked.
    fn awaits(&self, vote: &OpenVote) -> bool {
        vote.hubs.iter().any(|row| {
            row.hub_id == self.hub.hub_id
                && row.recused_at.is_none()
                && row.ballots_cast.unwrap_or_default() == 0
        })
    }
}

/// The delegate's home; `query` may name the page of closed votes (`older=<cursor>`).
pub async fn home(state: &PageState, member: &mut Member, query: Option<&str>) -> Response {
    match read(state, member, query).await {
        Ok(Ok(home)) => page(&home),
        Ok(Err(problem)) => {
            let chrome = member.chrome("failed-heading").await;
            problem_page(chrome, &problem)
        }
        Err(error) => {
            let chrome = member.chrome("failed-heading").await;
            super::super::unavailable(chrome, &error)
        }
    }
}

/// The older-votes cursor of the query, if any.
#[derive(Debug, Default, Deserialize)]
struct Older {
    older: Option<String>,
}

async fn read(
    state: &PageState,
    member: &mut Member,
    query: Option<&str>,
) -> Result<Result<DelegateHome, Problem>, sqlx::Error> {
    let Some(hub) = represented(state, member).await? else {
        // The delegation ended a moment ago: the next page signs the session out.
        return Ok(Err(Problem::new(
            "forbidden",
            StatusCode::FORBIDDEN.as_u16(),
            "no member hub is represented".to_owned(),
        )));
    };
    let api = member.api(state);
    let older: Older = query
        .and_then(|query| serde_urlencoded::from_str(query).ok())
        .unwrap_or_default();
    Ok(async {
        let record: HubRecord = api.read(&format!("/api/v1/hubs/{hub}")).await?;
        let listed: Vec<Listed> = api.list("/api/v1/votes?open=true").await?;
        let mut open = Vec::new();
        for vote in listed {
            open.push(api.read(&format!("/api/v1/votes/{}", vote.vote_id)).await?);
        }
        let mut path = format!("/api/v1/hubs/{hub}/votes?limit={PER_PAGE}");
        if let Some(cursor) = &older.older {
            let cursor = serde_urlencoded::to_string([("cursor", cursor)]).unwrap_or_default();
            path = format!("{path}&{cursor}");
        }
        let history: ListPage<Entry> = api.read(&path).await?;
        let closed = history
            .items
            .into_iter()
            .filter(|entry| entry.closed_at.is_some())
            .collect();
        let mut chrome = member.chrome("delegate-title").await;
        chrome.title = chrome.t1("delegate-title", "hub", record.name.as_str());
        Ok(DelegateHome {
            page: chrome,
            hub: record,
            open,
            closed,
            older: history.next,
            later_page: older.older.is_some(),
        })
    }
    .await)
}

/// The link to the page of closed votes after `cursor`.
fn older_link(cursor: &str) -> String {
    format!(
        "/?{}",
        serde_urlencoded::to_string([("older", cursor)]).unwrap_or_default()
    )
}

impl DelegateHome {
    /// The link to the next page of closed votes, if one follows.
    fn older_href(&self) -> Option<String> {
        self.older.as_deref().map(older_link)
    }
}
