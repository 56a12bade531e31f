//! "Check your answers" (the GOV.UK pattern) before a step that cannot be taken back: the
//! form, a page showing the answers to check, and the step itself, the API's command. The
//! flow is the same for every such form and is written here once; what a form has of its
//! own (its answers, the pages around them, the checks the page makes, its command) is a
//! [`Checked`].

use super::api_client::{Api, Done, Problem};
use super::render::{problem_page, Chrome};
use super::visitor::{Member, Visitor};
use super::PageState;
use axum::response::{IntoResponse, Redirect, Response};

/// A form checked before its step: the answers posted, with what is needed to show them
/// and to take the step.
pub(crate) trait Checked: Sized {
    /// What the pages show around the answers (the application, its hub), read through
    /// the API.
    type Context;

    /// The form's title (a text id).
    fn title(&self) -> &'static str;

    /// The check page's title (a text id).
    fn check_title(&self) -> &'static str;

    /// Reads the context; the page of a refusal when the reader may not see it.
    async fn context(
        &self,
        state: &PageState,
        member: &mut Member,
    ) -> Result<Self::Context, Response>;

    /// Puts on `chrome` what the page finds missing or wrong before asking the API (the
    /// API decides the rest).
    fn check(&self, chrome: &mut Chrome);

    /// The form with the answers, and the errors `chrome` holds.
    fn form_page(self, chrome: Chrome, context: Self::Context) -> Response;

    /// The answers to check, with the button that takes the step.
    fn check_page(self, chrome: Chrome, context: Self::Context) -> Response;

    /// The step: the API's command.
    async fn send(&self, api: &Api, context: &Self::Context) -> Result<Done, Problem>;

    /// Once the step is taken: the message (a text id) and the page the reader goes to.
    fn done(&self, context: &Self::Context) -> (&'static str, String);

    /// Puts the API's refusal on the fields it is about.
    fn refused(&self, chrome: &mut Chrome, problem: &Problem);

    /// Whether a refusal belongs on the form, where the reader can put it right, or on a
    /// page of its own: not when the reader may not act (401, 403) or what they act on
    /// is not there (404).
    fn on_form(problem: &Problem) -> bool {
        !matches!(problem.status, 401 | 403 | 404)
    }
}

/// The form: blank, or with the answers posted back from the check page to change them.
pub(crate) async fn form<F: Checked>(
    state: &PageState,
    mut member: Member,
    answers: F,
) -> Response {
    let context = match answers.context(state, &mut member).await {
        Ok(context) => context,
        Err(page) => return page,
    };
    let chrome = member.chrome(answers.title()).await;
    answers.form_page(chrome, context)
}

/// [`form`] for a posted form's visitor (the answers posted back to change them).
pub(crate) async fn change<F: Checked>(
    state: &PageState,
    visitor: Visitor,
    answers: F,
) -> Response {
    match Member::from_visitor(visitor) {
        Ok(member) => form(state, member, answers).await,
        Err(page) => page,
    }
}

/// The answers to check before the step, or the form again with what the page found
/// wrong (422).
pub(crate) async fn check<F: Checked>(state: &PageState, visitor: Visitor, answers: F) -> Response {
    let mut member = match Member::from_visitor(visitor) {
        Ok(member) => member,
        Err(page) => return page,
    };
    let context = match answers.context(state, &mut member).await {
        Ok(context) => context,
        Err(page) => return page,
    };
    let mut chrome = member.chrome(answers.title()).await;
    answers.check(&mut chrome);
    if !chrome.errors.is_empty() {
        return answers.form_page(chrome, context);
    }
    chrome.title = chrome.t(answers.check_title());
    answers.check_page(chrome, context)
}

/// Takes the step through the API once the page's own checks pass (the answers may come
/// from anywhere, not only from the check page), then sends the reader on with a message;
/// a refusal is shown on the form, or on a page of its own when no form can mend it.
pub(crate) async fn confirm<F: Checked>(
    state: &PageState,
    visitor: Visitor,
    answers: F,
) -> Response {
    let mut member = match Member::from_visitor(visitor) {
        Ok(member) => member,
        Err(page) => return page,
    };
    let context = match answers.context(state, &mut member).await {
        Ok(context) => context,
        Err(page) => return page,
    };
    let mut chrome = member.chrome(answers.title()).await;
    answers.check(&mut chrome);
    if chrome.errors.is_empty() {
        match answers.send(&member.api(state), &context).await {
            Ok(done) => {
                let (message, to) = answers.done(&context);
                member.remember(message, done.position).await;
                return Redirect::to(&to).into_response();
            }
            Err(problem) if !F::on_form(&problem) => {
                let chrome = member.chrome("failed-heading").await;
                return problem_page(chrome, &problem);
            }
            Err(problem) => answers.refused(&mut chrome, &problem),
        }
    }
    answers.form_page(chrome, context)
}
