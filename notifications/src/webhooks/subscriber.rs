//! The webhook subscriber: a checkpointed follower of the event log, like the notifier,
//! that puts one message in the outbox for each event and each enabled endpoint that wants
//! its kind, in the transaction that moves its checkpoint. So each endpoint is told of an
//! event exactly once, and a crash loses nothing.
//!
//! A message says what happened and where to read it, never more: ids, positions and
//! links that a secretariat token opens, and no personal data (no names, addresses,
//! notes, review text or ballot choices). A receiver reads the rest through the API, as
//! the secretariat could.
//!
//! Like the notifier it is never rebuilt: a rebuild would send every endpoint the past
//! again (the outbox's keys would stop the duplicates, but an endpoint's `from_position`
//! is what keeps a new one from being sent the past).

use super::event_types::{name_of, prefix};
use crate::links;
use crate::outbox::Writing;
use async_trait::async_trait;
use charter_domain::roster::RosterEvent;
use charter_domain::vote::VoteEvent;
use charter_domain::{ApplicationId, VoteId};
use charter_projections::{Projection, ProjectionError, StoredEvent};
use serde_json::{json, Value};
use sqlx::PgConnection;
use uuid::Uuid;

/// The subscriber's name, also its checkpoint's.
pub const NAME: &str = "webhooks";

/// Puts the webhook messages the event log gives rise to in the outbox.
#[derive(Debug)]
pub struct WebhookSubscriber {
    writing: Writing,
}

impl WebhookSubscriber {
    pub fn new(writing: Writing) -> Self {
        Self { writing }
    }
}

/// What an event is about, by id.
#[derive(Debug, Default)]
struct Subject {
    application: Option<ApplicationId>,
    vote: Option<VoteId>,
    person: Option<Uuid>,
}

#[async_trait]
impl Projection for WebhookSubscriber {
    fn name(&self) -> &'static str {
        NAME
    }

    fn tables(&self) -> &'static [&'static str] {
        &["webhook_votes"]
    }

    fn handles(&self, aggregate_type: &str) -> bool {
        prefix(aggregate_type).is_some()
    }

    /// The messages it writes are not derived again: its batches wait for the disk.
    fn derived_only(&self) -> bool {
        false
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        let subject = subject(&mut *conn, event).await?;
        let Some(name) = name_of(&event.aggregate_type, &event.event_type) else {
            return Ok(());
        };
        let endpoints: Vec<Uuid> = sqlx::query_scalar(
            "SELECT webhook_id FROM webhooks
             WHERE enabled AND event_types @> ARRAY[$1]::text[] AND from_position < $2
             ORDER BY webhook_id",
        )
        .bind(name)
        .bind(event.global_position)
        .fetch_all(&mut *conn)
        .await?;
        if endpoints.is_empty() {
            return Ok(());
        }
        let body = payload(&self.writing, name, event, &subject).to_string();
        for endpoint in endpoints {
            sqlx::query(
                "INSERT INTO notification_messages
                     (message_id, dedupe_key, kind, channel, webhook_id, application_id,
                      event_position, subject, sealed_content)
                 VALUES ($1, $2, $3, 'webhook', $4, $5, $6, $3, $7)
                 ON CONFLICT ON CONSTRAINT notification_messages_once DO NOTHING",
            )
            .bind(Uuid::now_v7())
            .bind(format!("webhook/{}/{endpoint}", event.global_position))
            .bind(name)
            .bind(endpoint)
            .bind(subject.application.map(|id| id.0))
            .bind(event.global_position)
            .bind(&body)
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }
}

/// The ids `event` is about; keeps which application each vote is about.
async fn subject(conn: &mut PgConnection, event: &StoredEvent) -> Result<Subject, ProjectionError> {
    let undecodable = |error| ProjectionError::undecodable(event, error);
    Ok(match prefix(&event.aggregate_type) {
        Some("application") => Subject {
            application: Some(ApplicationId(event.aggregate_uuid()?)),
            ..Subject::default()
        },
        Some("vote") => {
            let vote = VoteId(event.aggregate_uuid()?);
            // Only the opening is decoded: a ballot's contents are never looked at.
            let application = if event.event_type == "VoteOpened" {
                let VoteEvent::VoteOpened { application_id, .. } =
                    event.decode::<VoteEvent>().map_err(undecodable)?
                else {
                    return Ok(Subject::default());
                };
                sqlx::query(
                    "INSERT INTO webhook_votes (vote_id, application_id) VALUES ($1, $2)
                     ON CONFLICT (vote_id) DO NOTHING",
                )
                .bind(vote.0)
                .bind(application_id.0)
                .execute(&mut *conn)
                .await?;
                Some(application_id)
            } else {
                sqlx::query_scalar("SELECT application_id FROM webhook_votes WHERE vote_id = $1")
                    .bind(vote.0)
                    .fetch_optional(&mut *conn)
                    .await?
                    .map(ApplicationId)
            };
            Subject {
                application,
                vote: Some(vote),
                person: None,
            }
        }
        Some("roster") => {
            let payload: RosterEvent = event.decode().map_err(undecodable)?;
            Subject {
                person: payload.person().map(|person| person.0),
                ..Subject::default()
            }
        }
        _ => Subject::default(),
    })
}

/// The body every endpoint is sent for `event`: its kind, when it happened, and ids and
/// links only.
fn payload(writing: &Writing, name: &str, event: &StoredEvent, subject: &Subject) -> Value {
    let base = &writing.base_url;
    let mut links = serde_json::Map::new();
    if let Some(application) = subject.application {
        links.insert(
            "application".to_owned(),
            json!(format!("{base}{}", links::application(application))),
        );
        links.insert(
            "timeline".to_owned(),
            json!(format!("{base}{}", links::timeline(application))),
        );
    }
    if let Some(vote) = subject.vote {
        links.insert(
            "vote".to_owned(),
            json!(format!("{base}{}", links::vote(vote))),
        );
    }
    if let Some(person) = subject.person {
        links.insert(
            "person".to_owned(),
            json!(format!(
                "{base}{}",
                links::person(charter_domain::PersonId(person))
            )),
        );
    }
    json!({
        "type": name,
        "timestamp": event.recorded_at,
        "data": {
            "application_id": subject.application.map(|id| id.0),
            "vote_id": subject.vote.map(|id| id.0),
            "person_id": subject.person,
            "position": event.global_position,
            "event_type": event.event_type,
            "aggregate_type": event.aggregate_type,
            "aggregate_id": event.aggregate_id,
            "sequence": event.sequence,
            "links": links,
        },
    })
}
