//! `/people`: the roster (committee seats, the panel pool, the secretariat), and
//! registering a person, which e-mails them an invitation to sign in.

use super::super::forms::Posted;
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::decisions::{field, Fields};
use super::{belongs_to_form, failed, member, refused};
use crate::pages::api_client::ListPage;
use askama::Template;
use axum::extract::{RawQuery, State};
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
    filter: Filter,
    /// Whether more people follow this page.
    more: bool,
}

/// The roster's filter form (`GET /people?group=…&find=…&page=…`).
#[derive(Debug, Default, Deserialize)]
struct Filter {
    #[serde(default)]
    group: String,
    #[serde(default)]
    find: String,
    #[serde(default)]
    page: Option<String>,
}

/// The groups the roster can be narrowed to (the API's `group`).
const GROUPS: [&str; 3] = ["panel_pool", "committee", "secretariat"];
/// The people a page of the roster shows.
const PER_PAGE: usize = 50;

impl Filter {
    /// The page asked for, from 1.
    fn number(&self) -> usize {
        self.page
            .as_deref()
            .and_then(|page| page.trim().parse().ok())
            .filter(|page| (1..=10_000).contains(page))
            .unwrap_or(1)
    }

    /// The API's query for this filter's page, one more than shown (to know of a next).
    fn query(&self) -> String {
        let mut pairs = vec![
            ("limit", (PER_PAGE + 1).to_string()),
            ("offset", ((self.number() - 1) * PER_PAGE).to_string()),
        ];
        if GROUPS.contains(&self.group.as_str()) {
            pairs.push(("group", self.group.clone()));
        }
        if !self.find.trim().is_empty() {
            pairs.push(("name", self.find.trim().to_owned()));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    /// The link to page `number` of the same filter.
    fn link(&self, number: usize) -> String {
        let pairs = [
            ("group", self.group.as_str()),
            ("find", self.find.trim()),
            ("page", &number.to_string()),
        ];
        format!(
            "/people?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    }
}

crate::framed!(RosterPage);

impl RosterPage {
    /// The groups of the filter's choice.
    fn groups(&self) -> [&'static str; 3] {
        GROUPS
    }

    /// The page's number, for a text.
    fn number(&self) -> i64 {
        i64::try_from(self.filter.number()).unwrap_or(i64::MAX)
    }

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

/// A page of the roster, narrowed by the filter in the query.
pub async fn show(
    State(state): State<PageState>,
    mut member: Member,
    RawQuery(query): RawQuery,
) -> Response {
    let filter = query
        .and_then(|query| serde_urlencoded::from_str(&query).ok())
        .unwrap_or_default();
    let chrome = member.chrome("secretariat-people-title").await;
    render(&state, &mut member, chrome, Fields::new(), filter).await
}

async fn render(
    state: &PageState,
    member: &mut Member,
    mut chrome: Chrome,
    form: Fields,
    filter: Filter,
) -> Response {
    let path = format!("/api/v1/people?{}", filter.query());
    let mut people = match member.api(state).read::<ListPage<Person>>(&path).await {
        Ok(people) => people.items,
        Err(problem) if belongs_to_form(&problem) => {
            chrome.refused(&problem, &[("name", "find")], "find");
            Vec::new()
        }
        Err(problem) => return failed(member, &problem).await,
    };
    let more = people.len() > PER_PAGE;
    people.truncate(PER_PAGE);
    page(&RosterPage {
        page: chrome,
        people,
        form,
        filter,
        more,
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
    render(&state, &mut member, chrome, form, Filter::default()).await
}
