//! Rejecting an application: the reason (and the vote that decided it) checked on a page
//! of its own before anything is written, then confirmed.

use super::super::forms::Posted;
use super::super::render::{page, Chrome};
use super::super::PageState;
use super::decisions::{begin, field, send, Fields, Outcome};
use super::{failed, member};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::Response;
use serde_json::json;
use uuid::Uuid;

#[derive(Debug, Template)]
#[template(path = "secretariat/reject_check.html")]
struct RejectCheck {
    page: Chrome,
    id: Uuid,
    hub_name: String,
    reason: String,
    vote: String,
}

crate::framed!(RejectCheck);

#[derive(Debug, serde::Deserialize)]
struct HubName {
    hub_name: String,
}

/// Shows the rejection to confirm, before anything is written.
pub async fn check(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<Fields>,
) -> Response {
    let (mut member, mut chrome) = begin!(visitor);
    let Some(reason) = field(&form, "reject-reason").map(str::to_owned) else {
        chrome.error("reject-reason", "secretariat-reason-missing");
        return Outcome {
            id,
            form,
            fields: &[],
            fallback: "reject-reason",
            done: "",
        }
        .after(&state, member, chrome, None)
        .await;
    };
    let hub: HubName = match member
        .api(&state)
        .get(&format!("/api/v1/applications/{id}"))
        .await
    {
        Ok(hub) => hub,
        Err(problem) => return failed(&mut member, &problem).await,
    };
    chrome.title = chrome.t("secretariat-reject-check-title");
    page(&RejectCheck {
        page: chrome,
        id,
        hub_name: hub.hub_name,
        reason,
        vote: field(&form, "reject-vote").unwrap_or_default().to_owned(),
    })
}

/// Back to the application's page from the check, with the answers in the form.
pub async fn change(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<Fields>,
) -> Response {
    let (member, chrome) = begin!(visitor);
    let outcome = Outcome {
        id,
        form,
        fields: &[],
        fallback: "reject-reason",
        done: "",
    };
    outcome.after(&state, member, chrome, None).await
}

/// Rejects the application, as confirmed.
pub async fn reject(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<Fields>,
) -> Response {
    let (member, mut chrome) = begin!(visitor);
    if field(&form, "reject-reason").is_none() {
        chrome.error("reject-reason", "secretariat-reason-missing");
    }
    let body = json!({
        "reason": field(&form, "reject-reason"),
        "vote_id": field(&form, "reject-vote"),
    });
    let path = format!("/api/v1/applications/{id}/rejection");
    let answer = send(&state, &member, &chrome, Method::POST, &path, &body).await;
    let outcome = Outcome {
        id,
        form,
        fields: &[("reason", "reject-reason"), ("vote_id", "reject-vote")],
        fallback: "reject-reason",
        done: "secretariat-done-rejected",
    };
    outcome.after(&state, member, chrome, answer).await
}
