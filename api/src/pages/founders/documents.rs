//! `/documents`: every document kind the policy knows, each submitted version with its
//! date and a link to download it, the open revision requests beside their kind, and the
//! form to upload a new version.

use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::{application_of, or_problem};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use charter_domain::application::DocumentKind;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Template)]
#[template(path = "founders/documents.html")]
struct DocumentsPage {
    page: Chrome,
    hub_name: String,
    kinds: Vec<KindRow>,
    /// Whether the application takes a new version, as the API says.
    open: bool,
    /// The kind the upload form has chosen.
    chosen: String,
}

crate::framed!(DocumentsPage);

/// One kind of document: its versions, newest first, and what is asked of it.
#[derive(Debug)]
struct KindRow {
    kind: &'static str,
    versions: Vec<Version>,
    requests: Vec<Request>,
}

/// A submitted version, as the API lists it.
#[derive(Debug, Deserialize)]
struct Version {
    kind: String,
    version: i32,
    file_name: String,
    size: i64,
    submitted_at: DateTime<Utc>,
}

impl Version {
    /// The page that downloads it.
    fn href(&self) -> String {
        format!("/documents/{}/{}", self.kind, self.version)
    }

    /// Its size, in kilobytes rounded up.
    fn kilobytes(&self) -> i64 {
        (self.size + 1023) / 1024
    }
}

/// A revision request, as the summary lists it.
#[derive(Debug, Deserialize)]
struct Request {
    kind: String,
    reason: String,
    deadline: DateTime<Utc>,
    #[serde(default)]
    answered_version: Option<i32>,
    #[serde(default)]
    overdue_at: Option<DateTime<Utc>>,
}

/// The application's summary: its name, its revision requests, and whether it takes a new
/// version (the API's own rule, so that the page offers no upload it would refuse).
#[derive(Debug, Deserialize)]
struct Summary {
    hub_name: String,
    accepts_documents: bool,
    #[serde(default)]
    revision_requests: Vec<Request>,
}

/// `GET /documents`.
pub async fn show(State(state): State<PageState>, mut member: Member) -> Response {
    render(&state, &mut member, None, |_| {}).await
}

/// The page, with the upload form set to `chosen` and the refusals `refuse` adds (a page
/// with refusals answers 422).
pub async fn render(
    state: &PageState,
    member: &mut Member,
    chosen: Option<String>,
    refuse: impl FnOnce(&mut Chrome),
) -> Response {
    let application = match application_of(member).await {
        Ok(application) => application,
        Err(page) => return page,
    };
    let (versions, summary) = match lists(state, member, application).await {
        Ok(lists) => lists,
        Err(page) => return page,
    };
    let mut chrome = member.chrome("documents-title").await;
    refuse(&mut chrome);
    page(&DocumentsPage {
        page: chrome,
        hub_name: summary.hub_name,
        kinds: by_kind(versions, summary.revision_requests),
        open: summary.accepts_documents,
        chosen: chosen.unwrap_or_default(),
    })
}

async fn lists(
    state: &PageState,
    member: &mut Member,
    application: Uuid,
) -> Result<(Vec<Version>, Summary), Response> {
    let api = member.api(state);
    let versions = api
        .list::<Version>(&format!("/api/v1/applications/{application}/documents"))
        .await;
    let versions = or_problem(member, versions).await?;
    let summary = api
        .read::<Summary>(&format!("/api/v1/applications/{application}"))
        .await;
    let summary = or_problem(member, summary).await?;
    Ok((versions, summary))
}

/// Every kind, in the policy's order, with its versions (newest first) and its
/// unanswered requests.
fn by_kind(versions: Vec<Version>, requests: Vec<Request>) -> Vec<KindRow> {
    let mut rows: Vec<KindRow> = DocumentKind::ALL
        .iter()
        .map(|kind| KindRow {
            kind: kind.as_str(),
            versions: Vec::new(),
            requests: Vec::new(),
        })
        .collect();
    for version in versions {
        if let Some(row) = rows.iter_mut().find(|row| row.kind == version.kind) {
            row.versions.push(version);
        }
    }
    for request in requests
        .into_iter()
        .filter(|request| request.answered_version.is_none())
    {
        if let Some(row) = rows.iter_mut().find(|row| row.kind == request.kind) {
            row.requests.push(request);
        }
    }
    for row in &mut rows {
        row.versions
            .sort_by_key(|version| std::cmp::Reverse(version.version));
    }
    rows
}

/// Whether `kind` names a kind of document.
pub fn known_kind(kind: &str) -> bool {
    DocumentKind::ALL.iter().any(|known| known.as_str() == kind)
}
