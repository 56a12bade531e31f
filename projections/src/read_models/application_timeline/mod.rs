//! The application timeline: every milestone with its time and actor, for founders to see
//! where they stand and for the committee to see how they got there. The actor's name and
//! the names of a held interview's attendees are kept sealed under the key of the person
//! each is about (see `charter_store::opening`); [`entries`] opens them.

mod details;

use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use crate::read_models::attendees;
use crate::read_models::read_model::{incoming, Incoming, ReadModel};
pub use crate::read_models::Audience;
use async_trait::async_trait;
use charter_domain::application::{Application, ApplicationEvent};
use charter_domain::personal::ERASED;
use charter_store::opening::{open_texts, strings_in};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{FromRow, PgConnection, PgPool};
use utoipa::ToSchema;
use uuid::Uuid;

/// Projects application events into `application_timeline`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApplicationTimelineProjection;

/// The projection's name, for waiting on it.
pub const NAME: &str = "application_timeline";

#[async_trait]
impl ReadModel for ApplicationTimelineProjection {
    type Aggregate = Application;
    const NAME: &'static str = NAME;
    const TABLES: &'static [&'static str] = &["application_timeline"];
    /// The actors' names.
    const FOLLOWS_ERASURES: bool = true;

    /// One `INSERT` for each run of application events; an erasure is applied where it
    /// falls, after the rows before it.
    async fn apply_batch(
        &self,
        conn: &mut PgConnection,
        events: &[&StoredEvent],
    ) -> Result<(), ProjectionError> {
        let mut rows = Rows::default();
        for event in events {
            match incoming::<Application>(event)? {
                Incoming::Own { id, payload } => rows.push(id, event, &payload),
                Incoming::Erasure(subject) => {
                    rows.insert(&mut *conn).await?;
                    if let Some(subject) = subject {
                        erase(&mut *conn, subject).await?;
                    }
                }
            }
        }
        rows.insert(conn).await?;
        Ok(())
    }
}

/// Scrubs an erased person from the timeline: where they acted, and where they attended
/// an interview.
async fn erase(conn: &mut PgConnection, subject: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE application_timeline SET actor_name = $2 WHERE actor_id = $1")
        .bind(subject)
        .bind(ERASED)
        .execute(&mut *conn)
        .await?;
    let attended_by = "(details -> 'attended_by')";
    sqlx::query(&format!(
        "UPDATE application_timeline
         SET details = jsonb_set(details, '{{attended_by}}', {})
         WHERE event_type = 'InterviewRecorded' AND {}",
        attendees::scrubbed(attended_by),
        attendees::naming(attended_by),
    ))
    .bind(subject)
    .bind(ERASED)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Timeline rows waiting to be inserted, column by column.
#[derive(Debug, Default)]
struct Rows {
    application_id: Vec<Uuid>,
    sequence: Vec<i64>,
    global_position: Vec<i64>,
    event_type: Vec<String>,
    occurred_at: Vec<DateTime<Utc>>,
    actor_id: Vec<Option<Uuid>>,
    actor_name: Vec<Option<String>>,
    actor_role: Vec<Option<String>>,
    request_id: Vec<Option<String>>,
    summary: Vec<String>,
    details: Vec<serde_json::Value>,
    audience: Vec<&'static str>,
}

impl Rows {
    fn push(&mut self, id: Uuid, event: &StoredEvent, payload: &ApplicationEvent) {
        self.application_id.push(id);
        self.sequence.push(event.sequence);
        self.global_position.push(event.global_position);
        self.event_type.push(event.event_type.clone());
        self.occurred_at.push(payload.at());
        self.actor_id.push(event.metadata.actor_id);
        // A system actor has no id, and its name is no one's: it stays as it is.
        self.actor_name.push(match event.metadata.actor_id {
            Some(actor) => event.seal_opt(&[actor], event.metadata.actor_name.as_deref()),
            None => event.metadata.actor_name.clone(),
        });
        self.actor_role.push(event.metadata.actor_role.clone());
        self.request_id.push(event.metadata.request_id.clone());
        self.summary.push(describe(payload));
        self.details.push(details::details(event, payload));
        self.audience.push(audience(payload).as_str());
    }

    /// Inserts the rows gathered so far, and forgets them.
    async fn insert(&mut self, conn: &mut PgConnection) -> Result<(), sqlx::Error> {
        if self.application_id.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(self);
        sqlx::query(
            "INSERT INTO application_timeline
               (application_id, sequence, global_position, event_type, occurred_at, actor_id,
                actor_name, actor_role, request_id, summary, audience, details)
             SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::text[],
                                  $5::timestamptz[], $6::uuid[], $7::text[], $8::text[],
                                  $9::text[], $10::text[], $11::text[], $12::jsonb[])
             ON CONFLICT (application_id, sequence) DO NOTHING",
        )
        .bind(rows.application_id)
        .bind(rows.sequence)
        .bind(rows.global_position)
        .bind(rows.event_type)
        .bind(rows.occurred_at)
        .bind(rows.actor_id)
        .bind(rows.actor_name)
        .bind(rows.actor_role)
        .bind(rows.request_id)
        .bind(rows.summary)
        .bind(rows.audience)
        .bind(rows.details)
        .execute(conn)
        .await?;
        Ok(())
    }
}

/// The panel's internal work is for staff; founders see panel feedback only once the
/// secretariat releases it.
fn audience(event: &ApplicationEvent) -> Audience {
    use ApplicationEvent::*;
    match event {
        PanelistAssigned { .. }
        | ConflictOfInterestDeclared { .. }
        | PanelReviewFiled { .. }
        | PanelReviewRevised { .. } => Audience::Staff,
        _ => Audience::Everyone,
    }
}

