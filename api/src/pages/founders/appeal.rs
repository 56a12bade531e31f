//! `/appeal`: a rejected application's reason, and the founders' one appeal against it,
//! checked before it is lodged.

use super::super::api_client::{Api, Done, Problem};
use super::super::check_answers::{self, Checked};
use super::super::forms::{filled, Posted};
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::{application_of, or_problem, standing, Standing};
use askama::Template;
use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

/// The longest grounds the page takes (the API has its own limit, and says so).
const LONGEST: usize = 4_000;

#[derive(Debug, Template)]
#[template(path = "founders/appeal.html")]
struct AskPage {
    page: Chrome,
    standing: Standing,
    /// The grounds of the committee's decision to reject, when a vote decided it.
    reason: Option<String>,
    decided_at: Option<DateTime<Utc>>,
    grounds: String,
}

#[derive(Debug, Template)]
#[template(path = "founders/appeal_check.html")]
struct CheckPage {
    page: Chrome,
    hub_name: String,
    grounds: String,
}

crate::framed!(AskPage, CheckPage);

/// The appeal form's one field.
#[derive(Debug, Deserialize)]
pub struct AppealForm {
    grounds: Option<String>,
}

/// The status's reason of the rejection, and the committee's votes about the application.
#[derive(Debug, Deserialize)]
struct Votes {
    #[serde(default)]
    rejection_reason: Option<String>,
    #[serde(default)]
    votes: Vec<Vote>,
}

#[derive(Debug, Deserialize)]
struct Vote {
    motion: serde_json::Value,
    #[serde(default)]
    closed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    outcome: Option<String>,
}

impl AskPage {
    /// Whether the founders may still appeal.
    fn may_appeal(&self) -> bool {
        self.standing.stage == "rejected" && self.standing.appeal.is_none()
    }
}

/// The appeal as the founders are writing it: its grounds.
struct Appeal {
    grounds: String,
}

impl From<AppealForm> for Appeal {
    fn from(form: AppealForm) -> Self {
        Appeal {
            grounds: filled(&form.grounds).unwrap_or_default().to_owned(),
        }
    }
}

/// What the appeal's pages show: where the application stands, and why it was rejected.
struct Rejection {
    application: Uuid,
    standing: Standing,
    /// The grounds of the decision to reject.
    reason: Option<String>,
    /// When the committee's vote decided it, when one did.
    decided_at: Option<DateTime<Utc>>,
}

impl Checked for Appeal {
    type Context = Rejection;

    fn title(&self) -> &'static str {
        "appeal-title"
    }

    fn check_title(&self) -> &'static str {
        "appeal-check-title"
    }

    async fn context(&self, state: &PageState, member: &mut Member) -> Result<Rejection, Response> {
        let application = application_of(member).await?;
        let standing = standing(state, member, application).await?;
        let answer = member
            .api(state)
            .read::<Votes>(&format!("/api/v1/applications/{application}/status"))
            .await;
        let status = or_problem(member, answer).await?;
        // The rejection the vote that passed last decided.
        let rejection = status.votes.iter().rev().find(|vote| {
            vote.motion.get("kind").and_then(|kind| kind.as_str()) == Some("reject")
                && vote.outcome.as_deref() == Some("passed")
        });
        let reason = status.rejection_reason.clone().or_else(|| {
            rejection
                .and_then(|vote| vote.motion.get("grounds"))
                .and_then(|grounds| grounds.as_str())
                .map(str::to_owned)
        });
        Ok(Rejection {
            application,
            standing,
            reason,
            decided_at: rejection.and_then(|vote| vote.closed_at),
        })
    }

    fn check(&self, chrome: &mut Chrome) {
        if self.grounds.is_empty() {
            chrome.error("grounds", "appeal-grounds-missing");
        } else if self.grounds.chars().count() > LONGEST {
            chrome.error("grounds", "appeal-grounds-too-long");
        }
    }

    fn form_page(self, chrome: Chrome, rejection: Rejection) -> Response {
        page(&AskPage {
            page: chrome,
            standing: rejection.standing,
            reason: rejection.reason,
            decided_at: rejection.decided_at,
            grounds: self.grounds,
        })
    }

    fn check_page(self, chrome: Chrome, rejection: Rejection) -> Response {
        page(&CheckPage {
            page: chrome,
            hub_name: rejection.standing.hub_name,
            grounds: self.grounds,
        })
    }

    async fn send(&self, api: &Api, rejection: &Rejection) -> Result<Done, Problem> {
        let application = rejection.application;
        api.send(
            Method::POST,
            &format!("/api/v1/applications/{application}/appeals"),
            &json!({ "grounds": self.grounds }),
        )
        .await
    }

    fn done(&self, _: &Rejection) -> (&'static str, String) {
        ("appeal-done", "/appeal".to_owned())
    }

    fn refused(&self, chrome: &mut Chrome, problem: &Problem) {
        chrome.refused(problem, &[("grounds", "grounds")], "grounds");
    }

    /// The page found the founders' own application first: whatever the API refuses is
    /// about the appeal, and shown with it.
    fn on_form(_: &Problem) -> bool {
        true
    }
}

/// `GET /appeal`.
pub async fn ask(State(state): State<PageState>, member: Member) -> Response {
    check_answers::form(&state, member, Appeal::from(AppealForm { grounds: None })).await
}

/// `POST /appeal/check`: the grounds, to check before lodging the appeal.
pub async fn check(
    State(state): State<PageState>,
    Posted { visitor, form }: Posted<AppealForm>,
) -> Response {
    check_answers::check(&state, visitor, Appeal::from(form)).await
}

/// `POST /appeal`: lodges the appeal, then shows it pending.
pub async fn confirm(
    State(state): State<PageState>,
    Posted { visitor, form }: Posted<AppealForm>,
) -> Response {
    check_answers::confirm(&state, visitor, Appeal::from(form)).await
}
