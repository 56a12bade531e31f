//! `POST /votes/{id}/ballot`: casting or changing a ballot (a delegate's, for their hub, in
//! a network vote). A form without a choice, or one the vote refuses (a member outside the
//! electorate, a closed vote, a suspended hub), writes nothing and comes back with the
//! reason.

use super::super::forms::{filled, Posted};
use super::super::render::FieldError;
use super::vote::{self, Posted as Kept};
use super::{member_of, refused, to_sign_in, PageState};
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use charter_domain::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The ballot form.
#[derive(Debug, Deserialize)]
pub(super) struct BallotForm {
    choice: Option<String>,
    reason: Option<String>,
}

/// The body of `POST /api/v1/votes/{id}/ballots`.
#[derive(Serialize)]
struct CastBallot<'a> {
    choice: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// Casts the member's ballot, then shows the vote with it recorded.
pub(super) async fn cast(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<BallotForm>,
) -> Response {
    let Some(mut member) = member_of(visitor) else {
        return to_sign_in();
    };
    let kept = Kept {
        choice: filled(&form.choice).unwrap_or_default().to_owned(),
        reason: filled(&form.reason).unwrap_or_default().to_owned(),
    };
    // Only the three choices the vote knows; anything else is no choice at all.
    let Some(choice) = filled(&form.choice).filter(|c| ["yes", "no", "abstain"].contains(c)) else {
        let texts = &member.visitor.texts;
        let errors = vec![FieldError {
            field: "choice".to_owned(),
            message: texts.t("ballot-choice-missing"),
        }];
        return vote::render(&state, &mut member, id, errors, kept).await;
    };
    let body = CastBallot {
        choice,
        reason: filled(&form.reason),
    };
    let path = format!("/api/v1/votes/{id}/ballots");
    match member.api(&state).send(Method::POST, &path, &body).await {
        Ok(done) => {
            // A delegate votes only in network votes, for their hub.
            let message = if member.role() == Role::Delegate {
                "ballot-recorded-hub"
            } else {
                "ballot-recorded"
            };
            member.remember(message, done.position).await;
            Redirect::to(&format!("/votes/{id}")).into_response()
        }
        // A vote that does not exist, or a member it does not count: no form to show.
        Err(problem) if problem.status == 404 || problem.status >= 500 => {
            refused(&mut member, &problem).await
        }
        Err(problem) => {
            let mut chrome = member.visitor.chrome("vote-title").await;
            chrome.refused(
                &problem,
                &[("choice", "choice"), ("reason", "reason")],
                "choice",
            );
            let mut page = vote::render(&state, &mut member, id, chrome.errors, kept).await;
            // Outside the electorate, or recused: the refusal is about who, not what.
            if problem.status == 403 && page.status() == StatusCode::UNPROCESSABLE_ENTITY {
                *page.status_mut() = StatusCode::FORBIDDEN;
            }
            page
        }
    }
}
