//! A hub's departure from the network: for good (it takes no further changes, and its
//! delegates lose their vote), so the reason is checked on a page of its own before
//! anything is written, then confirmed.

use super::super::forms::Posted;
use super::super::hubs::HubRecord;
use super::super::render::{page, Chrome};
use super::super::PageState;
use super::decisions::{field, Fields};
use super::{belongs_to_form, failed, hub, member, refused};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;
use uuid::Uuid;

/// The form's field: why the hub leaves.
const REASON: &str = "depart-reason";

#[derive(Debug, Template)]
#[template(path = "secretariat/departure_check.html")]
struct DepartureCheck {
    page: Chrome,
    hub: HubRecord,
    reason: String,
}

crate::framed!(DepartureCheck);

/// Shows the departure to confirm, before anything is written; the hub's page again when
/// the reason is missing.
pub async fn check(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, mut form }: Posted<Fields>,
) -> Response {
    let mut member = match member(visitor) {
        Ok(member) => member,
        Err(response) => return response,
    };
    form.remove(super::super::forms::CSRF_FIELD);
    let mut chrome = member.chrome("hub-title").await;
    let Some(reason) = field(&form, REASON).map(str::to_owned) else {
        chrome.error(REASON, "hub-reason-missing");
        return hub::render(&state, &mut member, id, chrome, form).await;
    };
    let record: HubRecord = match member.api(&state).read(&format!("/api/v1/hubs/{id}")).await {
        Ok(record) => record,
        Err(problem) => return failed(&mut member, &problem).await,
    };
    chrome.title = chrome.t("hub-departure-check-title");
    page(&DepartureCheck {
        page: chrome,
        hub: record,
        reason,
    })
}

/// Back to the hub's page from the check, with the reason in the form.
pub async fn change(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, mut form }: Posted<Fields>,
) -> Response {
    let mut member = match member(visitor) {
        Ok(member) => member,
        Err(response) => return response,
    };
    form.remove(super::super::forms::CSRF_FIELD);
    let chrome = member.chrome("hub-title").await;
    hub::render(&state, &mut member, id, chrome, form).await
}

/// Records the departure, as confirmed.
pub async fn confirm(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, mut form }: Posted<Fields>,
) -> Response {
    let mut member = match member(visitor) {
        Ok(member) => member,
        Err(response) => return response,
    };
    form.remove(super::super::forms::CSRF_FIELD);
    let mut chrome = member.chrome("hub-title").await;
    match field(&form, REASON) {
        None => chrome.error(REASON, "hub-reason-missing"),
        Some(reason) => {
            let path = format!("/api/v1/hubs/{id}/departure");
            let body = json!({ "reason": reason });
            match member.api(&state).send(Method::POST, &path, &body).await {
                Ok(done) => {
                    member.remember("hub-done-departed", done.position).await;
                    return Redirect::to(&format!("/hubs/{id}")).into_response();
                }
                Err(problem) if belongs_to_form(&problem) => {
                    refused(&mut chrome, &problem, &[("reason", REASON)], REASON);
                }
                Err(problem) => return failed(&mut member, &problem).await,
            }
        }
    }
    hub::render(&state, &mut member, id, chrome, form).await
}
