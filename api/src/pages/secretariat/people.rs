//! `/people`: the roster (committee seats, the panel pool, the secretariat), and
//! registering a person, which e-mails them an invitation to sign in.

use super::super::forms::Posted;
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::decisions::{field, Fields};
use super::{belongs_to_form, failed, member, refused};
use askama::Template;
use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

#[derive(Debug, Template)]
#[template(path = "secretariat/people.html")]
struct RosterPage {
    page: Chrome,
    people: Vec<Person>,
    form: Fields,
}

crate::framed!(RosterPage);

impl RosterPage {
    /// What the refused form held in `name`.
    fn value(&self, name: &str) -> &str {
        self.form.get(name).map(String::as_str).unwrap_or_default()
    }
}

/// A person on the roster (`GET /api/v1/people`).
#[derive(Debug, Deserialize)]
pub struct Person {
    pub person_id: Uuid,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub in_panel_pool: bool,
    #[serde(default)]
    pub expertise: Vec<String>,
    #[serde(default)]
    pub secretariat: bool,
    #[serde(default)]
    pub committee_seats: Vec<Seat>,
}

/// A committee seat.
#[derive(Debug, Deserialize)]
pub struct Seat {
    pub since: NaiveDate,
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

impl Person {
    /// The seat the person holds or will hold (one without an end).
    pub fn open_seat(&self) -> Option<&Seat> {
        self.committee_seats
            .iter()
            .find(|seat| seat.until.is_none())
    }

    /// The areas of expertise, listed.
    pub fn areas(&self) -> String {
        self.expertise.join(", ")
    }
}

/// The roster.
pub async fn show(State(state): State<PageState>, mut member: Member) -> Response {
    let chrome = member.chrome("secretariat-people-title").await;
    render(&state, &mut member, chrome, Fields::new()).await
}

async fn render(state: &PageState, member: &mut Member, chrome: Chrome, form: Fields) -> Response {
    let people = match member
        .api(state)
        .read::<Vec<Person>>("/api/v1/people")
        .await
    {
        Ok(people) => people,
        Err(problem) => return failed(member, &problem).await,
    };
    page(&RosterPage {
        page: chrome,
        people,
        form,
    })
}

/// Registers a person; the API e-mails them an invitation to sign in.
pub async fn register(
    State(state): State<PageState>,
    Posted { visitor, mut form }: Posted<Fields>,
) -> Response {
    let mut member = match member(visitor) {
        Ok(member) => member,
        Err(response) => return response,
    };
    form.remove(super::super::forms::CSRF_FIELD);
    let mut chrome = member.chrome("secretariat-people-title").await;
    if field(&form, "name").is_none() {
        chrome.error("name", "secretariat-name-missing");
    }
    if field(&form, "email").is_none() {
        chrome.error("email", "secretariat-email-missing");
    }
    if chrome.errors.is_empty() {
        let body = json!({ "name": field(&form, "name"), "email": field(&form, "email") });
        match member
            .api(&state)
            .send(Method::POST, "/api/v1/people", &body)
            .await
        {
            Ok(done) => {
                member
                    .remember("secretariat-done-registered", done.position)
                    .await;
                let person = done.body["person_id"].as_str().unwrap_or_default();
                return Redirect::to(&format!("/people/{person}")).into_response();
            }
            Err(problem) if belongs_to_form(&problem) => {
                refused(
                    &mut chrome,
                    &problem,
                    &[("name", "name"), ("email", "email")],
                    "name",
                );
            }
            Err(problem) => return failed(&mut member, &problem).await,
        }
    }
    render(&state, &mut member, chrome, form).await
}
