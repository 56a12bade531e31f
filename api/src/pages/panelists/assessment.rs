//! Filing a review of a document version, and revising one: the form (rubric scores, a
//! recommendation, comments), then check your answers, then the API's command.

use super::answers::{criterion_words, Answers, RECOMMENDATIONS, SCALE};
use super::record::{self, OwnReview};
use super::{member_of, refusal, PageState};
use crate::pages::api_client::Problem;
use crate::pages::forms::Posted;
use crate::pages::render::{page, Chrome};
use crate::pages::visitor::Member;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// What is being assessed: a document version (a new review) or a filed review (a
/// revision of it).
#[derive(Debug, Clone)]
enum Target {
    Review { kind: String, version: i32 },
    Revision { review: u32 },
}

/// What the form and the check page show around the answers.
#[derive(Debug)]
struct Context {
    /// The form's own path; `/check` and `/file` follow it.
    base: String,
    hub_name: String,
    kind: String,
    version: i32,
    /// The review being revised, with its versions so far.
    revising: Option<OwnReview>,
}

#[derive(Debug, Template)]
#[template(path = "panelists/assessment.html")]
struct FormPage {
    page: Chrome,
    context: Context,
    answers: Answers,
}

#[derive(Debug, Template)]
#[template(path = "panelists/check.html")]
struct CheckPage {
    page: Chrome,
    context: Context,
    answers: Answers,
}

crate::framed!(FormPage, CheckPage);

impl FormPage {
    fn scale(&self) -> [u8; 5] {
        SCALE
    }

    fn recommendations(&self) -> [&'static str; 3] {
        RECOMMENDATIONS
    }

    fn criterion(&self, name: &str) -> String {
        criterion_words(&self.page, name)
    }
}

impl CheckPage {
    fn criterion(&self, name: &str) -> String {
        criterion_words(&self.page, name)
    }
}

type ReviewPath = Path<(Uuid, String, i32)>;
type RevisionPath = Path<(Uuid, u32)>;
type Form = Posted<HashMap<String, String>>;

pub async fn new_review(
    State(state): State<PageState>,
    member: Member,
    Path((id, kind, version)): ReviewPath,
) -> Response {
    form(&state, member, id, Target::Review { kind, version }, None).await
}

pub async fn change_review(
    State(state): State<PageState>,
    Path((id, kind, version)): ReviewPath,
    Posted {
        visitor,
        form: fields,
    }: Form,
) -> Response {
    match member_of(visitor) {
        Ok(member) => {
            form(
                &state,
                member,
                id,
                Target::Review { kind, version },
                Some(fields),
            )
            .await
        }
        Err(redirect) => redirect.into_response(),
    }
}

pub async fn check_review(
    State(state): State<PageState>,
    Path((id, kind, version)): ReviewPath,
    Posted {
        visitor,
        form: fields,
    }: Form,
) -> Response {
    match member_of(visitor) {
        Ok(member) => check(&state, member, id, Target::Review { kind, version }, fields).await,
        Err(redirect) => redirect.into_response(),
    }
}

pub async fn file_review(
    State(state): State<PageState>,
    Path((id, kind, version)): ReviewPath,
    Posted {
        visitor,
        form: fields,
    }: Form,
) -> Response {
    match member_of(visitor) {
        Ok(member) => file(&state, member, id, Target::Review { kind, version }, fields).await,
        Err(redirect) => redirect.into_response(),
    }
}

pub async fn new_revision(
    State(state): State<PageState>,
    member: Member,
    Path((id, review)): RevisionPath,
) -> Response {
    form(&state, member, id, Target::Revision { review }, None).await
}

pub async fn change_revision(
    State(state): State<PageState>,
    Path((id, review)): RevisionPath,
    Posted {
        visitor,
        form: fields,
    }: Form,
) -> Response {
    match member_of(visitor) {
        Ok(member) => {
            form(
                &state,
                member,
                id,
                Target::Revision { review },
                Some(fields),
            )
            .await
        }
        Err(redirect) => redirect.into_response(),
    }
}

pub async fn check_revision(
    State(state): State<PageState>,
    Path((id, review)): RevisionPath,
    Posted {
        visitor,
        form: fields,
    }: Form,
) -> Response {
    match member_of(visitor) {
        Ok(member) => check(&state, member, id, Target::Revision { review }, fields).await,
        Err(redirect) => redirect.into_response(),
    }
}

pub async fn file_revision(
    State(state): State<PageState>,
    Path((id, review)): RevisionPath,
    Posted {
        visitor,
        form: fields,
    }: Form,
) -> Response {
    match member_of(visitor) {
        Ok(member) => file(&state, member, id, Target::Revision { review }, fields).await,
        Err(redirect) => redirect.into_response(),
    }
}

