//! How each application event changes the summary's tables.

use super::batched::{Documents, Openings, Versions};
use super::reviews::{self, Written};
use super::{ApplicationSummaryProjection, NAME};
use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use crate::read_models::read_model::{incoming, Incoming, ReadModel};
use async_trait::async_trait;
use charter_domain::application::{Application, ApplicationEvent, Stage};
use charter_domain::personal::ERASED;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

#[async_trait]
impl ReadModel for ApplicationSummaryProjection {
    type Aggregate = Application;
    const NAME: &'static str = NAME;
    const TABLES: &'static [&'static str] = &[
        "application_summaries",
        "application_documents",
        "application_panel",
        "application_revision_requests",
        "application_stays",
        "application_reviews",
        "application_review_revisions",
    ];
    /// The founders and the panelists.
    const FOLLOWS_ERASURES: bool = true;

    /// New applications and document versions are inserted a run at a time, and each
    /// application's version is moved once per batch, to its last event's; everything
    /// else is applied where it falls, after the openings and document versions before it.
    async fn apply_batch(
        &self,
        conn: &mut PgConnection,
        events: &[&StoredEvent],
    ) -> Result<(), ProjectionError> {
        let mut openings = Openings::default();
        let mut documents = Documents::default();
        let mut versions = Versions::default();
        for event in events {
            let (id, payload) = match incoming::<Application>(event)? {
                Incoming::Own { id, payload } => (id, payload),
                Incoming::Erasure(subject) => {
                    openings.insert(&mut *conn).await?;
                    documents.insert(&mut *conn).await?;
                    if let Some(subject) = subject {
                        erase(&mut *conn, subject).await?;
                    }
                    continue;
                }
            };
            match &*payload {
                ApplicationEvent::ApplicationOpened { .. } => openings.push(id, event, &payload),
                ApplicationEvent::DocumentSubmitted { .. } => documents.push(id, &payload),
                _ => {
                    openings.insert(&mut *conn).await?;
                    documents.insert(&mut *conn).await?;
                    change(&mut *conn, event, id, &payload).await?;
                }
            }
            versions.set(id, event, payload.at());
        }
        openings.insert(&mut *conn).await?;
        documents.insert(&mut *conn).await?;
        versions.update(conn).await
    }
}

