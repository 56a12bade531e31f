//! `/appeal`: a rejected application's reason, and the founders' one appeal against it,
//! checked before it is lodged.

use super::super::forms::{filled, Posted};
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::{application_of, or_problem, standing, Standing};
use askama::Template;
use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;

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

/// `GET /appeal`.
pub async fn ask(State(state): State<PageState>, mut member: Member) -> Response {
    show_ask(&state, &mut member, String::new(), |_| {}).await
}

async fn show_ask(
    state: &PageState,
    member: &mut Member,
    grounds: String,
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
    let answer = member
        .api(state)
        .read::<Votes>(&format!("/api/v1/applications/{application}/status"))
        .await;
    let (stated, votes) = match or_problem(member, answer).await {
        Ok(status) => (status.rejection_reason, status.votes),
        Err(page) => return page,
    };
    // The rejection the vote that passed last decided.
    let rejection = votes.iter().rev().find(|vote| {
        vote.motion.get("kind").and_then(|kind| kind.as_str()) == Some("reject")
            && vote.outcome.as_deref() == Some("passed")
    });
    let reason = stated.or_else(|| {
        rejection
            .and_then(|vote| vote.motion.get("grounds"))
            .and_then(|grounds| grounds.as_str())
            .map(str::to_owned)
    });
    let decided_at = rejection.and_then(|vote| vote.closed_at);
    let mut chrome = member.chrome("appeal-title").await;
    refuse(&mut chrome);
    page(&AskPage {
        page: chrome,
        standing,
        reason,
        decided_at,
        grounds,
    })
}

/// `POST /appeal/check`: the grounds, to check before lodging the appeal.
pub async fn check(
    State(state): State<PageState>,
    Posted { visitor, form }: Posted<AppealForm>,
) -> Response {
    let mut member = match Member::from_visitor(visitor) {
        Ok(member) => member,
        Err(page) => return page,
    };
    let grounds = filled(&form.grounds).unwrap_or_default().to_owned();
    let problem = if grounds.is_empty() {
        Some("appeal-grounds-missing")
    } else if grounds.chars().count() > LONGEST {
        Some("appeal-grounds-too-long")
    } else {
        None
    };
    if let Some(text) = problem {
        return show_ask(&state, &mut member, grounds, |chrome| {
            chrome.error("grounds", text);
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
    let chrome = member.chrome("appeal-check-title").await;
    page(&CheckPage {
        page: chrome,
        hub_name: standing.hub_name,
        grounds,
    })
}

/// `POST /appeal`: lodges the appeal, then shows it pending.
pub async fn confirm(
    State(state): State<PageState>,
    Posted { visitor, form }: Posted<AppealForm>,
) -> Response {
    let mut member = match Member::from_visitor(visitor) {
        Ok(member) => member,
        Err(page) => return page,
    };
    let application = match application_of(&mut member).await {
        Ok(application) => application,
        Err(page) => return page,
    };
    let grounds = filled(&form.grounds).unwrap_or_default().to_owned();
    if grounds.is_empty() {
        return show_ask(&state, &mut member, grounds, |chrome| {
            chrome.error("grounds", "appeal-grounds-missing");
        })
        .await;
    }
    let answer = member
        .api(&state)
        .send(
            Method::POST,
            &format!("/api/v1/applications/{application}/appeals"),
            &json!({ "grounds": grounds }),
        )
        .await;
    match answer {
        Ok(done) => {
            member.remember("appeal-done", done.position).await;
            Redirect::to("/appeal").into_response()
        }
        Err(problem) => {
            show_ask(&state, &mut member, grounds, |chrome| {
                chrome.refused(&problem, &[("grounds", "grounds")], "grounds");
            })
            .await
        }
    }
}
