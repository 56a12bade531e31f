//! `/people/{id}`: one person's seats, panel pool and secretariat membership, the forms
//! that change them, their tokens, and the erasure of their personal data (after a page
//! that says plainly what it destroys).

use super::super::api_client::{Done, Problem};
use super::super::forms::Posted;
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::decisions::{field, Fields};
use super::people::Person;
use super::{belongs_to_form, failed, member, moments, refused};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

#[derive(Debug, Template)]
#[template(path = "secretariat/person.html")]
struct PersonPage {
    page: Chrome,
    person: Person,
    /// `None` when the reader may not see tokens.
    tokens: Option<Vec<Token>>,
    form: Fields,
}

crate::framed!(PersonPage);

impl PersonPage {
    /// What the refused form held in `name`.
    fn value(&self, name: &str) -> &str {
        self.form.get(name).map(String::as_str).unwrap_or_default()
    }
}

/// A token of the person (`GET /api/v1/people/{id}/tokens`), never its secret.
#[derive(Debug, Deserialize)]
struct Token {
    token_id: Uuid,
    role: String,
    status: String,
    created_at: DateTime<Utc>,
    #[serde(default)]
    expires_at: Option<DateTime<Utc>>,
}

/// The person's page.
pub async fn show(
    State(state): State<PageState>,
    mut member: Member,
    Path(id): Path<Uuid>,
) -> Response {
    let chrome = member.chrome("secretariat-person-title").await;
    render(&state, &mut member, id, chrome, Fields::new()).await
}

async fn render(
    state: &PageState,
    member: &mut Member,
    id: Uuid,
    mut chrome: Chrome,
    form: Fields,
) -> Response {
    let api = member.api(state);
    let person: Person = match api.read(&format!("/api/v1/people/{id}")).await {
        Ok(person) => person,
        Err(problem) => return failed(member, &problem).await,
    };
    // Only the secretariat sees tokens: for anyone else the section is left out.
    let tokens = api
        .list(&format!("/api/v1/people/{id}/tokens?working=true"))
        .await
        .ok();
    chrome.title = person.name.clone();
    page(&PersonPage {
        page: chrome,
        person,
        tokens,
        form,
    })
}

/// Takes or ends a committee seat, joins or leaves the panel pool or the secretariat.
pub async fn act(
    State(state): State<PageState>,
    Path((id, action)): Path<(Uuid, String)>,
    Posted { visitor, mut form }: Posted<Fields>,
) -> Response {
    let mut member = match member(visitor) {
        Ok(member) => member,
        Err(response) => return response,
    };
    form.remove(super::super::forms::CSRF_FIELD);
    let mut chrome = member.chrome("secretariat-person-title").await;
    let base = format!("/api/v1/people/{id}");
    let (method, path, body, fields, done): (_, _, _, &[(&str, &str)], _) = match action.as_str() {
        "seat" => {
            let since = day(&mut chrome, &form, "since");
            (
                Method::POST,
                format!("{base}/committee-seat"),
                json!({ "since": since }),
                &[("since", "since")],
                "secretariat-done-seated",
            )
        }
        "seat-end" => {
            let on = day(&mut chrome, &form, "on");
            (
                Method::POST,
                format!("{base}/committee-seat/end"),
                json!({ "on": on }),
                &[("on", "on")],
                "secretariat-done-seat-ended",
            )
        }
        "pool" => {
            let expertise: Vec<&str> = field(&form, "expertise")
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|area| !area.is_empty())
                .collect();
            (
                Method::POST,
                format!("{base}/panel-pool"),
                json!({ "expertise": expertise }),
                &[("expertise", "expertise")],
                "secretariat-done-pool-joined",
            )
        }
        "pool-leave" => (
            Method::POST,
            format!("{base}/panel-pool/leave"),
            json!({}),
            &[],
            "secretariat-done-pool-left",
        ),
        "secretariat" => (
            Method::POST,
            format!("{base}/secretariat"),
            json!({}),
            &[],
            "secretariat-done-secretariat-joined",
        ),
        "secretariat-leave" => (
            Method::DELETE,
            format!("{base}/secretariat"),
            json!(null),
            &[],
            "secretariat-done-secretariat-left",
        ),
        _ => {
            let chrome = member.chrome("not-found-heading").await;
            return super::super::render::error_page(
                chrome,
                axum::http::StatusCode::NOT_FOUND,
                "not-found-heading",
                "not-found-body",
            );
        }
    };
    if chrome.errors.is_empty() {
        let api = member.api(&state);
        let answer = if method == Method::DELETE {
            api.act(method, &path).await
        } else {
            api.send(method, &path, &body).await
        };
        match answer {
            Ok(accepted) => return done_to(&mut member, done, &accepted, id).await,
            Err(problem) if belongs_to_form(&problem) => {
                let fallback = fields.first().map_or(action.as_str(), |(_, id)| *id);
                refused(&mut chrome, &problem, fields, fallback);
            }
            Err(problem) => return failed(&mut member, &problem).await,
        }
    }
    render(&state, &mut member, id, chrome, form).await
}

