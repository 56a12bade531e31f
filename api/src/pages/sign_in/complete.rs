//! The end of a sign-in: the session takes the person (under a new session id), in the
//! role they hold, or asks which one when they hold several; and signing out.

use super::super::forms::{filled, Posted};
use super::super::render::{page, Chrome};
use super::super::roles;
use super::super::session::{Capacity, SignedIn};
use super::super::visitor::Visitor;
use super::super::PageState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use charter_domain::Role;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Template)]
#[template(path = "sign_in/role.html")]
pub struct RolePage {
    page: Chrome,
    choices: Vec<Choice>,
}

/// A role offered, in words.
#[derive(Debug)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

crate::framed!(RolePage);

/// Where the candidates for a session's role are kept until the person chooses.
const CHOICES: &str = "role-choices";

/// Signs `person` in on this session: at once in their one role, or after they choose.
pub async fn signed_in(state: &PageState, mut visitor: Visitor, person: Uuid) -> Response {
    let now = state.app.clock.now();
    let capacities = match roles::capacities(&state.app.pool, person, now.date_naive()).await {
        Ok(capacities) => capacities,
        Err(error) => {
            let chrome = visitor.chrome("sign-in-title").await;
            return super::super::unavailable(chrome, &error);
        }
    };
    // A new id for the signed-in session: an id seen before signing in is worth nothing.
    if let Err(error) = visitor.session.cycle_id().await {
        tracing::error!(%error, "the session id could not be renewed");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    visitor.visit.pending = None;
    match capacities.as_slice() {
        [] => {
            let chrome = visitor.chrome("sign-in-title").await;
            super::super::render::error_page(
                chrome,
                StatusCode::FORBIDDEN,
                "sign-in-no-role-heading",
                "sign-in-no-role-body",
            )
        }
        [only] => {
            let only = only.clone();
            act_as(state, visitor, &only, capacities).await
        }
        _ => {
            if let Err(error) = visitor.session.insert(CHOICES, &capacities).await {
                tracing::error!(%error, "the roles to choose from could not be kept");
            }
            if let Err(error) = visitor.visit.save(&visitor.session).await {
                tracing::error!(%error, "the session could not be kept");
            }
            Redirect::to("/sign-in/role").into_response()
        }
    }
}

/// The session acts as `capacity` from now on.
async fn act_as(
    state: &PageState,
    mut visitor: Visitor,
    capacity: &Capacity,
    all: Vec<Capacity>,
) -> Response {
    let now = state.app.clock.now();
    let settings: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT language, time_zone FROM person_settings WHERE person_id = $1")
            .bind(capacity.person)
            .fetch_optional(&state.app.pool)
            .await
            .unwrap_or_default();
    let name = charter_projections::read_models::roster::name_of(&state.app.pool, capacity.person)
        .await
        .unwrap_or_default();
    let (language, time_zone) = settings.unwrap_or_default();
    if language.is_some() {
        visitor.visit.language = language;
    }
    visitor.visit.signed_in = Some(SignedIn {
        person: capacity.person,
        name: name.unwrap_or_else(|| capacity.label.clone()),
        role: capacity.role,
        application: capacity.application,
        roles: all
            .into_iter()
            .filter(|other| other.person == capacity.person)
            .collect(),
        time_zone,
        since: now,
        seen: now,
    });
    visitor.visit.flash = Some("sign-in-done".to_owned());
    if let Err(error) = visitor.visit.save(&visitor.session).await {
        tracing::error!(%error, "the sign-in could not be kept in the session");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    tracing::info!(person = %capacity.person, role = capacity.role.as_str(), "signed in");
    Redirect::to("/").into_response()
}

fn choices_in_words(chrome: &Chrome, capacities: &[Capacity]) -> Vec<Choice> {
    capacities
        .iter()
        .enumerate()
        .map(|(index, capacity)| Choice {
            value: index.to_string(),
            label: if capacity.application.is_some() {
                chrome.t1("role-founder-of", "hub", &capacity.label)
            } else if capacity.role == Role::Delegate && !capacity.label.is_empty() {
                chrome.t1("role-delegate-of", "hub", &capacity.label)
            } else {
                chrome.t(&format!("role-{}", capacity.role.as_str()))
            },
        })
        .collect()
}

/// The roles to choose from: those of the sign-in just made, or, once signed in, those
/// the person holds, to switch.
async fn candidates(visitor: &Visitor) -> Vec<Capacity> {
    if let Some(signed) = &visitor.visit.signed_in {
        return signed.roles.clone();
    }
    visitor
        .session
        .get::<Vec<Capacity>>(CHOICES)
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

pub async fn role_page(mut visitor: Visitor) -> Response {
    let capacities = candidates(&visitor).await;
    if capacities.is_empty() {
        return Redirect::to("/sign-in").into_response();
    }
    let chrome = visitor.chrome("sign-in-role-title").await;
    let choices = choices_in_words(&chrome, &capacities);
    page(&RolePage {
        page: chrome,
        choices,
    })
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    role: Option<String>,
}

pub async fn choose_role(
    State(state): State<PageState>,
    Posted { mut visitor, form }: Posted<RoleForm>,
) -> Response {
    let capacities = candidates(&visitor).await;
    if capacities.is_empty() {
        return Redirect::to("/sign-in").into_response();
    }
    let chosen = filled(&form.role)
        .and_then(|value| value.parse::<usize>().ok())
        .and_then(|index| capacities.get(index))
        .cloned();
    let Some(chosen) = chosen else {
        let mut chrome = visitor.chrome("sign-in-role-title").await;
        chrome.error("role-0", "sign-in-role-missing");
        let choices = choices_in_words(&chrome, &capacities);
        return page(&RolePage {
            page: chrome,
            choices,
        });
    };
    let _ = visitor.session.remove::<Vec<Capacity>>(CHOICES).await;
    act_as(&state, visitor, &chosen, capacities).await
}

/// A form of nothing but its key.
#[derive(Debug, Deserialize)]
pub struct NoFields {}

/// Ends the session, here and in the database.
pub async fn sign_out(Posted { visitor, .. }: Posted<NoFields>) -> Response {
    if let Err(error) = visitor.session.flush().await {
        tracing::error!(%error, "the session could not be ended");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    Redirect::to("/signed-out").into_response()
}
