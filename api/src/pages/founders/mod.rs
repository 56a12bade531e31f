//! The founders' pages (role `applicant`, acting for the one application they founded):
//! its documents and their versions, a new version's upload, the timeline, withdrawing,
//! signing the agreement, and appealing a rejection. The start page (`/`) is `home.rs`'s.
//!
//! Every page acts on the session's own application: no page takes an application's id,
//! so a founder has no address that reaches another team's application, and the API's
//! own scope check stands behind that.

mod agreement;
mod appeal;
mod documents;
mod download;
mod timeline;
mod upload;
mod withdrawal;

use super::api_client::Problem;
use super::render::{error_page, problem_page};
use super::visitor::Member;
use super::PageState;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use uuid::Uuid;

/// What a multipart upload carries besides the file: the form key, the kind, the
/// boundaries and part headers.
const UPLOAD_SLACK: usize = 64 * 1024;

/// The founders' pages; an upload may be up to `max_upload` bytes.
pub fn router(max_upload: usize) -> Router<PageState> {
    Router::new()
        .route(
            "/documents",
            get(documents::show)
                .post(upload::submit)
                .layer(DefaultBodyLimit::max(
                    max_upload.saturating_add(UPLOAD_SLACK),
                )),
        )
        .route("/documents/{kind}/{version}", get(download::file))
        .route("/timeline", get(timeline::show))
        .route("/withdraw", get(withdrawal::ask).post(withdrawal::confirm))
        .route("/withdraw/check", post(withdrawal::check))
        .route("/agreement", get(agreement::ask).post(agreement::confirm))
        .route("/appeal", get(appeal::ask).post(appeal::confirm))
        .route("/appeal/check", post(appeal::check))
}

/// The application the founder acts for; for anyone else, the page that they may not see.
async fn application_of(member: &mut Member) -> Result<Uuid, Response> {
    match member.signed.application {
        Some(application) if member.role() == charter_domain::Role::Applicant => Ok(application),
        _ => {
            let chrome = member.chrome("forbidden-heading").await;
            Err(error_page(
                chrome,
                StatusCode::FORBIDDEN,
                "forbidden-heading",
                "forbidden-body",
            ))
        }
    }
}

/// The API's answer, or the page of its refusal.
async fn or_problem<T>(member: &mut Member, answer: Result<T, Problem>) -> Result<T, Response> {
    match answer {
        Ok(value) => Ok(value),
        Err(problem) => {
            let chrome = member.chrome("failed-heading").await;
            Err(problem_page(chrome, &problem))
        }
    }
}

/// Where the application stands: enough for a page to know what it may offer.
#[derive(Debug, serde::Deserialize)]
struct Standing {
    hub_name: String,
    stage: String,
    #[serde(default)]
    appeal: Option<String>,
    /// Whether the founders can withdraw it, by the API's own rule.
    withdrawable: bool,
}

/// The application's summary, as its founders may read it.
async fn standing(
    state: &PageState,
    member: &mut Member,
    application: Uuid,
) -> Result<Standing, Response> {
    let answer = member
        .api(state)
        .read::<Standing>(&format!("/api/v1/applications/{application}"))
        .await;
    or_problem(member, answer).await
}
