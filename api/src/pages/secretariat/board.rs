//! The secretariat's start page: the pipeline as a board, one column per stage, which a
//! GET form narrows to one stage (`GET /api/v1/applications?stage=…`).

use super::super::api_client::Problem;
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::{belongs_to_form, failed};
use crate::pages::api_client::ListPage;
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

/// The applications a column of the whole board shows; the rest are a link away.
const COLUMN_CARDS: usize = 10;
/// The applications a page of one stage shows.
const PAGE_CARDS: usize = 50;

#[derive(Debug, Template)]
#[template(path = "home/secretariat.html")]
struct Board {
    page: Chrome,
    /// The stage the board is narrowed to, if any.
    stage: String,
    columns: Vec<Column>,
    stages: Vec<&'static str>,
    /// The page of a narrowed board, from 1.
    number: usize,
}

crate::framed!(Board);

/// The applications in one stage that the board shows.
#[derive(Debug)]
struct Column {
    stage: &'static str,
    applications: Vec<Card>,
    /// Whether the stage holds more than are shown.
    more: bool,
}

/// An application on the board.
#[derive(Debug, Deserialize)]
struct Card {
    application_id: Uuid,
    hub_name: String,
    city: String,
    country: String,
    stage_since: DateTime<Utc>,
    #[serde(default)]
    next_deadline: Option<DateTime<Utc>>,
    #[serde(default)]
    appeal: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Filter {
    stage: Option<String>,
    page: Option<String>,
}

/// The board, narrowed by the query of its filter form. Each column is one bounded read:
/// the whole board shows the first few of every stage, a narrowed one a page of its stage,
/// so a page costs the same however many applications the network has seen.
pub async fn board(state: &PageState, member: &mut Member, query: Option<&str>) -> Response {
    let filter: Filter = query
        .and_then(|query| serde_urlencoded::from_str(query).ok())
        .unwrap_or_default();
    let stage = filter
        .stage
        .map(|stage| stage.trim().to_owned())
        .unwrap_or_default();
    let number = filter
        .page
        .and_then(|page| page.trim().parse::<usize>().ok())
        .filter(|page| (1..=10_000).contains(page))
        .unwrap_or(1);
    let mut chrome = member.chrome("secretariat-title").await;
    let shown: Vec<&'static str> = if stage.is_empty() {
        STAGES.to_vec()
    } else if let Some(name) = STAGES.iter().find(|name| **name == stage) {
        vec![*name]
    } else {
        // Not a stage: the API's refusal of it, shown beside the filter.
        match column(state, member, &stage, 1, 0).await {
            Err(problem) if belongs_to_form(&problem) => {
                chrome.refused(&problem, &[("stage", "stage")], "stage");
                Vec::new()
            }
            Err(problem) => return failed(member, &problem).await,
            Ok(_) => Vec::new(),
        }
    };
    let (size, offset) = if stage.is_empty() {
        (COLUMN_CARDS, 0)
    } else {
        (PAGE_CARDS, (number - 1) * PAGE_CARDS)
    };
    let mut columns = Vec::with_capacity(shown.len());
    for name in shown {
        let mut applications = match column(state, member, name, size + 1, offset).await {
            Ok(cards) => cards,
            Err(problem) => return failed(member, &problem).await,
        };
        let more = applications.len() > size;
        applications.truncate(size);
        columns.push(Column {
            stage: name,
            applications,
            more,
        });
    }
    page(&Board {
        page: chrome,
        stage,
        columns,
        stages: STAGES.to_vec(),
        number,
    })
}

/// Up to `limit` applications of `stage` from `offset`: the open stages longest waiting
/// first, the closed ones (which only grow) the latest first.
async fn column(
    state: &PageState,
    member: &Member,
    stage: &str,
    limit: usize,
    offset: usize,
) -> Result<Vec<Card>, Problem> {
    let order = if CLOSED.contains(&stage) {
        "newest_in_stage"
    } else {
        "longest_in_stage"
    };
    let path = format!(
        "/api/v1/applications?stage={}&order={order}&limit={limit}&offset={offset}",
        urlencoding(stage)
    );
    let page = member.api(state).read::<ListPage<Card>>(&path).await?;
    Ok(page.items)
}

/// The stages an application does not leave (but by an appeal).
const CLOSED: [&str; 3] = ["initiative", "rejected", "withdrawn"];

impl Board {
    /// Whether the board is narrowed to `name`.
    fn chosen(&self, name: &str) -> bool {
        self.stage == name
    }

    /// The link to page `number` of the narrowed board.
    fn page_link(&self, number: usize) -> String {
        format!("/?stage={}&page={number}", urlencoding(&self.stage))
    }

    /// The page's number, for a text.
    fn number_value(&self) -> i64 {
        i64::try_from(self.number).unwrap_or(i64::MAX)
    }

    /// The link to every application of `stage`.
    fn stage_link(&self, stage: &str) -> String {
        format!("/?stage={}", urlencoding(stage))
    }
}

/// A query value, percent-encoded.
fn urlencoding(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)])
        .map(|pair| pair.trim_start_matches("v=").to_owned())
        .unwrap_or_default()
}
