//! The applicant status read model: what a founding team is shown about where it stands
//! beyond the summary: its interviews, the panel feedback the secretariat released, its
//! open revision requests and the outcomes of the votes about it.
//!
//! Unreleased reviews never reach these tables: the feedback rows are written only from
//! `PanelFeedbackReleased`, which carries exactly what was released and not who wrote it.
//! The attendees' names are kept sealed, each under its own subject's key (see
//! [`attendees::sealed`]); [`details`] opens them.

use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use crate::read_models::attendees::{self, AttendeeEntry};
use crate::read_models::read_model::{incoming, one_by_one, Incoming, ReadModel};
use async_trait::async_trait;
use charter_domain::application::{Application, ApplicationEvent};
use charter_domain::personal::ERASED;
use charter_store::opening::open_texts;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::types::Json;
use sqlx::{FromRow, PgConnection, PgPool};
use utoipa::ToSchema;
use uuid::Uuid;

/// Projects application events into `application_interviews` and `application_feedback`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApplicantStatusProjection;

/// The projection's name, for waiting on it.
pub const NAME: &str = "applicant_status";

#[async_trait]
impl ReadModel for ApplicantStatusProjection {
    type Aggregate = Application;
    const NAME: &'static str = NAME;
    const TABLES: &'static [&'static str] = &["application_interviews", "application_feedback"];
    /// The names of the interviews' attendees.
    const FOLLOWS_ERASURES: bool = true;

    async fn apply_batch(
        &self,
        conn: &mut PgConnection,
        events: &[&StoredEvent],
    ) -> Result<(), ProjectionError> {
        one_by_one(conn, events, apply).await
    }
}

/// Applies one application event, or an erasure.
async fn apply(conn: &mut PgConnection, event: &StoredEvent) -> Result<(), ProjectionError> {
    let (id, payload) = match incoming::<Application>(event)? {
        Incoming::Own { id, payload } => (id, payload),
        Incoming::Erasure(Some(subject)) => return Ok(erase(conn, subject).await?),
        Incoming::Erasure(None) => return Ok(()),
    };
    let number = |n: &u32| i32::try_from(*n).unwrap_or(i32::MAX);
    use ApplicationEvent::*;
    let touched = match &*payload {
        InterviewScheduled {
            interview,
            scheduled_for,
            location,
            at,
        } => {
            sqlx::query(
                "INSERT INTO application_interviews
                   (application_id, interview, scheduled_for, location, status, scheduled_at)
                 VALUES ($1, $2, $3, $4, 'scheduled', $5)",
            )
            .bind(id)
            .bind(number(interview))
            .bind(scheduled_for)
            .bind(location)
            .bind(at)
            .execute(&mut *conn)
            .await?
        }
        // The event carries the count, so a replay sets the same row again.
        InterviewRescheduled {
            interview,
            moves,
            scheduled_for,
            location,
            at,
        } => {
            sqlx::query(
                "UPDATE application_interviews
                 SET scheduled_for = $3, location = $4, moves = $5, rescheduled_at = $6
                 WHERE application_id = $1 AND interview = $2",
            )
            .bind(id)
            .bind(number(interview))
            .bind(scheduled_for)
            .bind(location)
            .bind(number(moves))
            .bind(at)
            .execute(&mut *conn)
            .await?
        }
        InterviewRecorded {
            interview,
            stage,
            attendees,
            about,
            at,
            ..
        } => {
            sqlx::query(
                "UPDATE application_interviews
                 SET status = 'held', held_in = $3, settled_at = $4, attendees = $5
                 WHERE application_id = $1 AND interview = $2",
            )
            .bind(id)
            .bind(number(interview))
            .bind(stage.as_str())
            .bind(at)
            .bind(attendees::sealed(event, attendees, about))
            .execute(&mut *conn)
            .await?
        }
        InterviewCancelled { interview, at, .. } => {
            sqlx::query(
                "UPDATE application_interviews SET status = 'cancelled', settled_at = $3
                 WHERE application_id = $1 AND interview = $2",
            )
            .bind(id)
            .bind(number(interview))
            .bind(at)
            .execute(&mut *conn)
            .await?
        }
        PanelFeedbackReleased {
            review,
            revision,
            kind,
            version,
            assessment,
            note,
            at,
        } => {
            let scores = serde_json::to_value(&assessment.scores)
                .map_err(|e| ProjectionError::undecodable(event, e))?;
            sqlx::query(
                "INSERT INTO application_feedback
                   (application_id, review, revision, kind, version, recommendation, scores,
                    comments, note, released_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(id)
            .bind(number(review))
            .bind(number(revision))
            .bind(kind.as_str())
            .bind(number(version))
            .bind(assessment.recommendation.to_string())
            .bind(scores)
            .bind(&assessment.comments)
            .bind(note)
            .bind(at)
            .execute(&mut *conn)
            .await?
        }
        _ => return Ok(()),
    };
    if touched.rows_affected() == 1 {
        Ok(())
    } else {
        Err(ProjectionError::Inconsistent {
            position: event.global_position,
            detail: format!("{} does not fit application {id}", event.event_type),
        })
    }
}

/// Scrubs an erased person from the attendees of every interview: for names kept before
/// they were sealed (a sealed one already reads as erased, its key gone).
async fn erase(conn: &mut PgConnection, subject: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE application_interviews SET attendees = {} WHERE {}",
        attendees::scrubbed("attendees"),
        attendees::naming("attendees"),
    ))
    .bind(subject)
    .bind(ERASED)
    .execute(conn)
    .await
    .map(drop)
}

