//! The forms of the application's page: each sends one command to the API, then shows
//! the page again with the change (or, refused, with the refusal and what was entered).

use super::super::api_client::{Done, Problem};
use super::super::forms::Posted;
use super::super::render::Chrome;
use super::super::PageState;
use super::{application, belongs_to_form, failed, member, moments, refused};
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{json, Value};
use std::collections::HashMap;
use uuid::Uuid;

/// A posted form: its fields by name (the form key taken out).
pub type Fields = HashMap<String, String>;

/// A field's text, trimmed; `None` when empty.
pub fn field<'a>(form: &'a Fields, name: &str) -> Option<&'a str> {
    form.get(name)
        .map(|value| value.trim())
        .filter(|value| !value.is_empty())
}

/// How a command of the application's page ends: back to the page with a message, or
/// the page again with the refusal.
pub struct Outcome<'a> {
    pub id: Uuid,
    pub form: Fields,
    /// The API's field names and the form's ids they stand for.
    pub fields: &'a [(&'a str, &'a str)],
    /// Where a refusal that names no field of the form points.
    pub fallback: &'a str,
    /// The message of the next page, by its text id.
    pub done: &'a str,
}

impl Outcome<'_> {
    /// Ends the form after `answer`; `chrome` holds the page's own checks.
    pub async fn after(
        mut self,
        state: &PageState,
        mut member: super::Member,
        mut chrome: Chrome,
        answer: Option<Result<Done, Problem>>,
    ) -> Response {
        match answer {
            Some(Ok(done)) => {
                member.remember(self.done, done.position).await;
                Redirect::to(&format!("/applications/{}", self.id)).into_response()
            }
            Some(Err(problem)) if belongs_to_form(&problem) => {
                refused(&mut chrome, &problem, self.fields, self.fallback);
                self.form.remove(super::super::forms::CSRF_FIELD);
                application::render(state, &mut member, self.id, chrome, self.form).await
            }
            Some(Err(problem)) => failed(&mut member, &problem).await,
            None => {
                self.form.remove(super::super::forms::CSRF_FIELD);
                application::render(state, &mut member, self.id, chrome, self.form).await
            }
        }
    }
}

/// Runs `method path body` unless `chrome` already holds the page's own refusals.
pub async fn send(
    state: &PageState,
    member: &super::Member,
    chrome: &Chrome,
    method: Method,
    path: &str,
    body: &Value,
) -> Option<Result<Done, Problem>> {
    if !chrome.errors.is_empty() {
        return None;
    }
    Some(member.api(state).send(method, path, body).await)
}

/// The person behind a posted form and the frame of the application's page.
macro_rules! begin {
    ($visitor:expr) => {
        match member($visitor) {
            Ok(mut member) => {
                let chrome = member.chrome("secretariat-application-title").await;
                (member, chrome)
            }
            Err(response) => return response,
        }
    };
}

pub(super) use begin;

/// Grants application eligibility.
pub async fn eligibility(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<Fields>,
) -> Response {
    let (member, chrome) = begin!(visitor);
    let body = json!({ "note": field(&form, "eligibility-note") });
    let path = format!("/api/v1/applications/{id}/eligibility");
    let answer = send(&state, &member, &chrome, Method::POST, &path, &body).await;
    let outcome = Outcome {
        id,
        form,
        fields: &[("note", "eligibility-note")],
        fallback: "eligibility-note",
        done: "secretariat-done-eligible",
    };
    outcome.after(&state, member, chrome, answer).await
}

/// Assigns a panelist of the pool.
pub async fn assign(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<Fields>,
) -> Response {
    let (member, mut chrome) = begin!(visitor);
    let panelist = field(&form, "panelist").and_then(|value| value.parse::<Uuid>().ok());
    if panelist.is_none() {
        chrome.error("panelist", "secretariat-panelist-missing");
    }
    let body = json!({ "panelist_id": panelist });
    let path = format!("/api/v1/applications/{id}/panelists");
    let answer = send(&state, &member, &chrome, Method::POST, &path, &body).await;
    let outcome = Outcome {
        id,
        form,
        fields: &[("panelist_id", "panelist")],
        fallback: "panelist",
        done: "secretariat-done-assigned",
    };
    outcome.after(&state, member, chrome, answer).await
}

/// Asks the founders for a new version of a document by a deadline.
pub async fn revision(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<Fields>,
) -> Response {
    let (member, mut chrome) = begin!(visitor);
    let deadline = match field(&form, "revision-deadline") {
        None => {
            chrome.error("revision-deadline", "secretariat-moment-missing");
            None
        }
        Some(value) => {
            let at = moments::parse(value, chrome.texts.zone());
            if at.is_none() {
                chrome.error("revision-deadline", "secretariat-moment-invalid");
            }
            at
        }
    };
    if field(&form, "revision-reason").is_none() {
        chrome.error("revision-reason", "secretariat-reason-missing");
    }
    let body = json!({
        "document_kind": field(&form, "revision-kind"),
        "deadline": deadline,
        "reason": field(&form, "revision-reason"),
    });
    let path = format!("/api/v1/applications/{id}/revision-requests");
    let answer = send(&state, &member, &chrome, Method::POST, &path, &body).await;
    let outcome = Outcome {
        id,
        form,
        fields: &[
            ("document_kind", "revision-kind"),
            ("deadline", "revision-deadline"),
            ("reason", "revision-reason"),
        ],
        fallback: "revision-kind",
        done: "secretariat-done-revision",
    };
    outcome.after(&state, member, chrome, answer).await
}

