//! The Membership Committee's pages: a vote's record with the ballot and recusal forms,
//! the vote register with the member's own voting record, the pipeline dashboard with its
//! charts and CSV exports, and an application's audit log with the record's verification.
//! A network vote's page is a delegate's too: there they cast and recuse for their hub.
//!
//! Like every page, these only call the API's own routes as the member signed in: which
//! votes a member may see and cast in is the API's and the vote's decision, not theirs.

mod audit;
mod ballot;
mod charts;
mod dashboard;
pub(crate) mod network;
mod participation;
mod record;
mod recusal;
mod register;
mod vote;

use super::api_client::{Api, Problem};
use super::render::{problem_page, Chrome};
use super::visitor::{Member, Visitor};
use super::PageState;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use uuid::Uuid;

/// The committee's pages.
pub fn router() -> Router<PageState> {
    Router::new()
        .route("/votes/{id}", get(vote::show))
        .route("/votes/{id}/ballot", post(ballot::cast))
        .route(
            "/votes/{id}/recusal",
            get(recusal::ask).post(recusal::change),
        )
        .route("/votes/{id}/recusal/check", post(recusal::check))
        .route("/votes/{id}/recusal/confirm", post(recusal::confirm))
        .route("/register", get(register::show))
        .route("/dashboard", get(dashboard::show))
        .route("/dashboard/{name}", get(dashboard::export))
        .route("/applications/{id}/audit", get(audit::show))
}

/// The member who sent a form; `None` when nobody is signed in.
fn member_of(visitor: Visitor) -> Option<Member> {
    Member::signed_in(visitor)
}

/// Where a form sent without a session goes.
fn to_sign_in() -> Response {
    Redirect::to("/sign-in").into_response()
}

/// The API's refusal as a page of its own (a vote that does not exist, a role that may not
/// see it).
async fn refused(member: &mut Member, problem: &Problem) -> Response {
    let chrome: Chrome = member.chrome("failed-heading").await;
    problem_page(chrome, problem)
}

/// The part of an application the committee's pages show.
#[derive(Debug, Deserialize)]
struct Application {
    hub_name: String,
}

/// The hub an application is for; empty when the API does not say (the page still shows
/// the rest).
async fn hub_name(api: &Api, application: Uuid) -> String {
    api.get::<Application>(&format!("/api/v1/applications/{application}"))
        .await
        .map(|found| found.hub_name)
        .unwrap_or_default()
}
