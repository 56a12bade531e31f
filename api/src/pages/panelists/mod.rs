//! The expert panelists' pages: an application they sit on (its documents, to download,
//! and their own reviews), the review of a document version (rubric, recommendation,
//! comments, then check your answers), the revision of a review, and the declaration of a
//! conflict of interest. The queue itself is the start page (`home.rs`).
//!
//! Whether a panelist may see or do any of it is the API's to say: every page asks it.

mod answers;
mod application;
mod assessment;
mod conflict;
mod record;

use super::api_client::Problem;
use super::render::problem_page;
use super::visitor::Member;
use super::PageState;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<PageState> {
    Router::new()
        .route("/applications/{id}/review", get(application::show))
        .route(
            "/applications/{id}/documents/{kind}/{version}",
            get(application::download),
        )
        .route(
            "/applications/{id}/review/{kind}/{version}",
            get(assessment::new_review).post(assessment::change_review),
        )
        .route(
            "/applications/{id}/review/{kind}/{version}/check",
            post(assessment::check_review),
        )
        .route(
            "/applications/{id}/review/{kind}/{version}/file",
            post(assessment::file_review),
        )
        .route(
            "/applications/{id}/reviews/{review}/revise",
            get(assessment::new_revision).post(assessment::change_revision),
        )
        .route(
            "/applications/{id}/reviews/{review}/revise/check",
            post(assessment::check_revision),
        )
        .route(
            "/applications/{id}/reviews/{review}/revise/file",
            post(assessment::file_revision),
        )
        .route(
            "/applications/{id}/conflict",
            get(conflict::ask).post(conflict::change),
        )
        .route("/applications/{id}/conflict/check", post(conflict::check))
        .route(
            "/applications/{id}/conflict/declare",
            post(conflict::declare),
        )
}

/// The page of a refusal no form can show (not on the panel, recused, no such thing).
async fn refusal(member: &mut Member, problem: &Problem) -> Response {
    let chrome = member.chrome("failed-heading").await;
    problem_page(chrome, problem)
}