async fn done_to(member: &mut Member, done: &str, accepted: &Done, id: Uuid) -> Response {
    member.remember(done, accepted.position).await;
    Redirect::to(&format!("/people/{id}")).into_response()
}

/// A required day of a `date` input.
fn day(chrome: &mut Chrome, form: &Fields, name: &str) -> Option<chrono::NaiveDate> {
    let Some(value) = field(form, name) else {
        chrome.error(name, "secretariat-day-missing");
        return None;
    };
    let day = moments::day(value);
    if day.is_none() {
        chrome.error(name, "secretariat-day-invalid");
    }
    day
}

/// Revokes one of the person's tokens.
pub async fn revoke(
    State(state): State<PageState>,
    Path((id, token)): Path<(Uuid, Uuid)>,
    Posted { visitor, .. }: Posted<Fields>,
) -> Response {
    let mut member = match member(visitor) {
        Ok(member) => member,
        Err(response) => return response,
    };
    let path = format!("/api/v1/tokens/{token}/revoke");
    match member.api(&state).act(Method::POST, &path).await {
        Ok(accepted) => done_to(&mut member, "secretariat-done-revoked", &accepted, id).await,
        Err(problem) if belongs_to_form(&problem) => {
            let mut chrome = member.chrome("secretariat-person-title").await;
            refused(&mut chrome, &problem, &[], "tokens");
            render(&state, &mut member, id, chrome, Fields::new()).await
        }
        Err(problem) => failed(&mut member, &problem).await,
    }
}

#[derive(Debug, Template)]
#[template(path = "secretariat/erasure.html")]
struct ErasurePage {
    page: Chrome,
    id: Uuid,
    /// The name, when the person is on the roster (a founder may not be).
    name: Option<String>,
}

crate::framed!(ErasurePage);

/// Says what erasure destroys, and asks to confirm.
pub async fn check_erasure(
    State(state): State<PageState>,
    mut member: Member,
    Path(id): Path<Uuid>,
) -> Response {
    let found: Result<Person, Problem> = member
        .api(&state)
        .get(&format!("/api/v1/people/{id}"))
        .await;
    let name = match found {
        Ok(person) => Some(person.name),
        Err(problem) if problem.status == 404 => None,
        Err(problem) => return failed(&mut member, &problem).await,
    };
    let chrome = member.chrome("secretariat-erasure-title").await;
    page(&ErasurePage {
        page: chrome,
        id,
        name,
    })
}

/// Erases the person's personal data, as confirmed.
pub async fn erase(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, .. }: Posted<Fields>,
) -> Response {
    let mut member = match member(visitor) {
        Ok(member) => member,
        Err(response) => return response,
    };
    let path = format!("/api/v1/people/{id}/erasure");
    match member
        .api(&state)
        .send(Method::POST, &path, &json!({}))
        .await
    {
        Ok(done) => {
            member
                .remember("secretariat-done-erased", done.position)
                .await;
            Redirect::to("/people").into_response()
        }
        Err(problem) if belongs_to_form(&problem) => {
            let mut chrome = member.chrome("secretariat-erasure-title").await;
            refused(&mut chrome, &problem, &[], "erase");
            page(&ErasurePage {
                page: chrome,
                id,
                name: None,
            })
        }
        Err(problem) => failed(&mut member, &problem).await,
    }
}
