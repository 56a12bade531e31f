//! Interviews: scheduling one from the application's page, and a page of its own for each
//! interview to move, record or cancel it.

use super::super::api_client::Problem;
use super::super::forms::Posted;
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::application::{InterviewLine, Status};
use super::decisions::{field, Fields, Outcome};
use super::{belongs_to_form, failed, member, moments, refused};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;
use uuid::Uuid;

/// Schedules an interview, from the application's page.
pub async fn schedule(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<Fields>,
) -> Response {
    let mut member = match member(visitor) {
        Ok(member) => member,
        Err(response) => return response,
    };
    let mut chrome = member.chrome("secretariat-application-title").await;
    let when = moment(&mut chrome, &form, "interview-when");
    if field(&form, "interview-where").is_none() {
        chrome.error("interview-where", "secretariat-where-missing");
    }
    let answer = if chrome.errors.is_empty() {
        let body = json!({ "scheduled_for": when, "location": field(&form, "interview-where") });
        let path = format!("/api/v1/applications/{id}/interviews");
        Some(member.api(&state).send(Method::POST, &path, &body).await)
    } else {
        None
    };
    let outcome = Outcome {
        id,
        form,
        fields: &[
            ("scheduled_for", "interview-when"),
            ("location", "interview-where"),
        ],
        fallback: "interview-when",
        done: "secretariat-done-scheduled",
    };
    outcome.after(&state, member, chrome, answer).await
}

/// A required moment of a `datetime-local` input, in the reader's zone.
fn moment(chrome: &mut Chrome, form: &Fields, name: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let Some(value) = field(form, name) else {
        chrome.error(name, "secretariat-moment-missing");
        return None;
    };
    let at = moments::parse(value, chrome.texts.zone());
    if at.is_none() {
        chrome.error(name, "secretariat-moment-invalid");
    }
    at
}

#[derive(Debug, Template)]
#[template(path = "secretariat/interview.html")]
struct InterviewPage {
    page: Chrome,
    id: Uuid,
    interview: InterviewLine,
    form: Fields,
}

crate::framed!(InterviewPage);

impl InterviewPage {
    /// What the refused form held in `name`, else what the interview has.
    fn value(&self, name: &str) -> String {
        if let Some(value) = self.form.get(name) {
            return value.clone();
        }
        match name {
            "when" => moments::input(&self.interview.scheduled_for, self.page.texts.zone()),
            "where" => self.interview.location.clone(),
            _ => String::new(),
        }
    }
}

/// The page of one interview.
pub async fn show(
    State(state): State<PageState>,
    mut member: Member,
    Path((id, number)): Path<(Uuid, i32)>,
) -> Response {
    let chrome = member.chrome("secretariat-interview-title").await;
    render(&state, &mut member, id, number, chrome, Fields::new()).await
}

async fn render(
    state: &PageState,
    member: &mut Member,
    id: Uuid,
    number: i32,
    chrome: Chrome,
    form: Fields,
) -> Response {
    let status: Result<Status, Problem> = member
        .api(state)
        .read(&format!("/api/v1/applications/{id}/status"))
        .await;
    let status = match status {
        Ok(status) => status,
        Err(problem) => return failed(member, &problem).await,
    };
    let Some(interview) = status
        .interviews
        .into_iter()
        .find(|interview| interview.interview == number)
    else {
        let chrome = member.chrome("not-found-heading").await;
        return super::super::render::error_page(
            chrome,
            axum::http::StatusCode::NOT_FOUND,
            "not-found-heading",
            "not-found-body",
        );
    };
    page(&InterviewPage {
        page: chrome,
        id,
        interview,
        form,
    })
}

/// Moves, records or cancels the interview.
pub async fn act(
    State(state): State<PageState>,
    Path((id, number, action)): Path<(Uuid, i32, String)>,
    Posted { visitor, mut form }: Posted<Fields>,
) -> Response {
    let mut member = match member(visitor) {
        Ok(member) => member,
        Err(response) => return response,
    };
    form.remove(super::super::forms::CSRF_FIELD);
    let mut chrome = member.chrome("secretariat-interview-title").await;
    let (body, fields, done): (_, &[(&str, &str)], _) = match action.as_str() {
        "reschedule" => {
            let when = moment(&mut chrome, &form, "when");
            if field(&form, "where").is_none() {
                chrome.error("where", "secretariat-where-missing");
            }
            (
                json!({ "scheduled_for": when, "location": field(&form, "where") }),
                &[("scheduled_for", "when"), ("location", "where")],
                "secretariat-done-rescheduled",
            )
        }
        "record" => {
            if field(&form, "notes").is_none() {
                chrome.error("notes", "secretariat-notes-missing");
            }
            let attendees: Vec<&str> = field(&form, "attendees")
                .unwrap_or_default()
                .split([',', '\n'])
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .collect();
            (
                json!({ "notes": field(&form, "notes"), "attendees": attendees }),
                &[("notes", "notes"), ("attendees", "attendees")],
                "secretariat-done-recorded",
            )
        }
        "cancel" => {
            if field(&form, "cancel-reason").is_none() {
                chrome.error("cancel-reason", "secretariat-reason-missing");
            }
            (
                json!({ "reason": field(&form, "cancel-reason") }),
                &[("reason", "cancel-reason")],
                "secretariat-done-cancelled",
            )
        }
        _ => {
            let chrome = member.chrome("not-found-heading").await;
            return super::super::render::error_page(
                chrome,
                axum::http::StatusCode::NOT_FOUND,
                "not-found-heading",
                "not-found-body",
            );
        }
    };
    if chrome.errors.is_empty() {
        let path = format!("/api/v1/applications/{id}/interviews/{number}/{action}");
        match member.api(&state).send(Method::POST, &path, &body).await {
            Ok(accepted) => {
                member.remember(done, accepted.position).await;
                return Redirect::to(&format!("/applications/{id}")).into_response();
            }
            Err(problem) if belongs_to_form(&problem) => {
                refused(&mut chrome, &problem, fields, fields[0].1);
            }
            Err(problem) => return failed(&mut member, &problem).await,
        }
    }
    render(&state, &mut member, id, number, chrome, form).await
}
