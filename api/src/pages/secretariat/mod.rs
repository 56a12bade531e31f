//! The secretariat's pages: the pipeline board (the start page), an application with a
//! form for every action the API offers on it, the roster of people, the member hubs with
//! their delegates and standing, and the deliveries of notifications. Every read and every action goes through the API's own routes, so
//! the API decides what the person may see and do; a refusal shows in the page.

mod application;
mod board;
mod decisions;
mod deliveries;
mod departure;
mod hub;
mod hubs;
mod interviews;
mod moments;
mod people;
mod person;
mod rejection;

pub use board::board;

use super::api_client::Problem;
use super::render::{problem_page, Chrome};
use super::visitor::{Member, Visitor};
use super::PageState;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<PageState> {
    Router::new()
        .route("/applications/{id}", get(application::show))
        .route(
            "/applications/{id}/eligibility",
            post(decisions::eligibility),
        )
        .route("/applications/{id}/panelists", post(decisions::assign))
        .route("/applications/{id}/interviews", post(interviews::schedule))
        .route(
            "/applications/{id}/interviews/{interview}",
            get(interviews::show),
        )
        .route(
            "/applications/{id}/interviews/{interview}/{action}",
            post(interviews::act),
        )
        .route(
            "/applications/{id}/revision-requests",
            post(decisions::revision),
        )
        .route(
            "/applications/{id}/reviews/{review}/release",
            post(decisions::release),
        )
        .route("/applications/{id}/votes", post(decisions::open_vote))
        .route(
            "/applications/{id}/votes/{vote}/close",
            post(decisions::close_vote),
        )
        .route("/applications/{id}/signatures", post(decisions::sign))
        .route("/applications/{id}/advance", post(decisions::advance))
        .route("/applications/{id}/rejection/check", post(rejection::check))
        .route(
            "/applications/{id}/rejection/change",
            post(rejection::change),
        )
        .route("/applications/{id}/rejection", post(rejection::reject))
        .route("/people", get(people::show).post(people::register))
        .route("/people/{id}", get(person::show))
        .route(
            "/people/{id}/erasure",
            get(person::check_erasure).post(person::erase),
        )
        .route("/people/{id}/{action}", post(person::act))
        .route("/people/{id}/tokens/{token}/revoke", post(person::revoke))
        .route("/hubs", get(hubs::show).post(hubs::register))
        .route("/hubs/{id}", get(hub::show))
        .route("/hubs/{id}/{action}", post(hub::act))
        .route("/hubs/{id}/delegates/{person}/end", post(hub::end))
        .route("/hubs/{id}/departure/check", post(departure::check))
        .route("/hubs/{id}/departure/change", post(departure::change))
        .route("/hubs/{id}/departure", post(departure::confirm))
        .route("/deliveries", get(deliveries::list))
        .route("/deliveries/{id}", get(deliveries::show))
        .route("/deliveries/{id}/resend", post(deliveries::resend))
}

/// The person signed in behind a posted form, or the way to sign in.
// The refusal is the page itself, returned at once, not passed up through layers.
#[allow(clippy::result_large_err)]
fn member(visitor: Visitor) -> Result<Member, Response> {
    Member::from_visitor(visitor)
}

/// The page of a refusal no form can show: forbidden, not found, the database away.
async fn failed(member: &mut Member, problem: &Problem) -> Response {
    let chrome = member.chrome("failed-heading").await;
    problem_page(chrome, problem)
}

/// Whether a refusal belongs in a form's error summary (the form could be put right), or
/// on a page of its own (the person may not do this at all, or something broke).
fn belongs_to_form(problem: &Problem) -> bool {
    matches!(problem.status, 400 | 409 | 422)
}

/// A refusal of the API put in the error summary, what the gate misses listed with it.
fn refused(chrome: &mut Chrome, problem: &Problem, fields: &[(&str, &str)], fallback: &str) {
    if problem.code() == "gate-not-met" {
        chrome.error(fallback, "secretariat-gate-not-met");
    } else {
        chrome.refused(problem, fields, fallback);
    }
    let Some(missing) = problem.missing.as_ref().and_then(|m| m.as_array()) else {
        return;
    };
    for requirement in missing {
        if let Ok(requirement) =
            serde_json::from_value::<application::Requirement>(requirement.clone())
        {
            let message = requirement.words(chrome);
            chrome.errors.push(super::render::FieldError {
                field: fallback.to_owned(),
                message,
            });
        }
    }
}