/// A one-line account of the milestone, in plain words.
fn describe(event: &ApplicationEvent) -> String {
    use ApplicationEvent::*;
    match event {
        ApplicationOpened {
            hub_name,
            city,
            country,
            founders,
            ..
        } => format!(
            "Application opened for {hub_name} in {city}, {country} by {} founder(s)",
            founders.len()
        ),
        EligibilityGranted { policy_version, .. } => {
            format!("Application eligibility granted (policy {policy_version})")
        }
        DocumentSubmitted {
            kind,
            version,
            file_name,
            ..
        } => format!("{kind} version {version} submitted ({file_name})"),
        RevisionRequested {
            request,
            kind,
            deadline,
            ..
        } => format!(
            "Revision {request} of the {kind} requested by {}",
            deadline.format("%Y-%m-%d")
        ),
        RevisionRequestAnswered {
            request,
            kind,
            version,
            ..
        } => format!("Revision request {request} answered by {kind} version {version}"),
        RevisionRequestOverdue { request, kind, .. } => {
            format!("Revision request {request} for the {kind} passed its deadline unanswered")
        }
        // Not by name: the timeline keeps no personal data but the actor's, which an
        // erasure scrubs by id. The panel itself names its members.
        PanelistAssigned { .. } => "A panelist was assigned".to_owned(),
        ConflictOfInterestDeclared { .. } => {
            "A panelist declared a conflict of interest and was recused".to_owned()
        }
        PanelReviewFiled {
            review,
            kind,
            version,
            assessment,
            ..
        } => format!(
            "Review {review} of {kind} version {version} filed, recommending {}",
            assessment.recommendation
        ),
        PanelReviewRevised {
            review,
            revision,
            assessment,
            ..
        } => format!(
            "Review {review} revised (revision {revision}), recommending {}",
            assessment.recommendation
        ),
        PanelFeedbackReleased {
            kind,
            version,
            revision,
            ..
        } => {
            let revised = if *revision > 1 { " (as revised)" } else { "" };
            format!("Panel feedback on {kind} version {version} released to the founders{revised}")
        }
        InterviewScheduled {
            interview,
            scheduled_for,
            ..
        } => format!(
            "Interview {interview} scheduled for {}",
            scheduled_for.format("%Y-%m-%d %H:%M UTC")
        ),
        InterviewRescheduled {
            interview,
            scheduled_for,
            location,
            ..
        } => format!(
            "Interview {interview} moved to {} ({location})",
            scheduled_for.format("%Y-%m-%d %H:%M UTC")
        ),
        InterviewRecorded {
            interview,
            attendees,
            ..
        } => format!(
            "Interview {interview} held with {} attendee(s)",
            attendees.len()
        ),
        InterviewCancelled { interview, .. } => format!("Interview {interview} cancelled"),
        StageAdvanced { from, to, .. } => format!("Advanced from {from} to {to}"),
        GateVotePassed { to, electorate, .. } => {
            format!("The {electorate}'s vote on the gate into {to} passed; the gate awaits its next vote")
        }
        ApplicationRejected { stage, .. } => format!("Rejected at the {stage} stage"),
        ApplicationWithdrawn { stage, .. } => {
            format!("Withdrawn by the founders at the {stage} stage")
        }
        SignatureRecorded { party, .. } => {
            format!("Membership agreement signed by the {party}")
        }
        AppealLodged { .. } => "The founders appealed the rejection".to_owned(),
        AppealGranted { reopened_in, .. } => {
            format!("Appeal granted by the committee: reopened at the {reopened_in} stage")
        }
        AppealDismissed { .. } => "Appeal dismissed by the committee".to_owned(),
    }
}

/// One milestone of an application.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct TimelineEntry {
    pub sequence: i64,
    /// The event's place in the global order.
    pub global_position: i64,
    pub event_type: String,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub actor_role: Option<String>,
    pub request_id: Option<String>,
    /// The English line of what happened.
    pub summary: String,
    /// What happened, as values with the event's own field names (`kind` and `version`
    /// of a document, `scheduled_for` and `location` of an interview, `from` and `to` of a
    /// move, `by_vote` when a committee vote decided it), for a client's own words. Empty
    /// for milestones recorded before it was kept, until the read model is rebuilt. A held
    /// interview also lists who attended, in `attended_by` (each an `AttendeeEntry`:
    /// `subject_id` and `name`), and how many in `attendees`.
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

/// The milestones of application `id` after `after_sequence` that `audience` may see,
/// oldest first, their names opened.
pub async fn entries(
    pool: &PgPool,
    id: Uuid,
    audience: Audience,
    after_sequence: i64,
    limit: i64,
) -> Result<Vec<TimelineEntry>, sqlx::Error> {
    let mut entries: Vec<TimelineEntry> = sqlx::query_as(
        "SELECT sequence, global_position, event_type, occurred_at, actor_id, actor_name,
                actor_role, request_id, summary, details
         FROM application_timeline
         WHERE application_id = $1 AND sequence > $2 AND ($4 = 'staff' OR audience = 'everyone')
         ORDER BY sequence LIMIT $3",
    )
    .bind(id)
    .bind(after_sequence)
    .bind(limit)
    .bind(audience.as_str())
    .fetch_all(pool)
    .await?;
    // Gathered before the look-up: a closure held across it would keep the future from
    // being `Send` for every lifetime, as a handler's must be.
    let personal: Vec<&mut String> = entries
        .iter_mut()
        .flat_map(|entry| {
            entry
                .actor_name
                .iter_mut()
                .chain(strings_in(&mut entry.details))
        })
        .collect();
    open_texts(pool, personal).await?;
    Ok(entries)
}
