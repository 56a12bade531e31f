//! `/withdraw`: the founders withdraw their application, after checking their answers and
//! being told plainly that it cannot be undone.

use super::super::forms::{filled, Posted};
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::{application_of, standing};
use askama::Template;
use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

/// The longest reason the page takes (the API has its own limit, and says so).
const LONGEST: usize = 4_000;

#[derive(Debug, Template)]
#[template(path = "founders/withdraw.html")]
struct AskPage {
    page: Chrome,
    hub_name: String,
    /// Whether the application is still open, so that it can be withdrawn.
    open: bool,
    reason: String,
}

#[derive(Debug, Template)]
#[template(path = "founders/withdraw_check.html")]
struct CheckPage {
    page: Chrome,
    hub_name: String,
    reason: String,
}

crate::framed!(AskPage, CheckPage);

/// The withdrawal form's one field.
#[derive(Debug, Deserialize)]
pub struct WithdrawForm {
    reason: Option<String>,
}

impl WithdrawForm {
    fn reason(&self) -> String {
        filled(&self.reason).unwrap_or_default().to_owned()
    }
}

/// `GET /withdraw`: why (optional), and the warning.
pub async fn ask(State(state): State<PageState>, mut member: Member) -> Response {
    show_ask(&state, &mut member, String::new(), |_| {}).await
}

async fn show_ask(
    state: &PageState,
    member: &mut Member,
    reason: String,
    refuse: impl FnOnce(&mut Chrome),
) -> Response {
    let application = match application_of(member).await {
        Ok(application) => application,
        Err(page) => return page,
    };
    let standing = match standing(state, member, application).await {
        Ok(standing) => standing,
        Err(page) => return page,
    };
    let mut chrome = member.chrome("withdraw-title").await;
    refuse(&mut chrome);
    page(&AskPage {
        page: chrome,
        open: standing.withdrawable,
        hub_name: standing.hub_name,
        reason,
    })
}

/// `POST /withdraw/check`: the answers, to check before withdrawing.
pub async fn check(
    State(state): State<PageState>,
    Posted { visitor, form }: Posted<WithdrawForm>,
) -> Response {
    let mut member = match Member::from_visitor(visitor) {
        Ok(member) => member,
        Err(page) => return page,
    };
    let reason = form.reason();
    if reason.chars().count() > LONGEST {
        return show_ask(&state, &mut member, reason, |chrome| {
            chrome.error("reason", "withdraw-reason-too-long");
        })
        .await;
    }
    let application = match application_of(&mut member).await {
        Ok(application) => application,
        Err(page) => return page,
    };
    let standing = match standing(&state, &mut member, application).await {
        Ok(standing) => standing,
        Err(page) => return page,
    };
    let chrome = member.chrome("withdraw-check-title").await;
    page(&CheckPage {
        page: chrome,
        hub_name: standing.hub_name,
        reason,
    })
}

/// `POST /withdraw`: withdraws the application, then shows the start page.
pub async fn confirm(
    State(state): State<PageState>,
    Posted { visitor, form }: Posted<WithdrawForm>,
) -> Response {
    let mut member = match Member::from_visitor(visitor) {
        Ok(member) => member,
        Err(page) => return page,
    };
    let application = match application_of(&mut member).await {
        Ok(application) => application,
        Err(page) => return page,
    };
    let reason = form.reason();
    let body = json!({ "reason": (!reason.is_empty()).then_some(reason.as_str()) });
    let answer = member
        .api(&state)
        .send(
            Method::POST,
            &format!("/api/v1/applications/{application}/withdrawal"),
            &body,
        )
        .await;
    match answer {
        Ok(done) => {
            member.remember("withdraw-done", done.position).await;
            Redirect::to("/").into_response()
        }
        Err(problem) => {
            show_ask(&state, &mut member, reason, |chrome| {
                chrome.refused(&problem, &[("reason", "reason")], "reason");
            })
            .await
        }
    }
}
