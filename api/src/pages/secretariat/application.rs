//! `/applications/{id}`: one application as the secretariat works on it: founders, stage
//! and the next gate, documents, panel, revision requests, interviews, reviews, votes, and
//! a form for each action the API takes on it.

use super::super::render::{page, Chrome};
use super::super::texts::Value;
use super::super::visitor::Member;
use super::super::PageState;
use super::failed;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

/// The kinds of document the founders submit.
pub const DOCUMENT_KINDS: [&str; 6] = [
    "preliminary_report",
    "feasibility_study",
    "financial_projection",
    "future_plan",
    "community_strategy",
    "space_design",
];

#[derive(Debug, Template)]
#[template(path = "secretariat/application.html")]
pub struct ApplicationPage {
    pub page: Chrome,
    pub id: Uuid,
    pub summary: Summary,
    pub status: Status,
    pub reviews: Vec<ReviewLine>,
    /// The panel pool, less those already on the panel.
    pub pool: Vec<PoolMember>,
    /// What a refused form held, to show it again.
    pub draft: HashMap<String, String>,
    pub kinds: Vec<&'static str>,
}

crate::framed!(ApplicationPage);

/// The application's summary (`GET /api/v1/applications/{id}`).
#[derive(Debug, Deserialize)]
pub struct Summary {
    pub hub_name: String,
    pub city: String,
    pub country: String,
    pub stage: String,
    pub stage_since: DateTime<Utc>,
    #[serde(default)]
    pub appeal: Option<String>,
    pub founders: Vec<FounderLine>,
    pub documents: Vec<DocumentLine>,
    pub panel: Vec<PanelLine>,
    pub revision_requests: Vec<RevisionLine>,
}

#[derive(Debug, Deserialize)]
pub struct FounderLine {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Deserialize)]
pub struct DocumentLine {
    pub kind: String,
    pub version: i32,
    pub file_name: String,
    pub submitted_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize)]
pub struct PanelLine {
    pub panelist_id: Uuid,
    pub name: String,
    pub assigned_at: DateTime<Utc>,
    #[serde(default)]
    pub recused_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize)]
pub struct RevisionLine {
    pub kind: String,
    pub reason: String,
    pub deadline: DateTime<Utc>,
    #[serde(default)]
    pub answered_version: Option<i32>,
    #[serde(default)]
    pub overdue_at: Option<DateTime<Utc>>,
}

/// The status (`GET /api/v1/applications/{id}/status`): the gate, interviews, votes.
#[derive(Debug, Deserialize)]
pub struct Status {
    #[serde(default)]
    pub next_gate: Option<Gate>,
    #[serde(default)]
    pub interviews: Vec<InterviewLine>,
    #[serde(default)]
    pub votes: Vec<VoteLine>,
}

#[derive(Debug, Deserialize)]
pub struct Gate {
    pub to: String,
    pub checks: Vec<Requirement>,
}

/// A requirement of a gate, as a check (with `met`) or as the refusal's `missing`.
#[derive(Debug, Deserialize)]
pub struct Requirement {
    pub requirement: String,
    #[serde(default)]
    pub met: bool,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    need: Option<i64>,
    #[serde(default)]
    have: Option<i64>,
    #[serde(default)]
    party: Option<String>,
    /// Whose vote, for a vote: `committee` or `network`.
    #[serde(default)]
    pub electorate: Option<String>,
}