/// The application, document and (for a revision) review the form is about, as the API
/// lets the reader see them.
async fn context(
    state: &PageState,
    member: &Member,
    id: Uuid,
    target: &Target,
) -> Result<Context, Problem> {
    let api = member.api(state);
    let summary = record::summary(&api, id).await?;
    let (base, kind, version, revising) = match target {
        Target::Review { kind, version } => (
            format!("/applications/{id}/review/{kind}/{version}"),
            kind.clone(),
            *version,
            None,
        ),
        Target::Revision { review } => {
            let reviews = record::own_reviews(&api, id, member.signed.person).await?;
            let Some(own) = reviews.into_iter().find(|own| own.number == *review) else {
                return Err(Problem::new(
                    "review-not-found",
                    404,
                    format!("you filed no review {review} on this application"),
                ));
            };
            (
                format!("/applications/{id}/reviews/{review}/revise"),
                own.kind.clone(),
                own.version,
                Some(own),
            )
        }
    };
    Ok(Context {
        base,
        hub_name: summary.hub_name,
        kind,
        version,
        revising,
    })
}

fn title(target: &Target) -> &'static str {
    match target {
        Target::Review { .. } => "review-form-title",
        Target::Revision { .. } => "review-revise-title",
    }
}

/// The form, blank or with the answers posted back from the check page.
async fn form(
    state: &PageState,
    mut member: Member,
    id: Uuid,
    target: Target,
    fields: Option<HashMap<String, String>>,
) -> Response {
    let context = match context(state, &member, id, &target).await {
        Ok(context) => context,
        Err(problem) => return refusal(&mut member, &problem).await,
    };
    let rubric = &state.app.policy.rubric;
    let answers = fields.map_or_else(
        || Answers::blank(rubric),
        |fields| Answers::from_form(rubric, &fields),
    );
    let chrome = member.chrome(title(&target)).await;
    page(&FormPage {
        page: chrome,
        context,
        answers,
    })
}

/// The answers to check before filing, or the form again with what is missing.
async fn check(
    state: &PageState,
    mut member: Member,
    id: Uuid,
    target: Target,
    fields: HashMap<String, String>,
) -> Response {
    let context = match context(state, &member, id, &target).await {
        Ok(context) => context,
        Err(problem) => return refusal(&mut member, &problem).await,
    };
    let answers = Answers::from_form(&state.app.policy.rubric, &fields);
    let mut chrome = member.chrome(title(&target)).await;
    answers.check(&mut chrome);
    if !chrome.errors.is_empty() {
        return page(&FormPage {
            page: chrome,
            context,
            answers,
        });
    }
    chrome.title = chrome.t("review-check-title");
    page(&CheckPage {
        page: chrome,
        context,
        answers,
    })
}

/// Files the review (or its revision) through the API; a refusal shows on the form.
async fn file(
    state: &PageState,
    mut member: Member,
    id: Uuid,
    target: Target,
    fields: HashMap<String, String>,
) -> Response {
    let context = match context(state, &member, id, &target).await {
        Ok(context) => context,
        Err(problem) => return refusal(&mut member, &problem).await,
    };
    let answers = Answers::from_form(&state.app.policy.rubric, &fields);
    let mut chrome = member.chrome(title(&target)).await;
    answers.check(&mut chrome);
    if chrome.errors.is_empty() {
        let api = member.api(state);
        let (path, body, done_text) = match &target {
            Target::Review { kind, version } => (
                format!("/api/v1/applications/{id}/reviews"),
                json!({
                    "document_kind": kind,
                    "document_version": version,
                    "scores": answers.score_map(),
                    "recommendation": answers.recommendation,
                    "comments": answers.comments,
                }),
                "review-filed",
            ),
            Target::Revision { review } => (
                format!("/api/v1/applications/{id}/reviews/{review}/revisions"),
                json!({
                    "scores": answers.score_map(),
                    "recommendation": answers.recommendation,
                    "comments": answers.comments,
                }),
                "review-revised",
            ),
        };
        match api.send(Method::POST, &path, &body).await {
            Ok(done) => {
                member.remember(done_text, done.position).await;
                return Redirect::to(&format!("/applications/{id}/review")).into_response();
            }
            // Not theirs to review (any more), or nothing there: no form can mend that.
            Err(problem) if matches!(problem.status, 401 | 403 | 404) => {
                return refusal(&mut member, &problem).await;
            }
            Err(problem) => answers.refused(&mut chrome, &problem),
        }
    }
    page(&FormPage {
        page: chrome,
        context,
        answers,
    })
}
