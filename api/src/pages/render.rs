//! What every page shares: the frame around its content (`templates/layout.html`), the
//! error summary of a refused form, and turning a template into an answer.

use super::api_client::Problem;
use super::assets;
use super::texts::{Fill, Texts, LANGUAGES};
use askama::Template;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use charter_domain::vote::Motion;
use chrono::{DateTime, NaiveDate, Utc};

/// The frame of a page: its title, the reader's texts, who is signed in, the navigation,
/// a message carried from the last form, and a refused form's errors.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub texts: Texts,
    /// The page's title, in the reader's language.
    pub title: String,
    /// The form key of the session, for every form on the page.
    pub csrf: String,
    pub user: Option<UserBar>,
    pub nav: Vec<NavItem>,
    pub flash: Option<String>,
    pub errors: Vec<FieldError>,
    /// The page's path, for the language links to come back to.
    pub path: String,
    /// The API answered the page's form that it is not available (503): the page is
    /// answered 503 too, with `Retry-After`, not as a refusal of what was typed.
    pub unavailable: bool,
}

/// The signed-in person, as the header shows them.
#[derive(Debug, Clone)]
pub struct UserBar {
    pub name: String,
    /// The role they act in, in words.
    pub role: String,
    /// Whether they may act in another role.
    pub can_switch: bool,
}

/// A link of the navigation.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// One reason a form was refused, and the field it is about (the `id` of its input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// A language the page can be read in, as the footer offers it.
#[derive(Debug, Clone)]
pub struct LanguageLink {
    pub tag: &'static str,
    pub name: &'static str,
    pub current: bool,
}

impl Chrome {
    /// The frame of a page for a reader whose session is out of reach (the database away,
    /// a request given up): titled by text `title`, with no one signed in and no form key.
    pub fn plain(texts: Texts, title: &str, path: String) -> Self {
        Chrome {
            title: texts.t(title),
            texts,
            csrf: String::new(),
            user: None,
            nav: Vec::new(),
            flash: None,
            errors: Vec::new(),
            path,
            unavailable: false,
        }
    }

    /// The text `id` in the reader's language.
    pub fn t(&self, id: &str) -> String {
        self.texts.t(id)
    }

    /// The text `id` with one value.
    pub fn t1(&self, id: &str, name: &str, value: impl Fill) -> String {
        self.texts.t1(id, name, value)
    }

    /// The text of a name of the record: `word("stage", "pre_candidate")` is the text
    /// `stage-pre_candidate`.
    pub fn word(&self, prefix: &str, name: &str) -> String {
        self.texts.t(&format!("{prefix}-{name}"))
    }

    /// A moment in the reader's time zone, named.
    pub fn when(&self, at: &DateTime<Utc>) -> String {
        self.texts.when(at)
    }

    /// A moment's day in the reader's time zone.
    pub fn day_of(&self, at: &DateTime<Utc>) -> String {
        self.texts.day_of(at)
    }

    /// A calendar day.
    pub fn day(&self, date: &NaiveDate) -> String {
        self.texts.day(date)
    }

    /// The error of field `id`, if the form was refused for it.
    pub fn error_for(&self, id: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|error| error.field == id)
            .map(|error| error.message.as_str())
    }

    /// The style sheet's address.
    pub fn css(&self) -> String {
        assets::css()
    }

    /// The script's address.
    pub fn script(&self) -> String {
        assets::script()
    }

    /// The languages the page can be read in.
    pub fn languages(&self) -> Vec<LanguageLink> {
        LANGUAGES
            .iter()
            .map(|(tag, name)| LanguageLink {
                tag,
                name,
                current: *tag == self.texts.tag(),
            })
            .collect()
    }

    /// The title as the browser shows it: the error prefix first when a form was refused.
    pub fn document_title(&self) -> String {
        let site = self.t("site-name");
        if self.errors.is_empty() {
            format!("{} – {site}", self.title)
        } else {
            format!("{}: {} – {site}", self.t("error-prefix"), self.title)
        }
    }

    /// Adds a refusal of the API to the errors, in the reader's language when its rule
    /// has a text, on the field it names when the form has one of that name.
    pub fn refused(&mut self, problem: &Problem, fields: &[(&str, &str)], fallback: &str) {
        self.unavailable |= problem.status == StatusCode::SERVICE_UNAVAILABLE.as_u16();
        let message = super::problems::words(&self.texts, problem);
        let field = problem
            .field
            .as_deref()
            .and_then(|named| {
                fields
                    .iter()
                    .find(|(api, _)| *api == named || named.starts_with(&format!("{api}.")))
            })
            .map_or(fallback, |(_, id)| *id);
        self.errors.push(FieldError {
            field: field.to_owned(),
            message,
        });
    }

    /// Adds an error on field `id`, by its text id.
    pub fn error(&mut self, id: &str, text: &str) {
        self.errors.push(FieldError {
            field: id.to_owned(),
            message: self.t(text),
        });
    }
}

