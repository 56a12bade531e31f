//! `/`: for a visitor, what Charter is and the way in; for a person signed in, the main
//! page of the role they act in.

use super::api_client::Problem;
use super::render::{motion_words, page, problem_page, Chrome};
use super::texts::Value;
use super::visitor::{Member, Visitor};
use super::PageState;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use charter_domain::vote::Motion;
use charter_domain::Role;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

pub fn router() -> Router<PageState> {
    Router::new().route("/", get(home))
}

#[derive(Debug, Template)]
#[template(path = "home/welcome.html")]
struct Welcome {
    page: Chrome,
}

#[derive(Debug, Template)]
#[template(path = "home/founders.html")]
struct FoundersHome {
    page: Chrome,
    status: Status,
    /// The founder's private calendar feed, with their interviews and deadlines.
    calendar: Option<String>,
}

#[derive(Debug, Template)]
#[template(path = "home/panelists.html")]
struct PanelistsHome {
    page: Chrome,
    queue: Queue,
}

#[derive(Debug, Template)]
#[template(path = "home/committee.html")]
struct CommitteeHome {
    page: Chrome,
    votes: Vec<VoteRow>,
}

crate::framed!(Welcome, FoundersHome, PanelistsHome, CommitteeHome);

/// Where an application stands, as its founders see it (the API's applicant status).
#[derive(Debug, Deserialize)]
struct Status {
    hub_name: String,
    stage: String,
    stage_since: DateTime<Utc>,
    next_gate: Option<Gate>,
    #[serde(default)]
    revision_requests: Vec<RevisionRequest>,
    #[serde(default)]
    interviews: Vec<Interview>,
    #[serde(default)]
    feedback: Vec<FeedbackItem>,
    #[serde(default)]
    votes: Vec<VoteOutcome>,
    /// Whether it takes a new document version, and can be withdrawn: the API's rules.
    accepts_documents: bool,
    withdrawable: bool,
}

/// Where a person's calendar feed is.
#[derive(Debug, Deserialize)]
struct CalendarFeed {
    url: String,
}

#[derive(Debug, Deserialize)]
struct Gate {
    to: String,
    checks: Vec<Check>,
}

#[derive(Debug, Deserialize)]
struct Check {
    requirement: String,
    met: bool,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    need: Option<i64>,
    #[serde(default)]
    party: Option<String>,
    /// Whose vote, for a vote: `committee` or `network`.
    #[serde(default)]
    electorate: Option<String>,
}

impl Check {
    /// What the requirement asks, in the reader's words.
    fn words(&self, chrome: &Chrome) -> String {
        let document = self
            .kind
            .as_deref()
            .map(|kind| chrome.t(&format!("document-{kind}")))
            .unwrap_or_default();
        let party = self
            .party
            .as_deref()
            .map(|party| chrome.t(&format!("party-{party}")))
            .unwrap_or_default();
        chrome.texts.with(
            &format!("check-{}", self.requirement),
            &[
                ("document", Value::Text(document)),
                ("need", Value::Number(self.need.unwrap_or(0))),
                ("party", Value::Text(party)),
                (
                    "electorate",
                    Value::Text(self.electorate.clone().unwrap_or_default()),
                ),
            ],
        )
    }
}

#[derive(Debug, Deserialize)]
struct RevisionRequest {
    kind: String,
    reason: String,
    deadline: DateTime<Utc>,
    #[serde(default)]
    overdue_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize)]
struct Interview {
    scheduled_for: DateTime<Utc>,
    location: String,
    status: String,
}

#[derive(Debug, Deserialize)]
struct FeedbackItem {
    kind: String,
    version: i32,
    recommendation: String,
    comments: String,
    released_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize)]
struct VoteOutcome {
    closes_at: DateTime<Utc>,
    #[serde(default)]
    closed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    outcome: Option<String>,
}

impl VoteOutcome {
    /// When the vote was decided (when it closed, or was due to).
    fn decided(&self) -> &DateTime<Utc> {
        self.closed_at.as_ref().unwrap_or(&self.closes_at)
    }
}

