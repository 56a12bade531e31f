//! `/agreement`: once the application is approved, the founders sign the membership
//! agreement. The page is the check before signing: what is signed, for whom, and that
//! the association's signature then makes the hub an initiative.

use super::super::api_client::Problem;
use super::super::forms::Posted;
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::{application_of, or_problem};
use askama::Template;
use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

#[derive(Debug, Template)]
#[template(path = "founders/agreement.html")]
struct AgreementPage {
    page: Chrome,
    status: Status,
}

crate::framed!(AgreementPage);

/// Where the application stands, as its founders see it: enough to know whether they may
/// sign, and whether they have.
#[derive(Debug, Deserialize)]
struct Status {
    hub_name: String,
    stage: String,
    #[serde(default)]
    next_gate: Option<Gate>,
}

#[derive(Debug, Deserialize)]
struct Gate {
    checks: Vec<Check>,
}

#[derive(Debug, Deserialize)]
struct Check {
    requirement: String,
    met: bool,
    #[serde(default)]
    party: Option<String>,
}

impl Status {
    /// Whether the agreement awaits the founders' signature.
    fn may_sign(&self) -> bool {
        self.stage == "approved" && !self.signed()
    }

    /// Whether the founders have signed.
    fn signed(&self) -> bool {
        self.stage == "initiative"
            || self.next_gate.as_ref().is_some_and(|gate| {
                gate.checks.iter().any(|check| {
                    check.requirement == "signature"
                        && check.party.as_deref() == Some("founders")
                        && check.met
                })
            })
    }
}

/// The form carries only its key.
#[derive(Debug, Deserialize)]
pub struct SignForm {}

/// `GET /agreement`.
pub async fn ask(State(state): State<PageState>, mut member: Member) -> Response {
    show(&state, &mut member, None).await
}

async fn show(state: &PageState, member: &mut Member, refused: Option<Problem>) -> Response {
    let application = match application_of(member).await {
        Ok(application) => application,
        Err(page) => return page,
    };
    let status = match status(state, member, application).await {
        Ok(status) => status,
        Err(page) => return page,
    };
    let mut chrome = member.chrome("agreement-title").await;
    if let Some(problem) = refused {
        chrome.refused(&problem, &[], "sign");
    }
    page(&AgreementPage {
        page: chrome,
        status,
    })
}

async fn status(
    state: &PageState,
    member: &mut Member,
    application: Uuid,
) -> Result<Status, Response> {
    let answer = member
        .api(state)
        .read::<Status>(&format!("/api/v1/applications/{application}/status"))
        .await;
    or_problem(member, answer).await
}

/// `POST /agreement`: signs for the founders, then shows the start page.
pub async fn confirm(
    State(state): State<PageState>,
    Posted { visitor, form: _ }: Posted<SignForm>,
) -> Response {
    let mut member = match Member::from_visitor(visitor) {
        Ok(member) => member,
        Err(page) => return page,
    };
    let application = match application_of(&mut member).await {
        Ok(application) => application,
        Err(page) => return page,
    };
    let answer = member
        .api(&state)
        .send(
            Method::POST,
            &format!("/api/v1/applications/{application}/signatures"),
            &json!({}),
        )
        .await;
    match answer {
        Ok(done) => {
            member.remember("agreement-done", done.position).await;
            Redirect::to("/").into_response()
        }
        Err(problem) => show(&state, &mut member, Some(problem)).await,
    }
}
