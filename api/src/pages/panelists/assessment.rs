//! Filing a review of a document version, and revising one: the form (rubric scores, a
//! recommendation, comments), then check your answers, then the API's command.

use super::answers::{criterion_words, Answers, RECOMMENDATIONS, SCALE};
use super::record::{self, OwnReview};
use super::{refusal, PageState};
use crate::pages::api_client::{Api, Done, Problem};
use crate::pages::check_answers::{self, Checked};
use crate::pages::forms::Posted;
use crate::pages::render::{page, Chrome};
use crate::pages::visitor::Member;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::Response;
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

/// A review being written: the application, what it assesses, and the answers so far.
struct Assessing {
    id: Uuid,
    target: Target,
    answers: Answers,
}

impl Assessing {
    /// The answers `fields` posted (none yet when absent) about `target` of `id`.
    fn new(
        state: &PageState,
        id: Uuid,
        target: Target,
        fields: Option<HashMap<String, String>>,
    ) -> Self {
        let rubric = &state.app.policy.rubric;
        let answers = fields.map_or_else(
            || Answers::blank(rubric),
            |fields| Answers::from_form(rubric, &fields),
        );
        Assessing {
            id,
            target,
            answers,
        }
    }
}

pub async fn new_review(
    State(state): State<PageState>,
    member: Member,
    Path((id, kind, version)): ReviewPath,
) -> Response {
    let blank = Assessing::new(&state, id, Target::Review { kind, version }, None);
    check_answers::form(&state, member, blank).await
}

pub async fn change_review(
    State(state): State<PageState>,
    Path((id, kind, version)): ReviewPath,
    Posted { visitor, form }: Form,
) -> Response {
    let posted = Assessing::new(&state, id, Target::Review { kind, version }, Some(form));
    check_answers::change(&state, visitor, posted).await
}

pub async fn check_review(
    State(state): State<PageState>,
    Path((id, kind, version)): ReviewPath,
    Posted { visitor, form }: Form,
) -> Response {
    let posted = Assessing::new(&state, id, Target::Review { kind, version }, Some(form));
    check_answers::check(&state, visitor, posted).await
}

pub async fn file_review(
    State(state): State<PageState>,
    Path((id, kind, version)): ReviewPath,
    Posted { visitor, form }: Form,
) -> Response {
    let posted = Assessing::new(&state, id, Target::Review { kind, version }, Some(form));
    check_answers::confirm(&state, visitor, posted).await
}

pub async fn new_revision(
    State(state): State<PageState>,
    member: Member,
    Path((id, review)): RevisionPath,
) -> Response {
    let blank = Assessing::new(&state, id, Target::Revision { review }, None);
    check_answers::form(&state, member, blank).await
}

pub async fn change_revision(
    State(state): State<PageState>,
    Path((id, review)): RevisionPath,
    Posted { visitor, form }: Form,
) -> Response {
    let posted = Assessing::new(&state, id, Target::Revision { review }, Some(form));
    check_answers::change(&state, visitor, posted).await
}

pub async fn check_revision(
    State(state): State<PageState>,
    Path((id, review)): RevisionPath,
    Posted { visitor, form }: Form,
) -> Response {
    let posted = Assessing::new(&state, id, Target::Revision { review }, Some(form));
    check_answers::check(&state, visitor, posted).await
}

pub async fn file_revision(
    State(state): State<PageState>,
    Path((id, review)): RevisionPath,
    Posted { visitor, form }: Form,
) -> Response {
    let posted = Assessing::new(&state, id, Target::Revision { review }, Some(form));
    check_answers::confirm(&state, visitor, posted).await
}

impl Checked for Assessing {
    type Context = Context;

    fn title(&self) -> &'static str {
        match self.target {
            Target::Review { .. } => "review-form-title",
            Target::Revision { .. } => "review-revise-title",
        }
    }

    fn check_title(&self) -> &'static str {
        "review-check-title"
    }

    async fn context(&self, state: &PageState, member: &mut Member) -> Result<Context, Response> {
        match context(state, member, self.id, &self.target).await {
            Ok(context) => Ok(context),
            Err(problem) => Err(refusal(member, &problem).await),
        }
    }

    fn check(&self, chrome: &mut Chrome) {
        self.answers.check(chrome);
    }

    fn form_page(self, chrome: Chrome, context: Context) -> Response {
        page(&FormPage {
            page: chrome,
            context,
            answers: self.answers,
        })
    }

    fn check_page(self, chrome: Chrome, context: Context) -> Response {
        page(&CheckPage {
            page: chrome,
            context,
            answers: self.answers,
        })
    }

    async fn send(&self, api: &Api, _: &Context) -> Result<Done, Problem> {
        let (id, answers) = (self.id, &self.answers);
        let (path, body) = match &self.target {
            Target::Review { kind, version } => (
                format!("/api/v1/applications/{id}/reviews"),
                json!({
                    "document_kind": kind,
                    "document_version": version,
                    "scores": answers.score_map(),
                    "recommendation": answers.recommendation,
                    "comments": answers.comments,
                }),
            ),
            Target::Revision { review } => (
                format!("/api/v1/applications/{id}/reviews/{review}/revisions"),
                json!({
                    "scores": answers.score_map(),
                    "recommendation": answers.recommendation,
                    "comments": answers.comments,
                }),
            ),
        };
        api.send(Method::POST, &path, &body).await
    }

    fn done(&self, _: &Context) -> (&'static str, String) {
        let message = match self.target {
            Target::Review { .. } => "review-filed",
            Target::Revision { .. } => "review-revised",
        };
        (message, format!("/applications/{}/review", self.id))
    }

    fn refused(&self, chrome: &mut Chrome, problem: &Problem) {
        self.answers.refused(chrome, problem);
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
