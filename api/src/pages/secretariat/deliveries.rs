//! `/deliveries`: every notification's delivery, narrowed by the API's filters; one
//! message's tries; and sending a dead one again.

use super::super::forms::Posted;
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::super::PageState;
use super::decisions::Fields;
use super::{belongs_to_form, failed, member, refused};
use crate::pages::api_client::ListPage;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The statuses a delivery can be in.
const STATUSES: [&str; 6] = ["pending", "sent", "dead", "dropped", "held", "digested"];

#[derive(Debug, Template)]
#[template(path = "secretariat/deliveries.html")]
struct DeliveriesPage {
    page: Chrome,
    filter: Filter,
    deliveries: Vec<Delivery>,
    statuses: Vec<&'static str>,
    /// The query of the next (older) page, when this one is full.
    older: Option<String>,
}

crate::framed!(DeliveriesPage);

impl DeliveriesPage {
    /// Whether the list is narrowed to `status`.
    fn chosen(&self, status: &str) -> bool {
        self.filter.status.as_deref() == Some(status)
    }
}

/// The filters of the list, as the GET form sends them and the API takes them.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct Filter {
    #[serde(default, skip_serializing_if = "blank")]
    status: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    kind: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    application_id: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    recipient: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    before: Option<String>,
}

fn blank(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(|value| value.trim().is_empty())
}

impl Filter {
    fn text(value: &Option<String>) -> &str {
        value.as_deref().unwrap_or_default()
    }
    fn kind(&self) -> &str {
        Self::text(&self.kind)
    }
    fn application(&self) -> &str {
        Self::text(&self.application_id)
    }
    fn recipient(&self) -> &str {
        Self::text(&self.recipient)
    }
}

/// A message's delivery (`GET /api/v1/notifications/deliveries`).
#[derive(Debug, Deserialize)]
struct Delivery {
    message_id: Uuid,
    kind: String,
    channel: String,
    #[serde(default)]
    application_id: Option<Uuid>,
    subject: String,
    status: String,
    #[serde(default)]
    attempts: i32,
    created_at: DateTime<Utc>,
    #[serde(default)]
    next_attempt_at: Option<DateTime<Utc>>,
    #[serde(default)]
    sent_at: Option<DateTime<Utc>>,
    #[serde(default)]
    last_error: Option<String>,
}

impl Delivery {
    /// The subject, unless it carries a sign-in code: a code is its reader's alone, and
    /// shown here it would let whoever reads this page sign in as them.
    fn shown_subject(&self) -> &str {
        if self.kind.starts_with("sign_in") {
            ""
        } else {
            &self.subject
        }
    }
}

/// The deliveries, newest first.
pub async fn list(
    State(state): State<PageState>,
    mut member: Member,
    Query(filter): Query<Filter>,
) -> Response {
    const LIMIT: usize = 100;
    let query = serde_urlencoded::to_string(&filter).unwrap_or_default();
    let path = format!("/api/v1/notifications/deliveries?limit={LIMIT}&{query}");
    let answer = member
        .api(&state)
        .get::<ListPage<Delivery>>(&path)
        .await
        .map(|page| page.items);
    let mut chrome = member.chrome("secretariat-deliveries-title").await;
    let deliveries = match answer {
        Ok(deliveries) => deliveries,
        Err(problem) if belongs_to_form(&problem) => {
            let fields = [
                ("status", "status"),
                ("kind", "kind"),
                ("application_id", "application_id"),
                ("recipient", "recipient"),
            ];
            refused(&mut chrome, &problem, &fields, "status");
            Vec::new()
        }
        Err(problem) => return failed(&mut member, &problem).await,
    };
    let older = (deliveries.len() == LIMIT)
        .then(|| deliveries.last())
        .flatten()
        .map(|last| {
            let next = Filter {
                before: Some(last.message_id.to_string()),
                ..filter.clone()
            };
            serde_urlencoded::to_string(&next).unwrap_or_default()
        });
    page(&DeliveriesPage {
        page: chrome,
        filter,
        deliveries,
        statuses: STATUSES.to_vec(),
        older,
    })
}

#[derive(Debug, Template)]
#[template(path = "secretariat/delivery.html")]
struct DeliveryPage {
    page: Chrome,
    delivery: Delivery,
    attempts: Vec<Attempt>,
}

crate::framed!(DeliveryPage);

/// One message and its tries, as the API answers.
fn detail(mut answer: serde_json::Value) -> Result<(Delivery, Vec<Attempt>), serde_json::Error> {
    let tries = answer
        .as_object_mut()
        .and_then(|fields| fields.remove("tries"))
        .unwrap_or_default();
    let attempts: Vec<Attempt> = serde_json::from_value(tries)?;
    let delivery: Delivery = serde_json::from_value(answer)?;
    Ok((delivery, attempts))
}

#[derive(Debug, Deserialize)]
struct Attempt {
    attempt: i32,
    started_at: DateTime<Utc>,
    outcome: String,
    #[serde(default)]
    detail: Option<String>,
}

/// One message's delivery and every try at it.
pub async fn show(
    State(state): State<PageState>,
    mut member: Member,
    Path(id): Path<Uuid>,
) -> Response {
    let chrome = member.chrome("secretariat-delivery-title").await;
    render(&state, &mut member, id, chrome).await
}

async fn render(state: &PageState, member: &mut Member, id: Uuid, chrome: Chrome) -> Response {
    let path = format!("/api/v1/notifications/deliveries/{id}");
    let answer = member.api(state).get::<serde_json::Value>(&path).await;
    match answer.map(detail) {
        Ok(Ok((delivery, attempts))) => page(&DeliveryPage {
            page: chrome,
            delivery,
            attempts,
        }),
        Ok(Err(error)) => {
            tracing::error!(%error, "a delivery could not be read");
            let problem = super::Problem::new("internal-error", 500, error.to_string());
            failed(member, &problem).await
        }
        Err(problem) => failed(member, &problem).await,
    }
}

/// Sends a dead message again.
pub async fn resend(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, .. }: Posted<Fields>,
) -> Response {
    let mut member = match member(visitor) {
        Ok(member) => member,
        Err(response) => return response,
    };
    let path = format!("/api/v1/notifications/deliveries/{id}/resend");
    match member.api(&state).act(Method::POST, &path).await {
        Ok(_) => {
            member.remember("secretariat-done-resent", 0).await;
            Redirect::to(&format!("/deliveries/{id}")).into_response()
        }
        Err(problem) if belongs_to_form(&problem) => {
            let mut chrome = member.chrome("secretariat-delivery-title").await;
            refused(&mut chrome, &problem, &[], "resend");
            render(&state, &mut member, id, chrome).await
        }
        Err(problem) => failed(&mut member, &problem).await,
    }
}