/// What `event` changes besides the application's version (document versions excepted:
/// see [`Documents`]).
async fn change(
    conn: &mut PgConnection,
    event: &StoredEvent,
    id: Uuid,
    payload: &ApplicationEvent,
) -> Result<(), ProjectionError> {
    {
        use ApplicationEvent::*;
        match payload {
            // Inserted a run at a time: see [`Openings`].
            ApplicationOpened { .. } => {}
            EligibilityGranted { at, .. } => set_stage(conn, id, Stage::Eligible, *at).await?,
            StageAdvanced { to, at, .. } => set_stage(conn, id, *to, *at).await?,
            ApplicationRejected { at, .. } => set_stage(conn, id, Stage::Rejected, *at).await?,
            ApplicationWithdrawn { at, .. } => set_stage(conn, id, Stage::Withdrawn, *at).await?,
            AppealLodged { .. } => set_appeal(conn, id, "pending").await?,
            AppealGranted {
                reopened_in, at, ..
            } => {
                set_appeal(conn, id, "granted").await?;
                set_stage(conn, id, *reopened_in, *at).await?;
            }
            AppealDismissed { .. } => set_appeal(conn, id, "dismissed").await?,
            // The stage is unchanged until the gate's last vote passes.
            GateVotePassed { .. } => {}
            DocumentSubmitted { .. } => {}
            RevisionRequested {
                request,
                kind,
                deadline,
                reason,
                at,
            } => {
                sqlx::query(
                    "INSERT INTO application_revision_requests
                       (application_id, request, kind, deadline, reason, requested_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id)
                .bind(i32::try_from(*request).unwrap_or(i32::MAX))
                .bind(kind.as_str())
                .bind(deadline)
                .bind(reason)
                .bind(at)
                .execute(&mut *conn)
                .await?;
                refresh_next_deadline(conn, id).await?;
            }
            RevisionRequestAnswered {
                request,
                version,
                at,
                ..
            } => {
                sqlx::query(
                    "UPDATE application_revision_requests
                     SET answered_version = $3, answered_at = $4
                     WHERE application_id = $1 AND request = $2",
                )
                .bind(id)
                .bind(i32::try_from(*request).unwrap_or(i32::MAX))
                .bind(i32::try_from(*version).unwrap_or(i32::MAX))
                .bind(at)
                .execute(&mut *conn)
                .await?;
                refresh_next_deadline(conn, id).await?;
            }
            RevisionRequestOverdue { request, at, .. } => {
                sqlx::query(
                    "UPDATE application_revision_requests SET overdue_at = $3
                     WHERE application_id = $1 AND request = $2",
                )
                .bind(id)
                .bind(i32::try_from(*request).unwrap_or(i32::MAX))
                .bind(at)
                .execute(&mut *conn)
                .await?;
            }
            PanelistAssigned {
                panelist_id,
                name,
                at,
            } => {
                sqlx::query(
                    "INSERT INTO application_panel
                         (application_id, panelist_id, name, assigned_at, stage)
                     SELECT $1, $2, $3, $4, stage
                     FROM application_summaries WHERE application_id = $1",
                )
                .bind(id)
                .bind(panelist_id.0)
                .bind(event.seal(&[panelist_id.0], name))
                .bind(at)
                .execute(&mut *conn)
                .await?;
            }
            ConflictOfInterestDeclared {
                panelist_id, at, ..
            } => {
                sqlx::query(
                    "UPDATE application_panel SET recused_at = $3
                     WHERE application_id = $1 AND panelist_id = $2",
                )
                .bind(id)
                .bind(panelist_id.0)
                .bind(at)
                .execute(&mut *conn)
                .await?;
            }
            PanelReviewFiled {
                review,
                panelist_id,
                kind,
                version,
                assessment,
                at,
            } => {
                let written = Written {
                    review: *review,
                    revision: 1,
                    recommendation: assessment.recommendation,
                    at: *at,
                };
                reviews::filed(conn, id, panelist_id.0, kind.as_str(), *version, written).await?;
            }
            PanelReviewRevised {
                review,
                revision,
                assessment,
                at,
            } => {
                let written = Written {
                    review: *review,
                    revision: *revision,
                    recommendation: assessment.recommendation,
                    at: *at,
                };
                reviews::revised(conn, id, written).await?;
            }
            // Which revision was released, and when; the feedback as released is the
            // applicant status read model's.
            PanelFeedbackReleased {
                review,
                revision,
                at,
                ..
            } => reviews::released(conn, id, *review, *revision, *at).await?,
            // Interviews are the applicant status read model's.
            InterviewScheduled { .. }
            | InterviewRescheduled { .. }
            | InterviewRecorded { .. }
            | InterviewCancelled { .. }
            | SignatureRecorded { .. } => {}
        }
    }
    Ok(())
}

async fn set_stage(
    conn: &mut PgConnection,
    id: Uuid,
    stage: Stage,
    since: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let previous: String =
        sqlx::query_scalar("SELECT stage FROM application_summaries WHERE application_id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    sqlx::query(
        "UPDATE application_summaries SET stage = $2, stage_since = $3 WHERE application_id = $1",
    )
    .bind(id)
    .bind(stage.as_str())
    .bind(since)
    .execute(&mut *conn)
    .await?;
    // The panel's seats carry the stage, so that a panelist's queue starts from the seats
    // of applications still in a reviewed stage, not from every panel they ever sat on.
    sqlx::query("UPDATE application_panel SET stage = $2 WHERE application_id = $1")
        .bind(id)
        .bind(stage.as_str())
        .execute(&mut *conn)
        .await?;
    // How the stay in the previous stage ended.
    let left_by = match stage {
        Stage::Rejected => "rejected",
        Stage::Withdrawn => "withdrawn",
        _ if previous == Stage::Rejected.as_str() => "reopened",
        _ => "advanced",
    };
    sqlx::query(
        "UPDATE application_stays SET left_at = $2, left_by = $3
         WHERE application_id = $1 AND left_at IS NULL",
    )
    .bind(id)
    .bind(since)
    .bind(left_by)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO application_stays (application_id, stage, entered_at) VALUES ($1, $2, $3)",
    )
    .bind(id)
    .bind(stage.as_str())
    .bind(since)
    .execute(conn)
    .await
    .map(drop)
}

async fn set_appeal(conn: &mut PgConnection, id: Uuid, appeal: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE application_summaries SET appeal = $2 WHERE application_id = $1")
        .bind(id)
        .bind(appeal)
        .execute(conn)
        .await
        .map(drop)
}

async fn refresh_next_deadline(conn: &mut PgConnection, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE application_summaries SET next_deadline = (
           SELECT min(deadline) FROM application_revision_requests
           WHERE application_id = $1 AND answered_version IS NULL)
         WHERE application_id = $1",
    )
    .bind(id)
    .execute(conn)
    .await
    .map(drop)
}

/// Scrubs an erased person from the founders and panels of every application: for values
/// kept before they were sealed (a sealed one already reads as erased, its key gone).
async fn erase(conn: &mut PgConnection, subject: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE application_summaries
         SET founders = (SELECT jsonb_agg(CASE WHEN f ->> 'person_id' = $1::text
                                               THEN f || jsonb_build_object('name', $2::text, 'email', $2::text)
                                               ELSE f END ORDER BY n)
                         FROM jsonb_array_elements(founders) WITH ORDINALITY AS x(f, n))
         WHERE founders @> jsonb_build_array(jsonb_build_object('person_id', $1::text))",
    )
    .bind(subject)
    .bind(ERASED)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE application_panel SET name = $2 WHERE panelist_id = $1")
        .bind(subject)
        .bind(ERASED)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
