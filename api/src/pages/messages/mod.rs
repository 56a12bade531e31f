//! `/account/messages`: which e-mails a person receives and how (at once, in the daily
//! digest, or not at all where a kind may be switched off), and their private calendar
//! feed, whose address they can replace. Both through the API's notification routes; the
//! unsubscribe link of every e-mail opens [`unsubscribe`]'s page.

pub mod unsubscribe;

use super::forms::Posted;
use super::render::{page, problem_page, Chrome};
use super::sign_in::NoFields;
use super::visitor::Member;
use super::PageState;
use askama::Template;
use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

pub fn router() -> Router<PageState> {
    Router::new()
        .route("/account/messages", get(show).post(save))
        .route("/account/calendar", post(replace_calendar))
        .merge(unsubscribe::router())
}

/// The ways a message can be received, as the API names them.
const DELIVERIES: [&str; 3] = ["immediate", "daily_digest", "off"];

#[derive(Debug, Template)]
#[template(path = "account/messages.html")]
struct MessagesPage {
    page: Chrome,
    choices: Vec<Choice>,
    calendar: Option<String>,
}

crate::framed!(MessagesPage);

/// How one kind of message is received (`GET /api/v1/notifications/preferences`).
#[derive(Debug, Deserialize)]
struct Choice {
    kind: String,
    delivery: String,
    can_switch_off: bool,
}

impl Choice {
    /// The ways this kind may be received.
    fn ways(&self) -> Vec<&'static str> {
        DELIVERIES
            .into_iter()
            .filter(|way| *way != "off" || self.can_switch_off)
            .collect()
    }
}

/// The person's calendar feed (`GET /api/v1/notifications/calendar`).
#[derive(Debug, Deserialize)]
struct Feed {
    url: String,
}

async fn show(State(state): State<PageState>, mut member: Member) -> Response {
    let chrome = member.chrome("messages-title").await;
    render(&state, &member, chrome, HashMap::new()).await
}

/// The page, its choices as the API has them but for those of a refused form.
async fn render(
    state: &PageState,
    member: &Member,
    chrome: Chrome,
    draft: HashMap<String, String>,
) -> Response {
    let api = member.api(state);
    let mut choices = match api
        .get::<Vec<Choice>>("/api/v1/notifications/preferences")
        .await
    {
        Ok(choices) => choices,
        Err(problem) => return problem_page(chrome, &problem),
    };
    for choice in &mut choices {
        if let Some(way) = draft.get(&choice.kind) {
            choice.delivery.clone_from(way);
        }
    }
    let calendar = api
        .get::<Feed>("/api/v1/notifications/calendar")
        .await
        .ok()
        .map(|feed| feed.url);
    page(&MessagesPage {
        page: chrome,
        choices,
        calendar,
    })
}

/// Saves every choice of the form at once: the API takes all or none.
async fn save(
    State(state): State<PageState>,
    Posted { visitor, mut form }: Posted<HashMap<String, String>>,
) -> Response {
    let mut member = match Member::from_visitor(visitor) {
        Ok(member) => member,
        Err(response) => return response,
    };
    form.remove(super::forms::CSRF_FIELD);
    let mut chrome = member.chrome("messages-title").await;
    let mut choices = BTreeMap::new();
    for (kind, way) in &form {
        if !DELIVERIES.contains(&way.as_str()) {
            chrome.error(kind, "messages-way-unknown");
        }
        choices.insert(kind.clone(), way.clone());
    }
    if chrome.errors.is_empty() {
        let answer = member
            .api(&state)
            .send(
                Method::PUT,
                "/api/v1/notifications/preferences",
                &json!({ "choices": choices }),
            )
            .await;
        match answer {
            Ok(_) => {
                member.remember("messages-saved", 0).await;
                return Redirect::to("/account/messages").into_response();
            }
            Err(problem) => {
                // The API names the refused choice `choices.<kind>`; its select is `<kind>`.
                let named: Vec<(String, &str)> = choices
                    .keys()
                    .map(|kind| (format!("choices.{kind}"), kind.as_str()))
                    .collect();
                let fields: Vec<(&str, &str)> = named
                    .iter()
                    .map(|(api, page)| (api.as_str(), *page))
                    .collect();
                let first = choices.keys().next().map_or("", String::as_str);
                chrome.refused(&problem, &fields, first);
            }
        }
    }
    render(&state, &member, chrome, form).await
}

/// Replaces the calendar feed's address: the old one stops working at once.
async fn replace_calendar(
    State(state): State<PageState>,
    Posted { visitor, .. }: Posted<NoFields>,
) -> Response {
    let mut member = match Member::from_visitor(visitor) {
        Ok(member) => member,
        Err(response) => return response,
    };
    let answer = member
        .api(&state)
        .act(Method::POST, "/api/v1/notifications/calendar/reset")
        .await;
    match answer {
        Ok(_) => {
            member.remember("messages-calendar-replaced", 0).await;
            Redirect::to("/account/messages#calendar").into_response()
        }
        Err(problem) => {
            let chrome = member.chrome("messages-title").await;
            problem_page(chrome, &problem)
        }
    }
}
