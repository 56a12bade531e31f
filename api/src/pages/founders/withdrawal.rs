//! `/withdraw`: the founders withdraw their application, after checking their answers and
//! being told plainly that it cannot be undone.

use super::super::api_client::{Api, Done, Problem};
use super::super::check_answers::{self, Checked};
use super::super::forms::{filled, Posted};
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::{application_of, standing, Standing};
use askama::Template;
use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

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

/// The withdrawal as the founders are writing it: why, if they say.
struct Withdrawal {
    reason: String,
}

impl From<WithdrawForm> for Withdrawal {
    fn from(form: WithdrawForm) -> Self {
        Withdrawal {
            reason: filled(&form.reason).unwrap_or_default().to_owned(),
        }
    }
}

/// What the withdrawal's pages show: the application and where it stands.
struct Withdrawing {
    application: Uuid,
    standing: Standing,
}

impl Checked for Withdrawal {
    type Context = Withdrawing;

    fn title(&self) -> &'static str {
        "withdraw-title"
    }

    fn check_title(&self) -> &'static str {
        "withdraw-check-title"
    }

    async fn context(
        &self,
        state: &PageState,
        member: &mut Member,
    ) -> Result<Withdrawing, Response> {
        let application = application_of(member).await?;
        let standing = standing(state, member, application).await?;
        Ok(Withdrawing {
            application,
            standing,
        })
    }

    fn check(&self, chrome: &mut Chrome) {
        if self.reason.chars().count() > LONGEST {
            chrome.error("reason", "withdraw-reason-too-long");
        }
    }

    fn form_page(self, chrome: Chrome, withdrawing: Withdrawing) -> Response {
        page(&AskPage {
            page: chrome,
            open: withdrawing.standing.withdrawable,
            hub_name: withdrawing.standing.hub_name,
            reason: self.reason,
        })
    }

    fn check_page(self, chrome: Chrome, withdrawing: Withdrawing) -> Response {
        page(&CheckPage {
            page: chrome,
            hub_name: withdrawing.standing.hub_name,
            reason: self.reason,
        })
    }

    async fn send(&self, api: &Api, withdrawing: &Withdrawing) -> Result<Done, Problem> {
        let application = withdrawing.application;
        let reason = (!self.reason.is_empty()).then_some(self.reason.as_str());
        api.send(
            Method::POST,
            &format!("/api/v1/applications/{application}/withdrawal"),
            &json!({ "reason": reason }),
        )
        .await
    }

    fn done(&self, _: &Withdrawing) -> (&'static str, String) {
        ("withdraw-done", "/".to_owned())
    }

    fn refused(&self, chrome: &mut Chrome, problem: &Problem) {
        chrome.refused(problem, &[("reason", "reason")], "reason");
    }

    /// The page found the founders' own application first: whatever the API refuses is
    /// about the withdrawal, and shown with it.
    fn on_form(_: &Problem) -> bool {
        true
    }
}

/// `GET /withdraw`: why (optional), and the warning.
pub async fn ask(State(state): State<PageState>, member: Member) -> Response {
    let blank = Withdrawal::from(WithdrawForm { reason: None });
    check_answers::form(&state, member, blank).await
}

/// `POST /withdraw/check`: the answers, to check before withdrawing.
pub async fn check(
    State(state): State<PageState>,
    Posted { visitor, form }: Posted<WithdrawForm>,
) -> Response {
    check_answers::check(&state, visitor, Withdrawal::from(form)).await
}

/// `POST /withdraw`: withdraws the application, then shows the start page.
pub async fn confirm(
    State(state): State<PageState>,
    Posted { visitor, form }: Posted<WithdrawForm>,
) -> Response {
    check_answers::confirm(&state, visitor, Withdrawal::from(form)).await
}