/// The motion of a vote, in the reader's words.
pub fn motion_words(chrome: &Chrome, motion: &Motion) -> String {
    match motion {
        Motion::Advance { to } => chrome.t1(
            "motion-advance",
            "stage",
            chrome.t(&format!("stage-{}", to.as_str())),
        ),
        Motion::Reject { .. } => chrome.t("motion-reject"),
        Motion::Appeal => chrome.t("motion-appeal"),
    }
}

/// A page's template: it has a frame.
pub trait Framed: Template {
    fn frame(&self) -> &Chrome;
}

/// Declares that each template named holds its frame in a field `page`.
#[macro_export]
macro_rules! framed {
    ($($page:ty),+ $(,)?) => {
        $(impl $crate::pages::render::Framed for $page {
            fn frame(&self) -> &$crate::pages::render::Chrome {
                &self.page
            }
        })+
    };
}

/// A page as the answer: 200, or 422 when its form was refused (so that a client that
/// does not read the page still learns that nothing was done), or 503 with `Retry-After`
/// when the API could not serve the form at all.
pub fn page<T: Framed>(template: &T) -> Response {
    let frame = template.frame();
    let status = if frame.unavailable {
        StatusCode::SERVICE_UNAVAILABLE
    } else if frame.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    retry_later(with_status(status, template))
}

/// `Retry-After` on a 503, as the API's carry.
fn retry_later(mut response: Response) -> Response {
    if response.status() == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            header::HeaderValue::from_static(crate::http::error::RETRY_AFTER_SECONDS),
        );
    }
    response
}

/// A page with the given status.
pub fn with_status<T: Template>(status: StatusCode, template: &T) -> Response {
    match template.render() {
        Ok(html) => (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "a page could not be rendered");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "The page could not be shown.",
            )
                .into_response()
        }
    }
}

/// A page that says only that something went wrong, and what to do.
#[derive(Debug, Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub page: Chrome,
    pub heading: String,
    pub body: String,
    pub request_id: Option<String>,
}

/// The page of an error: `status`, with a heading and an explanation by their text ids.
/// A 503 asks the browser to retry after a moment (`Retry-After`), as the API's do.
pub fn error_page(mut chrome: Chrome, status: StatusCode, heading: &str, body: &str) -> Response {
    chrome.title = chrome.t(heading);
    let page = MessagePage {
        heading: chrome.t(heading),
        body: chrome.t(body),
        page: chrome,
        request_id: crate::http::request_id::current(),
    };
    retry_later(with_status(status, &page))
}

/// The page of a refusal by the API that no form can show (a page it may not read, one
/// that does not exist, the database away).
pub fn problem_page(chrome: Chrome, problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (heading, body) = match problem.status {
        403 => ("forbidden-heading", "forbidden-body"),
        404 => ("not-found-heading", "not-found-body"),
        503 => ("unavailable-heading", "unavailable-body"),
        _ => ("failed-heading", "failed-body"),
    };
    error_page(chrome, status, heading, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::framed!(MessagePage);

    fn message(chrome: Chrome) -> MessagePage {
        MessagePage {
            page: chrome,
            heading: String::new(),
            body: String::new(),
            request_id: None,
        }
    }

    #[test]
    fn a_form_the_api_could_not_serve_is_answered_503_with_retry_after_not_422() {
        let plain = || Chrome::plain(Texts::new("en", None), "failed-heading", "/".to_owned());
        let mut refused = plain();
        refused.refused(&Problem::new("blank", 422, String::new()), &[], "name");
        let answer = page(&message(refused));
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(!answer.headers().contains_key(header::RETRY_AFTER));

        let mut away = plain();
        away.refused(
            &Problem::new("unavailable", 503, String::new()),
            &[],
            "name",
        );
        let answer = page(&message(away));
        assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(answer.headers()[header::RETRY_AFTER], "1");

        let answer = error_page(plain(), StatusCode::SERVICE_UNAVAILABLE, "a", "b");
        assert_eq!(answer.headers()[header::RETRY_AFTER], "1");
    }
}
