//! `/applications/{id}/audit`: an application's audit log (its events and those of the
//! votes about it, a page at a time), and whether the record's hash chains are intact.

use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::{hub_name, refused, PageState};
use crate::pages::api_client::ListPage;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

/// Events on one page of the log.
const PER_PAGE: u32 = 50;

/// One recorded event.
#[derive(Debug, Deserialize)]
struct Entry {
    global_position: i64,
    aggregate_type: String,
    sequence: i64,
    event_type: String,
    #[serde(default)]
    occurred_at: Option<DateTime<Utc>>,
    recorded_at: DateTime<Utc>,
    #[serde(default)]
    actor_name: Option<String>,
    #[serde(default)]
    actor_role: Option<String>,
    #[serde(default)]
    request_id: Option<String>,
    #[serde(default)]
    policy_version: Option<String>,
    data: serde_json::Value,
    /// Who gave it is withheld: a ballot or recusal of a secret vote still open.
    #[serde(default)]
    withheld: bool,
}

impl Entry {
    /// The event's fields, indented, for whoever opens them.
    fn fields(&self) -> String {
        serde_json::to_string_pretty(&self.data).unwrap_or_default()
    }

    /// When it happened: as the command said, else when it was recorded.
    fn moment(&self) -> &DateTime<Utc> {
        self.occurred_at.as_ref().unwrap_or(&self.recorded_at)
    }
}

/// Whether the record is intact, as the API recomputes it.
#[derive(Debug, Deserialize)]
struct Verification {
    intact: bool,
    events: i64,
    streams: i64,
    #[serde(default)]
    first_broken: Option<BrokenLink>,
}

/// The first link of a chain that does not hold.
#[derive(Debug, Deserialize)]
struct BrokenLink {
    aggregate_type: String,
    aggregate_id: String,
    sequence: i64,
    problem: String,
}

#[derive(Debug, Template)]
#[template(path = "committee/audit.html")]
struct AuditPage {
    page: Chrome,
    application: Uuid,
    hub_name: String,
    entries: Vec<Entry>,
    next_after: Option<i64>,
    /// Whether this is a later page (a link back to the first is shown).
    later: bool,
    verification: Option<Verification>,
}

crate::framed!(AuditPage);

/// Where the page of the log starts.
#[derive(Debug, Deserialize)]
pub(super) struct After {
    after: Option<i64>,
}

/// Shows a page of the application's log and the verification of the whole record.
pub(super) async fn show(
    State(state): State<PageState>,
    mut member: Member,
    Path(id): Path<Uuid>,
    Query(after): Query<After>,
) -> Response {
    let api = member.api(&state);
    let start = after.after.unwrap_or(0).max(0);
    let path = format!("/api/v1/applications/{id}/audit?after={start}&limit={PER_PAGE}");
    let log = match api.read::<ListPage<Entry>>(&path).await {
        Ok(log) => log,
        Err(problem) => return refused(&mut member, &problem).await,
    };
    // The page's own links go on by position: where the next page starts.
    let next_after = log
        .next
        .is_some()
        .then(|| log.items.last().map(|entry| entry.global_position))
        .flatten();
    // The log still shows when the verification cannot be had; the page says so.
    let verification = match api
        .get::<Verification>(&format!("/api/v1/audit/verify?application_id={id}"))
        .await
    {
        Ok(verification) => Some(verification),
        Err(problem) => {
            tracing::warn!(detail = %problem.detail, "the record could not be verified for a page");
            None
        }
    };
    let hub_name = hub_name(&api, id).await;
    let chrome = member.chrome("audit-title").await;
    page(&AuditPage {
        page: chrome,
        application: id,
        hub_name,
        entries: log.items,
        next_after,
        later: start > 0,
        verification,
    })
}
