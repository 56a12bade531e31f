//! `/unsubscribe/{key}?kind=…`: the page an e-mail's unsubscribe link opens, without
//! signing in. It says what following the link changes and asks to confirm (a mail
//! scanner that opens every link changes nothing); the change is the notifications'
//! own, the one the API's one-click route (RFC 8058) makes.

use super::super::forms::Posted;
use super::super::render::{error_page, page, Chrome};
use super::super::sign_in::NoFields;
use super::super::visitor::Visitor;
use super::super::PageState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use charter_notifications::preferences::{self, Delivery, PreferenceError};
use charter_notifications::NoticeKind;
use serde::Deserialize;

pub fn router() -> Router<PageState> {
    Router::new().route("/unsubscribe/{key}", get(ask).post(confirm))
}

#[derive(Debug, Template)]
#[template(path = "account/unsubscribe.html")]
struct UnsubscribePage {
    page: Chrome,
    kind: String,
    /// Whether the kind goes into the daily digest instead of stopping.
    batched: bool,
    /// Whether the change is made.
    done: bool,
    /// The form's target: this page's own path and query.
    action: String,
}

crate::framed!(UnsubscribePage);

/// The kind of message a link is for.
#[derive(Debug, Deserialize)]
struct Link {
    kind: Option<String>,
}

/// What following the link will change, and the button that changes it.
async fn ask(
    State(state): State<PageState>,
    mut visitor: Visitor,
    Path(key): Path<String>,
    Query(link): Query<Link>,
) -> Response {
    let chrome = visitor.chrome("unsubscribe-title").await;
    let Some(kind) = chosen(link.kind.as_deref()) else {
        return invalid(chrome);
    };
    match preferences::holder(&state.app.pool, &key).await {
        Ok(_) => show(chrome, &key, kind, false),
        Err(PreferenceError::Database(error)) => super::super::unavailable(chrome, &error),
        Err(_) => invalid(chrome),
    }
}

/// Makes the change the page offered.
async fn confirm(
    State(state): State<PageState>,
    Path(key): Path<String>,
    Query(link): Query<Link>,
    Posted { mut visitor, .. }: Posted<NoFields>,
) -> Response {
    let chrome = visitor.chrome("unsubscribe-title").await;
    let Some(kind) = chosen(link.kind.as_deref()) else {
        return invalid(chrome);
    };
    match preferences::unsubscribe(&state.app.pool, &key, kind.as_str()).await {
        Ok(_) => show(chrome, &key, kind, true),
        Err(PreferenceError::Database(error)) => super::super::unavailable(chrome, &error),
        Err(_) => invalid(chrome),
    }
}

/// A kind a person chooses how to receive, by its name.
fn chosen(name: Option<&str>) -> Option<NoticeKind> {
    name.and_then(NoticeKind::parse)
        .filter(|kind| kind.is_chosen())
}

fn show(chrome: Chrome, key: &str, kind: NoticeKind, done: bool) -> Response {
    let batched = preferences::unsubscribed(kind) == Delivery::DailyDigest;
    page(&UnsubscribePage {
        kind: chrome.word("messages-kind", kind.as_str()),
        batched,
        done,
        action: format!("/unsubscribe/{key}?kind={kind}"),
        page: chrome,
    })
}

/// A link that is not one: copied in part, or for a kind no one chooses.
fn invalid(chrome: Chrome) -> Response {
    error_page(
        chrome,
        StatusCode::NOT_FOUND,
        "unsubscribe-invalid-heading",
        "unsubscribe-invalid-body",
    )
}
