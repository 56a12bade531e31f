//! `/hubs/{id}`: one member hub as the secretariat works on it: its standing, who
//! represents it and who did, its recent network votes, and the forms that change it
//! (appoint or end a delegate, suspend or reinstate it). Its departure, which cannot be
//! taken back, is checked on a page of its own first (`departure.rs`).

use super::super::forms::Posted;
use super::super::hubs::HubRecord;
use super::super::render::{motion_words, page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::decisions::{field, Fields};
use super::{belongs_to_form, failed, member, moments, refused};
use crate::pages::api_client::{ListPage, Problem};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use charter_domain::vote::Motion;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

/// The network votes the page lists, the latest first.
const RECENT_VOTES: usize = 10;

#[derive(Debug, Template)]
#[template(path = "secretariat/hub.html")]
struct HubPage {
    page: Chrome,
    hub: HubRecord,
    /// The people who may be appointed: on the roster, not representing it already.
    people: Vec<Candidate>,
    record: Vec<RecordLine>,
    form: Fields,
}

crate::framed!(HubPage);

/// A person on the roster (`GET /api/v1/people`).
#[derive(Debug, Deserialize)]
struct Candidate {
    person_id: Uuid,
    name: String,
}

/// The hub's part in one network vote (`GET /api/v1/hubs/{id}/votes`).
#[derive(Debug, Deserialize)]
struct RecordLine {
    vote_id: Uuid,
    #[serde(default)]
    hub_name: Option<String>,
    motion: Motion,
    ballot: String,
    opened_at: DateTime<Utc>,
    #[serde(default)]
    outcome: Option<String>,
    #[serde(default)]
    participation_withheld: bool,
    #[serde(default)]
    ballots_cast: Option<i32>,
    #[serde(default)]
    recused_at: Option<DateTime<Utc>>,
    #[serde(default)]
    choice: Option<String>,
}

impl RecordLine {
    fn motion_words(&self, chrome: &Chrome) -> String {
        motion_words(chrome, &self.motion)
    }

    fn hub(&self) -> &str {
        self.hub_name.as_deref().unwrap_or_default()
    }

    /// What the hub did, as far as the reader may see it.
    fn part(&self, chrome: &Chrome) -> String {
        if self.participation_withheld {
            chrome.t("vote-withheld")
        } else if self.recused_at.is_some() {
            chrome.t("delegate-part-recused")
        } else if self.ballots_cast.unwrap_or_default() == 0 {
            chrome.t("delegate-part-did-not-vote")
        } else if let Some(choice) = &self.choice {
            chrome.word("choice", choice)
        } else {
            chrome.t1(
                "record-voted-secret",
                "ballot",
                chrome.word("ballot", &self.ballot),
            )
        }
    }
}

impl HubPage {
    /// What the refused form held in `name`.
    fn value(&self, name: &str) -> &str {
        self.form.get(name).map(String::as_str).unwrap_or_default()
    }

    /// The id of the day field of the form that ends `person`'s delegation.
    fn end_field(&self, person: &Uuid) -> String {
        end_field(person)
    }

    /// Whether the hub takes changes still (it has not left).
    fn open(&self) -> bool {
        self.hub.standing != "left"
    }
}

fn end_field(person: &Uuid) -> String {
    format!("on-{person}")
}

/// The hub's page.
pub async fn show(
    State(state): State<PageState>,
    mut member: Member,
    Path(id): Path<Uuid>,
) -> Response {
    let chrome = member.chrome("hub-title").await;
    render(&state, &mut member, id, chrome, Fields::new()).await
}

/// The page, with `chrome`'s errors and a refused form's values (422 when refused).
pub(super) async fn render(
    state: &PageState,
    member: &mut Member,
    id: Uuid,
    mut chrome: Chrome,
    form: Fields,
) -> Response {
    let api = member.api(state);
    let hub: HubRecord = match api.read(&format!("/api/v1/hubs/{id}")).await {
        Ok(hub) => hub,
        Err(problem) => return failed(member, &problem).await,
    };
    let answer: Result<ListPage<RecordLine>, Problem> = api
        .read(&format!("/api/v1/hubs/{id}/votes?limit={RECENT_VOTES}"))
        .await;
    let record = match answer {
        Ok(record) => record.items,
        Err(problem) => return failed(member, &problem).await,
    };
    // The roster is the secretariat's to read; without it no one is offered.
    let people = api
        .list::<Candidate>("/api/v1/people")
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|person| {
            !hub.delegates
                .iter()
                .any(|d| d.person_id == person.person_id)
        })
        .collect();
    chrome.title = hub.name.clone();
    page(&HubPage {
        page: chrome,
        hub,
        people,
        record,
        form,
    })
}

