//! `/votes/{id}/recusal`: declaring a conflict of interest. The member gives a reason,
//! checks their answers (a recused member cannot vote in this vote again), then confirms.
//! In a network vote a delegate declares their hub's: the hub recuses as a whole.

use super::super::api_client::{Api, Done, Problem};
use super::super::check_answers::{self, Checked};
use super::super::forms::{filled, Posted};
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::record::VoteRecord;
use super::{hub_name, refused, PageState};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The recusal form, and the check page's hidden copy of it.
#[derive(Debug, Deserialize)]
pub(super) struct RecusalForm {
    reason: Option<String>,
}

#[derive(Debug, Template)]
#[template(path = "committee/recusal.html")]
struct AskPage {
    page: Chrome,
    vote: VoteRecord,
    hub_name: String,
    reason: String,
}

#[derive(Debug, Template)]
#[template(path = "committee/recusal_check.html")]
struct CheckPage {
    page: Chrome,
    vote: VoteRecord,
    hub_name: String,
    reason: String,
}

crate::framed!(AskPage, CheckPage);

/// The body of `POST /api/v1/votes/{id}/recusals`.
#[derive(Serialize)]
struct Recuse<'a> {
    reason: &'a str,
}

/// The vote and its hub, or the page of the API's refusal.
async fn the_vote(
    state: &PageState,
    member: &mut Member,
    id: Uuid,
) -> Result<(VoteRecord, String), Response> {
    let api = member.api(state);
    match api.read::<VoteRecord>(&format!("/api/v1/votes/{id}")).await {
        Ok(vote) => {
            let hub = match &vote.hub_name {
                Some(name) => name.clone(),
                None => hub_name(&api, vote.application_id).await,
            };
            Ok((vote, hub))
        }
        Err(problem) => Err(refused(member, &problem).await),
    }
}

/// A recusal as the member is writing it: the vote, and why.
struct Recusal {
    id: Uuid,
    reason: String,
}

impl Recusal {
    fn new(id: Uuid, form: RecusalForm) -> Self {
        Recusal {
            id,
            reason: filled(&form.reason).unwrap_or_default().to_owned(),
        }
    }
}

impl Checked for Recusal {
    /// The vote and its hub.
    type Context = (VoteRecord, String);

    fn title(&self) -> &'static str {
        "recusal-title"
    }

    fn check_title(&self) -> &'static str {
        "recusal-check-title"
    }

    async fn context(
        &self,
        state: &PageState,
        member: &mut Member,
    ) -> Result<(VoteRecord, String), Response> {
        the_vote(state, member, self.id).await
    }

    fn check(&self, chrome: &mut Chrome) {
        if self.reason.is_empty() {
            chrome.error("reason", "recusal-reason-missing");
        }
    }

    fn form_page(self, chrome: Chrome, (vote, hub_name): (VoteRecord, String)) -> Response {
        page(&AskPage {
            page: chrome,
            vote,
            hub_name,
            reason: self.reason,
        })
    }

    fn check_page(self, chrome: Chrome, (vote, hub_name): (VoteRecord, String)) -> Response {
        page(&CheckPage {
            page: chrome,
            vote,
            hub_name,
            reason: self.reason,
        })
    }

    async fn send(&self, api: &Api, _: &(VoteRecord, String)) -> Result<Done, Problem> {
        let path = format!("/api/v1/votes/{}/recusals", self.id);
        let body = Recuse {
            reason: &self.reason,
        };
        api.send(Method::POST, &path, &body).await
    }

    fn done(&self, (vote, _): &(VoteRecord, String)) -> (&'static str, String) {
        let message = if vote.is_network() {
            "recusal-recorded-hub"
        } else {
            "recusal-recorded"
        };
        (message, format!("/votes/{}", self.id))
    }

    fn refused(&self, chrome: &mut Chrome, problem: &Problem) {
        chrome.refused(problem, &[("reason", "reason")], "reason");
    }

    /// A member outside the electorate, or recused already, is told so on the form; only
    /// a vote that is not there, or a failure, gets a page of its own.
    fn on_form(problem: &Problem) -> bool {
        !(problem.status == 404 || problem.status >= 500)
    }
}

/// The form, empty.
pub(super) async fn ask(
    State(state): State<PageState>,
    member: Member,
    Path(id): Path<Uuid>,
) -> Response {
    let blank = Recusal::new(id, RecusalForm { reason: None });
    check_answers::form(&state, member, blank).await
}

/// The form again, with the reason the member is changing.
pub(super) async fn change(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<RecusalForm>,
) -> Response {
    check_answers::change(&state, visitor, Recusal::new(id, form)).await
}

/// The answers to check before recusing; the form again if the reason is missing.
pub(super) async fn check(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<RecusalForm>,
) -> Response {
    check_answers::check(&state, visitor, Recusal::new(id, form)).await
}

/// Recuses the member, then shows the vote with the recusal recorded.
pub(super) async fn confirm(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<RecusalForm>,
) -> Response {
    check_answers::confirm(&state, visitor, Recusal::new(id, form)).await
}
