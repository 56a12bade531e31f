//! Declaring a conflict of interest: the reason, then a check page that says plainly that
//! the declaration recuses the panelist from the application, then the API's command.

use super::record;
use super::{member_of, refusal, PageState};
use crate::pages::forms::{filled, Posted};
use crate::pages::render::{page, Chrome};
use crate::pages::visitor::Member;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
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

/// The form, blank.
pub async fn ask(State(state): State<PageState>, member: Member, Path(id): Path<Uuid>) -> Response {
    shown(&state, member, id, String::new()).await
}

/// The form with the reason posted back from the check page.
pub async fn change(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<ConflictForm>,
) -> Response {
    match member_of(visitor) {
        Ok(member) => {
            let reason = filled(&form.reason).unwrap_or_default().to_owned();
            shown(&state, member, id, reason).await
        }
        Err(redirect) => redirect.into_response(),
    }
}

async fn shown(state: &PageState, mut member: Member, id: Uuid, reason: String) -> Response {
    let hub_name = match record::summary(&member.api(state), id).await {
        Ok(summary) => summary.hub_name,
        Err(problem) => return refusal(&mut member, &problem).await,
    };
    let chrome = member.chrome("conflict-title").await;
    page(&ConflictPage {
        page: chrome,
        id,
        hub_name,
        reason,
    })
}

/// What the declaration will do, to confirm; or the form again without a reason.
pub async fn check(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<ConflictForm>,
) -> Response {
    let mut member = match member_of(visitor) {
        Ok(member) => member,
        Err(redirect) => return redirect.into_response(),
    };
    let hub_name = match record::summary(&member.api(&state), id).await {
        Ok(summary) => summary.hub_name,
        Err(problem) => return refusal(&mut member, &problem).await,
    };
    let mut chrome = member.chrome("conflict-title").await;
    let Some(reason) = filled(&form.reason).map(str::to_owned) else {
        chrome.error("reason", "conflict-reason-missing");
        return page(&ConflictPage {
            page: chrome,
            id,
            hub_name,
            reason: String::new(),
        });
    };
    chrome.title = chrome.t("conflict-check-title");
    page(&ConflictCheckPage {
        page: chrome,
        id,
        hub_name,
        reason,
    })
}

/// Declares the conflict through the API, which recuses the panelist; back to the queue.
pub async fn declare(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<ConflictForm>,
) -> Response {
    let mut member = match member_of(visitor) {
        Ok(member) => member,
        Err(redirect) => return redirect.into_response(),
    };
    let api = member.api(&state);
    let hub_name = match record::summary(&api, id).await {
        Ok(summary) => summary.hub_name,
        Err(problem) => return refusal(&mut member, &problem).await,
    };
    let mut chrome = member.chrome("conflict-title").await;
    let reason = filled(&form.reason).unwrap_or_default().to_owned();
    if reason.is_empty() {
        chrome.error("reason", "conflict-reason-missing");
    } else {
        let path = format!("/api/v1/applications/{id}/conflicts");
        match api
            .send(Method::POST, &path, &json!({ "reason": reason }))
            .await
        {
            Ok(done) => {
                member.remember("conflict-declared", done.position).await;
                return Redirect::to("/").into_response();
            }
            Err(problem) if matches!(problem.status, 401 | 403 | 404) => {
                return refusal(&mut member, &problem).await;
            }
            Err(problem) => chrome.refused(&problem, &[("reason", "reason")], "reason"),
        }
    }
    page(&ConflictPage {
        page: chrome,
        id,
        hub_name,
        reason,
    })
}
