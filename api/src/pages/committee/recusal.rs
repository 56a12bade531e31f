//! `/votes/{id}/recusal`: declaring a conflict of interest. The member gives a reason,
//! checks their answers (a recused member cannot vote in this vote again), then confirms.

use super::super::forms::{filled, Posted};
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::vote::VoteRecord;
use super::{hub_name, member_of, refused, to_sign_in, PageState};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
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
            let hub = hub_name(&api, vote.application_id).await;
            Ok((vote, hub))
        }
        Err(problem) => Err(refused(member, &problem).await),
    }
}

async fn form_page(
    state: &PageState,
    member: &mut Member,
    id: Uuid,
    reason: String,
    error: Option<&str>,
) -> Response {
    let (vote, hub_name) = match the_vote(state, member, id).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let mut chrome = member.chrome("recusal-title").await;
    if let Some(error) = error {
        chrome.error("reason", error);
    }
    page(&AskPage {
        page: chrome,
        vote,
        hub_name,
        reason,
    })
}

/// The form, empty.
pub(super) async fn ask(
    State(state): State<PageState>,
    mut member: Member,
    Path(id): Path<Uuid>,
) -> Response {
    form_page(&state, &mut member, id, String::new(), None).await
}

/// The form again, with the reason the member is changing.
pub(super) async fn change(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<RecusalForm>,
) -> Response {
    let Some(mut member) = member_of(visitor) else {
        return to_sign_in();
    };
    let reason = filled(&form.reason).unwrap_or_default().to_owned();
    form_page(&state, &mut member, id, reason, None).await
}

/// The answers to check before recusing; the form again if the reason is missing.
pub(super) async fn check(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<RecusalForm>,
) -> Response {
    let Some(mut member) = member_of(visitor) else {
        return to_sign_in();
    };
    let Some(reason) = filled(&form.reason).map(str::to_owned) else {
        return form_page(
            &state,
            &mut member,
            id,
            String::new(),
            Some("recusal-reason-missing"),
        )
        .await;
    };
    let (vote, hub_name) = match the_vote(&state, &mut member, id).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let chrome = member.chrome("recusal-check-title").await;
    page(&CheckPage {
        page: chrome,
        vote,
        hub_name,
        reason,
    })
}

/// Recuses the member, then shows the vote with the recusal recorded.
pub(super) async fn confirm(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<RecusalForm>,
) -> Response {
    let Some(mut member) = member_of(visitor) else {
        return to_sign_in();
    };
    let Some(reason) = filled(&form.reason) else {
        return form_page(
            &state,
            &mut member,
            id,
            String::new(),
            Some("recusal-reason-missing"),
        )
        .await;
    };
    let path = format!("/api/v1/votes/{id}/recusals");
    match member
        .api(&state)
        .send(Method::POST, &path, &Recuse { reason })
        .await
    {
        Ok(done) => {
            member.remember("recusal-recorded", done.position).await;
            Redirect::to(&format!("/votes/{id}")).into_response()
        }
        Err(problem) if problem.status == 404 || problem.status >= 500 => {
            refused(&mut member, &problem).await
        }
        Err(problem) => {
            let (vote, hub_name) = match the_vote(&state, &mut member, id).await {
                Ok(found) => found,
                Err(page) => return page,
            };
            let mut chrome = member.chrome("recusal-title").await;
            chrome.refused(&problem, &[("reason", "reason")], "reason");
            page(&AskPage {
                page: chrome,
                vote,
                hub_name,
                reason: reason.to_owned(),
            })
        }
    }
}
