//! The secretariat's start page: the pipeline as a board, one column per stage, which a
//! GET form narrows to one stage (`GET /api/v1/applications?stage=…`).

use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::{belongs_to_form, failed};
use askama::Template;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

/// The stages of the pipeline, in order, the closed ones last.
pub const STAGES: [&str; 8] = [
    "applied",
    "eligible",
    "pre_candidate",
    "candidate",
    "approved",
    "initiative",
    "rejected",
    "withdrawn",
];

#[derive(Debug, Template)]
#[template(path = "home/secretariat.html")]
struct Board {
    page: Chrome,
    /// The stage the board is narrowed to, if any.
    stage: String,
    columns: Vec<Column>,
    stages: Vec<&'static str>,
}

crate::framed!(Board);

/// The applications in one stage.
#[derive(Debug)]
struct Column {
    stage: &'static str,
    applications: Vec<Card>,
}

/// An application on the board.
#[derive(Debug, Deserialize)]
struct Card {
    application_id: Uuid,
    hub_name: String,
    city: String,
    country: String,
    stage: String,
    stage_since: DateTime<Utc>,
    #[serde(default)]
    next_deadline: Option<DateTime<Utc>>,
    #[serde(default)]
    appeal: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Filter {
    stage: Option<String>,
}

/// The board, narrowed by the query of its filter form.
pub async fn board(state: &PageState, member: &mut Member, query: Option<&str>) -> Response {
    let filter: Filter = query
        .and_then(|query| serde_urlencoded::from_str(query).ok())
        .unwrap_or_default();
    let stage = filter
        .stage
        .map(|stage| stage.trim().to_owned())
        .unwrap_or_default();
    let mut path = "/api/v1/applications?limit=500".to_owned();
    if !stage.is_empty() {
        path.push_str("&stage=");
        path.push_str(&urlencoding(&stage));
    }
    let answer = member.api(state).read::<Vec<Card>>(&path).await;
    let mut chrome = member.chrome("secretariat-title").await;
    let cards = match answer {
        Ok(cards) => cards,
        Err(problem) if belongs_to_form(&problem) => {
            chrome.refused(&problem, &[("stage", "stage")], "stage");
            Vec::new()
        }
        Err(problem) => return failed(member, &problem).await,
    };
    let mut columns: Vec<Column> = STAGES
        .iter()
        .filter(|name| stage.is_empty() || **name == stage)
        .map(|name| Column {
            stage: name,
            applications: Vec::new(),
        })
        .collect();
    for card in cards {
        if let Some(column) = columns.iter_mut().find(|c| c.stage == card.stage) {
            column.applications.push(card);
        }
    }
    page(&Board {
        page: chrome,
        stage,
        columns,
        stages: STAGES.to_vec(),
    })
}

impl Board {
    /// Whether the board is narrowed to `name`.
    fn chosen(&self, name: &str) -> bool {
        self.stage == name
    }
}

/// A query value, percent-encoded.
fn urlencoding(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)])
        .map(|pair| pair.trim_start_matches("v=").to_owned())
        .unwrap_or_default()
}