/// Releases the latest revision of a review to the founders.
pub async fn release(
    State(state): State<PageState>,
    Path((id, review)): Path<(Uuid, u32)>,
    Posted { visitor, form }: Posted<Fields>,
) -> Response {
    let (member, mut chrome) = begin!(visitor);
    let revision = field(&form, "revision").and_then(|value| value.parse::<u32>().ok());
    if revision.is_none() {
        chrome.error("reviews", "secretariat-revision-missing");
    }
    let body = json!({ "revision": revision, "note": field(&form, "note") });
    let path = format!("/api/v1/applications/{id}/reviews/{review}/release");
    let answer = send(&state, &member, &chrome, Method::POST, &path, &body).await;
    let outcome = Outcome {
        id,
        form,
        fields: &[],
        fallback: "reviews",
        done: "secretariat-done-released",
    };
    outcome.after(&state, member, chrome, answer).await
}

/// Opens a committee vote on a motion about the application.
pub async fn open_vote(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<Fields>,
) -> Response {
    let (member, mut chrome) = begin!(visitor);
    let motion = match field(&form, "vote-motion") {
        Some("advance") => json!({ "kind": "advance", "to": field(&form, "vote-to") }),
        Some("reject") => {
            if field(&form, "vote-grounds").is_none() {
                chrome.error("vote-grounds", "secretariat-grounds-missing");
            }
            json!({ "kind": "reject", "grounds": field(&form, "vote-grounds") })
        }
        Some("appeal") => json!({ "kind": "appeal" }),
        _ => {
            chrome.error("vote-motion", "secretariat-motion-missing");
            Value::Null
        }
    };
    let closes = field(&form, "vote-closes").map(|value| {
        let at = moments::parse(value, chrome.texts.zone());
        if at.is_none() {
            chrome.error("vote-closes", "secretariat-moment-invalid");
        }
        at
    });
    // Whose vote: the electorate the gate awaits, for an advance; the policy's, otherwise.
    let electorate = match field(&form, "vote-motion") {
        Some("advance") => field(&form, "vote-electorate"),
        _ => None,
    };
    let body = json!({ "application_id": id, "motion": motion, "closes_at": closes.flatten(),
                       "electorate": electorate });
    let answer = send(
        &state,
        &member,
        &chrome,
        Method::POST,
        "/api/v1/votes",
        &body,
    )
    .await;
    let done = if electorate == Some("network") {
        "secretariat-done-network-vote-opened"
    } else {
        "secretariat-done-vote-opened"
    };
    let outcome = Outcome {
        id,
        form,
        fields: &[
            ("motion", "vote-motion"),
            ("electorate", "vote-motion"),
            ("closes_at", "vote-closes"),
        ],
        fallback: "vote-motion",
        done,
    };
    outcome.after(&state, member, chrome, answer).await
}

/// Closes a vote now.
pub async fn close_vote(
    State(state): State<PageState>,
    Path((id, vote)): Path<(Uuid, Uuid)>,
    Posted { visitor, form }: Posted<Fields>,
) -> Response {
    let (member, chrome) = begin!(visitor);
    let path = format!("/api/v1/votes/{vote}/close");
    let answer = send(&state, &member, &chrome, Method::POST, &path, &json!({})).await;
    let outcome = Outcome {
        id,
        form,
        fields: &[],
        fallback: "votes",
        done: "secretariat-done-vote-closed",
    };
    outcome.after(&state, member, chrome, answer).await
}

/// Records the association's signature of the membership agreement.
pub async fn sign(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<Fields>,
) -> Response {
    let (member, chrome) = begin!(visitor);
    let path = format!("/api/v1/applications/{id}/signatures");
    let answer = send(&state, &member, &chrome, Method::POST, &path, &json!({})).await;
    let outcome = Outcome {
        id,
        form,
        fields: &[],
        fallback: "signature",
        done: "secretariat-done-signed",
    };
    outcome.after(&state, member, chrome, answer).await
}

/// Advances the application through its gate; refused, the page lists what is missing.
pub async fn advance(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, form }: Posted<Fields>,
) -> Response {
    let (member, chrome) = begin!(visitor);
    let body = json!({ "to": field(&form, "to") });
    let path = format!("/api/v1/applications/{id}/advance");
    let answer = send(&state, &member, &chrome, Method::POST, &path, &body).await;
    let outcome = Outcome {
        id,
        form,
        fields: &[],
        fallback: "advance",
        done: "secretariat-done-advanced",
    };
    outcome.after(&state, member, chrome, answer).await
}