impl Requirement {
    /// What the requirement asks, in the reader's words.
    pub fn words(&self, chrome: &Chrome) -> String {
        let document = self
            .kind
            .as_deref()
            .map(|kind| chrome.word("document", kind))
            .unwrap_or_default();
        let party = self
            .party
            .as_deref()
            .map(|party| chrome.word("party", party))
            .unwrap_or_default();
        let words = chrome.texts.with(
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
        );
        match (self.have, self.need) {
            (Some(have), Some(need)) => format!(
                "{words} ({})",
                chrome.texts.with(
                    "secretariat-reviews-have",
                    &[("have", Value::Number(have)), ("need", Value::Number(need))]
                )
            ),
            _ => words,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct InterviewLine {
    pub interview: i32,
    pub scheduled_for: DateTime<Utc>,
    pub location: String,
    pub status: String,
    /// Who attended, once held.
    #[serde(default)]
    pub attendees: Vec<AttendeeLine>,
}

/// Someone who attended an interview, with the id their name is about.
#[derive(Debug, Deserialize)]
pub struct AttendeeLine {
    /// Absent for an interview recorded before attendees had ids of their own.
    #[serde(default)]
    pub subject_id: Option<Uuid>,
    pub name: String,
}

impl AttendeeLine {
    /// The id to erase the attendee's name by, unless it is erased already (or they have
    /// none of their own).
    pub fn erasable(&self) -> Option<Uuid> {
        self.subject_id
            .filter(|_| self.name != charter_domain::personal::ERASED)
    }
}

#[derive(Debug, Deserialize)]
pub struct VoteLine {
    pub vote_id: Uuid,
    pub motion: serde_json::Value,
    pub closes_at: DateTime<Utc>,
    #[serde(default)]
    pub closed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub outcome: Option<String>,
    /// Whether the member hubs vote (from the register, which says who votes).
    #[serde(skip)]
    pub network: bool,
}

/// Who votes in a vote, as the register lists it.
#[derive(Debug, Deserialize)]
struct Voters {
    vote_id: Uuid,
    voters: String,
}

impl VoteLine {
    /// The motion, in the reader's words.
    pub fn motion_words(&self, chrome: &Chrome) -> String {
        match serde_json::from_value(self.motion.clone()) {
            Ok(motion) => super::super::render::motion_words(chrome, &motion),
            Err(_) => String::new(),
        }
    }
}

/// A review of the panel (`GET /api/v1/applications/{id}/reviews`): its current revision
/// and the latest released.
#[derive(Debug, Deserialize)]
pub struct ReviewLine {
    pub review: i64,
    pub kind: String,
    pub version: i64,
    pub revision: i64,
    pub recommendation: String,
    #[serde(default)]
    pub released_revision: Option<i64>,
}

impl ReviewLine {
    /// Whether its current revision waits to be released.
    pub fn unreleased(&self) -> bool {
        self.released_revision != Some(self.revision)
    }
}

/// A person of the panel pool.
#[derive(Debug, Deserialize)]
pub struct PoolMember {
    pub person_id: Uuid,
    pub name: String,
    #[serde(default)]
    in_panel_pool: bool,
    #[serde(default)]
    pub expertise: Vec<String>,
}

impl PoolMember {
    /// The areas of expertise, listed.
    pub fn areas(&self) -> String {
        self.expertise.join(", ")
    }
}

impl ApplicationPage {
    /// What the refused form held in `field`.
    pub fn draft(&self, field: &str) -> &str {
        self.draft
            .get(field)
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// Whether the application is still open.
    pub fn open(&self) -> bool {
        !matches!(
            self.summary.stage.as_str(),
            "rejected" | "withdrawn" | "initiative"
        )
    }

    /// Whether a select's `value` was the refused form's choice for `field`.
    pub fn chosen(&self, field: &str, value: &str) -> bool {
        self.draft(field) == value
    }

    /// The stage the next gate leads into, if any.
    pub fn next_stage(&self) -> Option<&str> {
        self.status.next_gate.as_ref().map(|gate| gate.to.as_str())
    }

    /// Whose vote the gate awaits next: the electorate of its first vote not passed yet
    /// (the committee's, then the network's, where the gate takes both).
    pub fn vote_electorate(&self) -> Option<&str> {
        self.status
            .next_gate
            .as_ref()?
            .checks
            .iter()
            .find(|check| check.requirement == "vote" && !check.met)
            .and_then(|check| check.electorate.as_deref())
    }

    /// The stage a motion to advance would lead into: the next gate's, when a passed vote
    /// is one of its requirements (the eligibility gate, say, is the secretariat's own).
    pub fn vote_to(&self) -> Option<&str> {
        self.status
            .next_gate
            .as_ref()
            .filter(|gate| gate.checks.iter().any(|check| check.requirement == "vote"))
            .map(|gate| gate.to.as_str())
    }
}

/// The page of application `id`.
pub async fn show(
    State(state): State<PageState>,
    mut member: Member,
    Path(id): Path<Uuid>,
) -> Response {
    let chrome = member.chrome("secretariat-application-title").await;
    render(&state, &mut member, id, chrome, HashMap::new()).await
}

/// The page, with `chrome`'s errors and a refused form's values, 422 when refused.
pub async fn render(
    state: &PageState,
    member: &mut Member,
    id: Uuid,
    chrome: Chrome,
    draft: HashMap<String, String>,
) -> Response {
    match load(state, member, id, chrome, draft).await {
        Ok(application) => page(&application),
        Err(problem) => failed(member, &problem).await,
    }
}

async fn load(
    state: &PageState,
    member: &Member,
    id: Uuid,
    mut chrome: Chrome,
    draft: HashMap<String, String>,
) -> Result<ApplicationPage, super::Problem> {
    let api = member.api(state);
    let summary: Summary = api.read(&format!("/api/v1/applications/{id}")).await?;
    let mut status: Status = api
        .read(&format!("/api/v1/applications/{id}/status"))
        .await?;
    let voters: Vec<Voters> = api
        .list(&format!("/api/v1/votes?application_id={id}"))
        .await?;
    for vote in &mut status.votes {
        vote.network = voters
            .iter()
            .any(|listed| listed.vote_id == vote.vote_id && listed.voters == "network");
    }
    let reviews: Vec<ReviewLine> = api
        .list(&format!("/api/v1/applications/{id}/reviews"))
        .await?;
    // The pool is the roster's to tell; a reader who may not see it assigns no one.
    let people: Vec<PoolMember> = api
        .list("/api/v1/people?group=panel_pool")
        .await
        .unwrap_or_default();
    let pool = people
        .into_iter()
        .filter(|person| person.in_panel_pool)
        .filter(|person| {
            !summary
                .panel
                .iter()
                .any(|seat| seat.panelist_id == person.person_id && seat.recused_at.is_none())
        })
        .collect();
    chrome.title = chrome.t1("secretariat-application-title-of", "hub", &summary.hub_name);
    Ok(ApplicationPage {
        page: chrome,
        id,
        reviews,
        summary,
        status,
        pool,
        draft,
        kinds: DOCUMENT_KINDS.to_vec(),
    })
}