/// Appoints a delegate, suspends or reinstates the hub.
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
    let mut chrome = member.chrome("hub-title").await;
    let base = format!("/api/v1/hubs/{id}");
    let (path, body, fields, done): (_, _, &[(&str, &str)], _) = match action.as_str() {
        "delegates" => {
            if field(&form, "person").is_none() {
                chrome.error("person", "hub-person-missing");
            }
            let since = optional_day(&mut chrome, &form, "since");
            (
                format!("{base}/delegates"),
                json!({ "person_id": field(&form, "person"), "since": since }),
                &[("person_id", "person"), ("since", "since")],
                "hub-done-appointed",
            )
        }
        "suspension" => {
            if field(&form, "suspend-reason").is_none() {
                chrome.error("suspend-reason", "hub-reason-missing");
            }
            (
                format!("{base}/suspension"),
                json!({ "reason": field(&form, "suspend-reason") }),
                &[("reason", "suspend-reason")],
                "hub-done-suspended",
            )
        }
        "reinstatement" => (
            format!("{base}/reinstatement"),
            json!({}),
            &[],
            "hub-done-reinstated",
        ),
        _ => return super::super::not_found(member.visitor).await,
    };
    let fallback = fields.first().map_or("standing", |(_, id)| *id);
    send(
        &state,
        member,
        chrome,
        Step {
            id,
            path,
            body,
            fields,
            fallback,
            done,
            form,
        },
    )
    .await
}

/// Ends `person`'s delegation on the day given (today when left empty).
pub async fn end(
    State(state): State<PageState>,
    Path((id, person)): Path<(Uuid, Uuid)>,
    Posted { visitor, mut form }: Posted<Fields>,
) -> Response {
    let mut member = match member(visitor) {
        Ok(member) => member,
        Err(response) => return response,
    };
    form.remove(super::super::forms::CSRF_FIELD);
    let mut chrome = member.chrome("hub-title").await;
    let day_field = end_field(&person);
    let on = optional_day(&mut chrome, &form, "on");
    // The form's one field is named `on`; on the page its id names the delegate.
    if let Some(error) = chrome.errors.iter_mut().find(|error| error.field == "on") {
        error.field.clone_from(&day_field);
    }
    if let Some(value) = form.remove("on") {
        form.insert(day_field.clone(), value);
    }
    let step = Step {
        id,
        path: format!("/api/v1/hubs/{id}/delegates/{person}/end"),
        body: json!({ "on": on }),
        fields: &[],
        fallback: &day_field,
        done: "hub-done-ended",
        form,
    };
    send(&state, member, chrome, step).await
}

/// A command of the hub's page and how its answer is shown.
struct Step<'a> {
    id: Uuid,
    path: String,
    body: Value,
    /// The API's field names and the form's ids they stand for.
    fields: &'a [(&'a str, &'a str)],
    /// Where a refusal that names no field of the form points.
    fallback: &'a str,
    /// The message of the next page, by its text id.
    done: &'a str,
    form: Fields,
}

/// Sends the step's command unless the page's own checks refused it; then back to the
/// hub's page with a message, or the page again with the refusal.
async fn send(
    state: &PageState,
    mut member: Member,
    mut chrome: Chrome,
    step: Step<'_>,
) -> Response {
    if chrome.errors.is_empty() {
        match member
            .api(state)
            .send(Method::POST, &step.path, &step.body)
            .await
        {
            Ok(done) => {
                member.remember(step.done, done.position).await;
                return Redirect::to(&format!("/hubs/{}", step.id)).into_response();
            }
            Err(problem) if belongs_to_form(&problem) => {
                refused(&mut chrome, &problem, step.fields, step.fallback);
            }
            Err(problem) => return failed(&mut member, &problem).await,
        }
    }
    render(state, &mut member, step.id, chrome, step.form).await
}

/// A `date` input that may be left empty (the API takes today); an error on it when it is
/// not a day.
fn optional_day(chrome: &mut Chrome, form: &Fields, name: &str) -> Option<NaiveDate> {
    let value = field(form, name)?;
    let day = moments::day(value);
    if day.is_none() {
        chrome.error(name, "secretariat-day-invalid");
    }
    day
}
