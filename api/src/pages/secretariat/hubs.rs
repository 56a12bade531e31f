//! `/hubs`: the member hubs of the network, with their standing and who represents each
//! today, narrowed to one standing, a page at a time; and registering a hub that was a
//! member before Charter kept the record (a hub admitted through an application is
//! registered by Charter itself).

use super::super::forms::Posted;
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::decisions::{field, Fields};
use super::{belongs_to_form, failed, member, moments, refused};
use crate::pages::api_client::ListPage;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

/// The hubs a page of the list shows.
const PER_PAGE: usize = 50;
/// The standings the list can be narrowed to (the API's `standing`).
const STANDINGS: [&str; 3] = ["member", "suspended", "left"];

#[derive(Debug, Template)]
#[template(path = "secretariat/hubs.html")]
struct HubsPage {
    page: Chrome,
    hubs: Vec<Listed>,
    filter: Filter,
    /// Where the next page starts (the API's cursor), if one follows.
    next: Option<String>,
    form: Fields,
}

crate::framed!(HubsPage);

/// A member hub as listed (`GET /api/v1/hubs`).
#[derive(Debug, Deserialize)]
struct Listed {
    hub_id: Uuid,
    name: String,
    city: String,
    country: String,
    joined: NaiveDate,
    standing: String,
    #[serde(default)]
    delegates: Vec<Named>,
}

/// A delegate of a hub today.
#[derive(Debug, Deserialize)]
struct Named {
    name: String,
}

impl Listed {
    /// Who represents the hub today, by name.
    fn delegate_names(&self) -> String {
        let names: Vec<&str> = self.delegates.iter().map(|d| d.name.as_str()).collect();
        names.join(", ")
    }
}

/// The list's filter form (`GET /hubs?standing=…`), and the page (`after`, the API's
/// cursor).
#[derive(Debug, Default, Deserialize)]
struct Filter {
    #[serde(default)]
    standing: String,
    #[serde(default)]
    after: Option<String>,
}

impl Filter {
    /// The API's query for this filter's page.
    fn query(&self) -> String {
        let mut pairs = vec![("limit", PER_PAGE.to_string())];
        if STANDINGS.contains(&self.standing.as_str()) {
            pairs.push(("standing", self.standing.clone()));
        }
        if let Some(after) = &self.after {
            pairs.push(("cursor", after.clone()));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

impl HubsPage {
    fn standings(&self) -> [&'static str; 3] {
        STANDINGS
    }

    /// What the refused form held in `name`.
    fn value(&self, name: &str) -> &str {
        self.form.get(name).map(String::as_str).unwrap_or_default()
    }

    /// The link to the page after this one, with the same filter.
    fn next_link(&self) -> Option<String> {
        let next = self.next.as_deref()?;
        let pairs = [("standing", self.filter.standing.as_str()), ("after", next)];
        Some(format!(
            "/hubs?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        ))
    }
}

/// A page of the member hubs, narrowed by the filter in the query.
pub async fn show(
    State(state): State<PageState>,
    mut member: Member,
    RawQuery(query): RawQuery,
) -> Response {
    let filter = query
        .and_then(|query| serde_urlencoded::from_str(&query).ok())
        .unwrap_or_default();
    let chrome = member.chrome("hubs-title").await;
    render(&state, &mut member, chrome, Fields::new(), filter).await
}

async fn render(
    state: &PageState,
    member: &mut Member,
    mut chrome: Chrome,
    form: Fields,
    filter: Filter,
) -> Response {
    let path = format!("/api/v1/hubs?{}", filter.query());
    let (hubs, next) = match member.api(state).read::<ListPage<Listed>>(&path).await {
        Ok(listed) => (listed.items, listed.next),
        Err(problem) if belongs_to_form(&problem) => {
            chrome.refused(&problem, &[("standing", "standing")], "standing");
            (Vec::new(), None)
        }
        Err(problem) => return failed(member, &problem).await,
    };
    page(&HubsPage {
        page: chrome,
        hubs,
        filter,
        next,
        form,
    })
}

/// Registers a member hub older than Charter, then shows its page.
pub async fn register(
    State(state): State<PageState>,
    Posted { visitor, mut form }: Posted<Fields>,
) -> Response {
    let mut member = match member(visitor) {
        Ok(member) => member,
        Err(response) => return response,
    };
    form.remove(super::super::forms::CSRF_FIELD);
    let mut chrome = member.chrome("hubs-title").await;
    for (name, missing) in [
        ("name", "hubs-name-missing"),
        ("city", "hubs-city-missing"),
        ("country", "hubs-country-missing"),
    ] {
        if field(&form, name).is_none() {
            chrome.error(name, missing);
        }
    }
    let joined = match field(&form, "joined") {
        None => {
            chrome.error("joined", "secretariat-day-missing");
            None
        }
        Some(value) => {
            let day = moments::day(value);
            if day.is_none() {
                chrome.error("joined", "secretariat-day-invalid");
            }
            day
        }
    };
    if chrome.errors.is_empty() {
        let body = json!({
            "name": field(&form, "name"),
            "city": field(&form, "city"),
            "country": field(&form, "country").map(str::to_uppercase),
            "joined": joined,
        });
        match member
            .api(&state)
            .send(Method::POST, "/api/v1/hubs", &body)
            .await
        {
            Ok(done) => {
                member.remember("hubs-done-registered", done.position).await;
                let hub = done.body["hub_id"].as_str().unwrap_or_default();
                return Redirect::to(&format!("/hubs/{hub}")).into_response();
            }
            Err(problem) if belongs_to_form(&problem) => {
                let fields = [
                    ("name", "name"),
                    ("city", "city"),
                    ("country", "country"),
                    ("joined", "joined"),
                ];
                refused(&mut chrome, &problem, &fields, "name");
            }
            Err(problem) => return failed(&mut member, &problem).await,
        }
    }
    render(&state, &mut member, chrome, form, Filter::default()).await
}