/// A panelist's review queue.
#[derive(Debug, Deserialize)]
struct Queue {
    awaiting: Vec<QueueItem>,
    reviewed: Vec<QueueItem>,
}

#[derive(Debug, Deserialize)]
struct QueueItem {
    application_id: Uuid,
    hub_name: String,
    kind: String,
    version: i32,
    due_at: DateTime<Utc>,
    overdue: bool,
    #[serde(default)]
    recommendation: Option<String>,
    /// The panelist's review of this version, once filed.
    #[serde(default)]
    review: Option<i32>,
}

/// A vote in the register.
#[derive(Debug, Deserialize)]
struct VoteRow {
    vote_id: Uuid,
    motion: Motion,
    ballot: String,
    closes_at: DateTime<Utc>,
    #[serde(default)]
    hub_name: Option<String>,
    /// `committee`, or `network` for a vote of the member hubs.
    #[serde(default)]
    voters: Option<String>,
}

impl VoteRow {
    /// Whether the member hubs vote rather than the committee.
    fn is_network(&self) -> bool {
        self.voters.as_deref() == Some("network")
    }

    /// The motion, in the reader's words.
    fn motion_words(&self, chrome: &Chrome) -> String {
        motion_words(chrome, &self.motion)
    }
}

async fn home(
    State(state): State<PageState>,
    visitor: Visitor,
    RawQuery(query): RawQuery,
) -> Response {
    if visitor.visit.signed_in.is_none() {
        let mut visitor = visitor;
        let chrome = visitor.chrome("welcome-title").await;
        return page(&Welcome { page: chrome });
    }
    let mut member = match Member::from_visitor(visitor) {
        Ok(member) => member,
        Err(response) => return response,
    };
    match member.role() {
        Role::Applicant => founders(&state, &mut member).await,
        Role::Panelist => panelists(&state, &mut member).await,
        Role::Committee => committee(&state, &mut member).await,
        Role::Delegate => super::delegates::home(&state, &mut member, query.as_deref()).await,
        Role::Secretariat | Role::System => {
            super::secretariat::board(&state, &mut member, query.as_deref()).await
        }
    }
}

async fn or_problem<T>(member: &mut Member, answer: Result<T, Problem>) -> Result<T, Response> {
    match answer {
        Ok(value) => Ok(value),
        Err(problem) => {
            let chrome = member.chrome("failed-heading").await;
            Err(problem_page(chrome, &problem))
        }
    }
}

async fn founders(state: &PageState, member: &mut Member) -> Response {
    let Some(application) = member.signed.application else {
        let chrome = member.chrome("failed-heading").await;
        return super::render::error_page(
            chrome,
            axum::http::StatusCode::FORBIDDEN,
            "forbidden-heading",
            "forbidden-body",
        );
    };
    let answer = member
        .api(state)
        .read::<Status>(&format!("/api/v1/applications/{application}/status"))
        .await;
    let status = match or_problem(member, answer).await {
        Ok(status) => status,
        Err(page) => return page,
    };
    // Without the feed the page still stands: the link is only left out.
    let calendar = member
        .api(state)
        .get::<CalendarFeed>("/api/v1/notifications/calendar")
        .await
        .map(|feed| feed.url)
        .ok();
    let chrome = member.chrome("founders-title").await;
    page(&FoundersHome {
        page: chrome,
        status,
        calendar,
    })
}

async fn panelists(state: &PageState, member: &mut Member) -> Response {
    let answer = member
        .api(state)
        .read::<Queue>("/api/v1/reviews/queue")
        .await;
    let queue = match or_problem(member, answer).await {
        Ok(queue) => queue,
        Err(page) => return page,
    };
    let chrome = member.chrome("panelists-title").await;
    page(&PanelistsHome {
        page: chrome,
        queue,
    })
}

async fn committee(state: &PageState, member: &mut Member) -> Response {
    let answer = member
        .api(state)
        .list::<VoteRow>("/api/v1/votes?open=true")
        .await;
    let votes = match or_problem(member, answer).await {
        Ok(votes) => votes,
        Err(page) => return page,
    };
    let chrome = member.chrome("committee-title").await;
    page(&CommitteeHome {
        page: chrome,
        votes,
    })
}
