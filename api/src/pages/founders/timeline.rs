//! `/timeline`: the application's milestones as its founders may see them (the panel's
//! internal work is the API's to leave out), oldest first, a page at a time.

use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::{application_of, or_problem};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// How many milestones a page shows.
const PAGE: usize = 50;

#[derive(Debug, Template)]
#[template(path = "founders/timeline.html")]
struct TimelinePage {
    page: Chrome,
    entries: Vec<Entry>,
    /// Where the next page starts, when there are more milestones.
    later: Option<i64>,
    /// Whether this is a later page (with a way back to the first).
    paged: bool,
}

crate::framed!(TimelinePage);

/// A milestone, as the API lists it.
#[derive(Debug, Deserialize)]
struct Entry {
    sequence: i64,
    event_type: String,
    occurred_at: DateTime<Utc>,
    #[serde(default)]
    actor_name: Option<String>,
}

impl Entry {
    /// What happened, in the reader's words.
    fn words(&self, chrome: &Chrome) -> String {
        let id = format!("timeline-{}", self.event_type);
        let words = chrome.t(&id);
        if words == id {
            chrome.t("timeline-other")
        } else {
            words
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct After {
    after: Option<i64>,
}

/// `GET /timeline[?after=sequence]`.
pub async fn show(
    State(state): State<PageState>,
    mut member: Member,
    Query(after): Query<After>,
) -> Response {
    let application = match application_of(&mut member).await {
        Ok(application) => application,
        Err(page) => return page,
    };
    let start = after.after.filter(|after| *after > 0).unwrap_or(0);
    let answer = member
        .api(&state)
        .read::<Vec<Entry>>(&format!(
            "/api/v1/applications/{application}/timeline?after={start}&limit={PAGE}"
        ))
        .await;
    let entries = match or_problem(&mut member, answer).await {
        Ok(entries) => entries,
        Err(page) => return page,
    };
    let later = (entries.len() == PAGE)
        .then(|| entries.last().map(|entry| entry.sequence))
        .flatten();
    let chrome = member.chrome("timeline-title").await;
    page(&TimelinePage {
        page: chrome,
        entries,
        later,
        paged: start > 0,
    })
}