/// An interview with the founding team.
#[derive(Debug, Clone, PartialEq, Serialize, FromRow, ToSchema)]
pub struct InterviewEntry {
    pub interview: i32,
    /// The latest time and place, once moved.
    pub scheduled_for: DateTime<Utc>,
    pub location: String,
    /// How many times it has been moved (0 if never).
    pub moves: i32,
    /// When it last moved.
    pub rescheduled_at: Option<DateTime<Utc>>,
    /// `scheduled`, `held` or `cancelled`.
    pub status: String,
    /// The stage it was held in, once held.
    pub held_in: Option<String>,
    /// Who attended, once held, each with the id their name is about (by which an
    /// attendee from outside the roster is erased).
    #[schema(value_type = Vec<AttendeeEntry>)]
    pub attendees: Json<Vec<AttendeeEntry>>,
}

/// Panel feedback as the secretariat released it: the latest released revision of each
/// review, without the panelist's name.
#[derive(Debug, Clone, PartialEq, Serialize, FromRow, ToSchema)]
pub struct Feedback {
    pub review: i32,
    pub revision: i32,
    pub kind: String,
    pub version: i32,
    pub recommendation: String,
    #[schema(value_type = std::collections::BTreeMap<String, u8>)]
    pub scores: Json<serde_json::Value>,
    pub comments: String,
    /// The secretariat's word to the founders.
    pub note: Option<String>,
    pub released_at: DateTime<Utc>,
}

/// A revision request the founders have not answered yet.
#[derive(Debug, Clone, PartialEq, Serialize, FromRow, ToSchema)]
pub struct OpenRevisionRequest {
    pub request: i32,
    pub kind: String,
    pub reason: String,
    pub requested_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    /// When Charter recorded the deadline as passed.
    pub overdue_at: Option<DateTime<Utc>>,
}

/// A committee vote about the application, as the founders see it: what was put to the
/// vote and how it ended, never a ballot nor the count.
#[derive(Debug, Clone, PartialEq, Serialize, FromRow, ToSchema)]
pub struct VoteConcerning {
    pub vote_id: Uuid,
    #[schema(value_type = Object)]
    pub motion: Json<serde_json::Value>,
    pub opened_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// `passed`, `failed` or `no_quorum` once closed.
    pub outcome: Option<String>,
}

/// Everything of the status the read models hold (the checklist of the next gate comes
/// from the domain's own rule).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct StatusDetails {
    pub revision_requests: Vec<OpenRevisionRequest>,
    pub interviews: Vec<InterviewEntry>,
    pub feedback: Vec<Feedback>,
    pub votes: Vec<VoteConcerning>,
}

/// The status details of application `id`, the attendees' names opened.
pub async fn details(pool: &PgPool, id: Uuid) -> Result<StatusDetails, sqlx::Error> {
    let revision_requests = sqlx::query_as(
        "SELECT request, kind, reason, requested_at, deadline, overdue_at
         FROM application_revision_requests
         WHERE application_id = $1 AND answered_version IS NULL ORDER BY deadline, request",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let mut interviews: Vec<InterviewEntry> = sqlx::query_as(
        "SELECT interview, scheduled_for, location, moves, rescheduled_at, status, held_in,
                attendees
         FROM application_interviews WHERE application_id = $1 ORDER BY interview",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    open_texts(
        pool,
        interviews
            .iter_mut()
            .flat_map(|interview| interview.attendees.0.iter_mut())
            .map(|attendee| &mut attendee.name),
    )
    .await?;
    let feedback = sqlx::query_as(
        "SELECT DISTINCT ON (review) review, revision, kind, version, recommendation, scores,
                comments, note, released_at
         FROM application_feedback WHERE application_id = $1
         ORDER BY review, revision DESC",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let votes = sqlx::query_as(
        "SELECT vote_id, motion, opened_at, closes_at, closed_at, outcome
         FROM votes WHERE application_id = $1 ORDER BY opened_at, vote_id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(StatusDetails {
        revision_requests,
        interviews,
        feedback,
        votes,
    })
}
