//! Declaring a conflict of interest: the reason, then a check page that says plainly that
//! the declaration recuses the panelist from the application, then the API's command.

use super::record;
use super::{refusal, PageState};
use crate::pages::api_client::{Api, Done, Problem};
use crate::pages::check_answers::{self, Checked};
use crate::pages::forms::{filled, Posted};
use crate::pages::render::{page, Chrome};
use crate::pages::visitor::Member;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

#[derive(Debug, Template)]
#[template(path = "panelists/conflict.html")]
struct ConflictPage {
    page: Chrome,
    id: Uuid,
    hub_name: String,
    reason: String,
}

#[derive(Debug, Template)]
#[template(path = "panelists/conflict_check.html")]
struct ConflictCheckPage {
    page: Chrome,
    id: Uuid,
    hub_name: String,
    reason: String,
}

crate::framed!(ConflictPage, ConflictCheckPage);

/// The declaration's one field.
#[derive(Debug, Deserialize)]
pub struct ConflictForm {
    reason: Option<String>,
}

/// A declaration as the panelist is writing it: the application, and why.
struct Declaration {
    id: Uuid,
    reason: String,
}

impl Declaration {
    fn new(id: Uuid, form: ConflictForm) -> Self {
        Declaration {
            id,
            reason: filled(&form.reason).unwrap_or_default().to_owned(),
        }
    }
}

impl Checked for Declaration {
    /// The application's hub.
    type Context = String;

    fn title(&self) -> &'static str {
        "conflict-title"
    }

    fn check_title(&self) -> &'static str {
        "conflict-check-title"
    }

    async fn context(&self, state: &PageState, member: &mut Member) -> Result<String, Response> {
        match record::summary(&member.api(state), self.id).await {
            Ok(summary) => Ok(summary.hub_name),
            Err(problem) => Err(refusal(member, &problem).await),
        }
    }

    fn check(&self, chrome: &mut Chrome) {
        if self.reason.is_empty() {
            chrome.error("reason", "conflict-reason-missing");
        }
    }

    fn form_page(self, chrome: Chrome, hub_name: String) -> Response {
        page(&ConflictPage {
            page: chrome,
            id: self.id,
            hub_name,
            reason: self.reason,
        })
    }

    fn check_page(self, chrome: Chrome, hub_name: String) -> Response {
        page(&ConflictCheckPage {
            page: chrome,
            id: self.id,
            hub_name,
            reason: self.reason,
        })
    }

    async fn send(&self, api: &Api, _: &String) -> Result<Done, Problem> {
        let path = format!("/api/v1/applications/{}/conflicts", self.id);
        api.send(Method::POST, &path, &json!({ "reason": self.reason }))
            .await
    }

    fn done(&self, _: &String) -> (&'static str, String) {
        ("conflict-declared", "/".to_owned())
    }

    fn refused(&self, chrome: &mut Chrome, problem: &Problem) {
        chrome.refused(problem, &[("reason", "reason")], "reason");
    }
}

/// The form, blank.
pub async fn ask(State(state): State<PageState>, member: Member, Path(id): Path<Uuid>) -> Response {
    let blank = Declaration::new(id, ConflictForm { reason: None });
    check_answers::form(&state, member, blank).await
}

/// The form with the reason posted back from the check page.
pub async fn change(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<ConflictForm>,
) -> Response {
    check_answers::change(&state, visitor, Declaration::new(id, form)).await
}

/// What the declaration will do, to confirm; or the form again without a reason.
pub async fn check(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<ConflictForm>,
) -> Response {
    check_answers::check(&state, visitor, Declaration::new(id, form)).await
}

/// Declares the conflict through the API, which recuses the panelist; back to the queue.
pub async fn declare(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<ConflictForm>,
) -> Response {
    check_answers::confirm(&state, visitor, Declaration::new(id, form)).await
}
