//! What each application event changes in the deadlines: reviews of a new version,
//! revisions asked for, interviews, the panel and the founders, and stays in stages.

use super::projection::{acted, close, Opened, People};
use super::rows::{key_time, number, review_key, DeadlineKind};
use super::submissions::Run;
use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use crate::read_models::read_model::decode;
use charter_domain::application::{Application, ApplicationEvent, Stage};
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// Applies one application event.
pub(super) async fn apply(
    conn: &mut PgConnection,
    event: &StoredEvent,
) -> Result<(), ProjectionError> {
    let id = event.aggregate_uuid()?;
    let payload = decode::<Application>(event)?;
    use ApplicationEvent::*;
    // Every variant is named, so that a new event (such as an interview rescheduled) is
    // decided on here, not passed over.
    match &*payload {
        ApplicationOpened { founders, at, .. } => {
            // Founders of events written before founders had ids have none to remind.
            let founders: Vec<Uuid> = founders
                .iter()
                .map(|founder| founder.person_id.0)
                .filter(|person| !person.is_nil())
                .collect();
            sqlx::query(
                "INSERT INTO deadline_parties (application_id, person_id, role)
                 SELECT $1, person, 'founder' FROM unnest($2::uuid[]) AS f(person)
                 ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(&founders)
            .execute(&mut *conn)
            .await?;
            enter(conn, id, Stage::Applied, *at).await?;
        }
        EligibilityGranted { at, .. } => enter(conn, id, Stage::Eligible, *at).await?,
        StageAdvanced { to, at, .. } => enter(conn, id, *to, *at).await?,
        GateVotePassed { .. } => {}
        ApplicationRejected { at, .. } => enter(conn, id, Stage::Rejected, *at).await?,
        ApplicationWithdrawn { at, .. } => enter(conn, id, Stage::Withdrawn, *at).await?,
        AppealGranted {
            reopened_in, at, ..
        } => enter(conn, id, *reopened_in, *at).await?,
        // The version before is no longer the one a gate counts: its reviews are not due
        // any more, as the review queue shows only the latest version.
        DocumentSubmitted { .. } => {
            let mut run = Run::default();
            run.take(event)?;
            run.write(conn).await?;
        }
        PanelistAssigned { panelist_id, .. } => {
            sqlx::query(
                "INSERT INTO deadline_parties (application_id, person_id, role)
                 VALUES ($1, $2, 'panelist') ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(panelist_id.0)
            .execute(&mut *conn)
            .await?;
            // The latest versions are theirs to review too (as in the review queue),
            // also those closed only while the application had ended, should it reopen.
            sqlx::query(
                "INSERT INTO deadline_people (deadline_key, person_id)
                 SELECT deadline_key, $2 FROM deadlines
                 WHERE application_id = $1 AND kind = 'review_due'
                   AND (done_at IS NULL OR done_by = 'ended')
                 ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(panelist_id.0)
            .execute(conn)
            .await?;
        }
        ConflictOfInterestDeclared { panelist_id, .. } => {
            sqlx::query(
                "DELETE FROM deadline_parties
                 WHERE application_id = $1 AND person_id = $2 AND role = 'panelist'",
            )
            .bind(id)
            .bind(panelist_id.0)
            .execute(&mut *conn)
            .await?;
            sqlx::query(
                "DELETE FROM deadline_people p USING deadlines d
                 WHERE p.deadline_key = d.deadline_key AND d.application_id = $1
                   AND d.kind = 'review_due' AND p.person_id = $2",
            )
            .bind(id)
            .bind(panelist_id.0)
            .execute(conn)
            .await?;
        }
        PanelReviewFiled {
            panelist_id,
            kind,
            version,
            ..
        } => acted(conn, &review_key(id, *kind, *version), panelist_id.0).await?,
        RevisionRequested {
            request,
            kind,
            deadline,
            ..
        } => {
            Opened {
                due_at: Some(*deadline),
                document_kind: Some(kind.as_str()),
                request: Some(number(*request)),
                ..Opened::new(
                    DeadlineKind::RevisionDue,
                    format!("revision_due/{id}/{request}"),
                    id,
                )
            }
            .write(conn, People::Parties("founder"))
            .await?;
        }
        RevisionRequestAnswered { request, at, .. } => {
            close(
                conn,
                &format!("revision_due/{id}/{request}"),
                "answered",
                *at,
            )
            .await?;
        }
        // Still owed: the scheduler's event is the notice that it is overdue.
        RevisionRequestOverdue { .. } => {}
        InterviewScheduled {
            interview,
            scheduled_for,
            location,
            ..
        } => schedule_interview(conn, id, *interview, *scheduled_for, location).await?,
        // A move closes the row of its old time and opens one at the new time: its key
        // holds the time, so its reminders are sent again for the new one.
        InterviewRescheduled {
            interview,
            scheduled_for,
            location,
            at,
            ..
        } => {
            // Moved only to another place: the same row, at its time, names the new place.
            let same_time = sqlx::query(
                "UPDATE deadlines SET location = $2 WHERE deadline_key = $1 AND done_at IS NULL",
            )
            .bind(interview_key(id, *interview, *scheduled_for))
            .bind(location)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            if same_time == 0 {
                end_interview(conn, id, *interview, "rescheduled", *at).await?;
                schedule_interview(conn, id, *interview, *scheduled_for, location).await?;
            }
        }
        InterviewRecorded { interview, at, .. } => {
            end_interview(conn, id, *interview, "held", *at).await?;
        }
        InterviewCancelled { interview, at, .. } => {
            end_interview(conn, id, *interview, "cancelled", *at).await?;
        }
        PanelReviewRevised { .. }
        | PanelFeedbackReleased { .. }
        | SignatureRecorded { .. }
        | AppealLodged { .. }
        | AppealDismissed { .. } => {}
    }
    Ok(())
}

/// Application `id` enters `stage` at `at`: the stay before ends, and one begins. An
/// application that ends (rejected, withdrawn, an initiative) owes nothing more until an
/// appeal reopens it, which makes what the end closed due again.
async fn enter(
    conn: &mut PgConnection,
    id: Uuid,
    stage: Stage,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE deadlines SET done_at = $2, done_by = 'left'
         WHERE application_id = $1 AND kind = 'stage_limit' AND done_at IS NULL",
    )
    .bind(id)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    if !stage.is_open() {
        // A vote about it is done only when it closes: its members are still asked.
        sqlx::query(
            "UPDATE deadlines SET done_at = $2, done_by = 'ended'
             WHERE application_id = $1 AND done_at IS NULL
               AND kind IN ('review_due', 'revision_due', 'interview')",
        )
        .bind(id)
        .bind(at)
        .execute(&mut *conn)
        .await?;
        return Ok(());
    }
    sqlx::query(
        "UPDATE deadlines SET done_at = NULL, done_by = NULL
         WHERE application_id = $1 AND done_by = 'ended'",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Opened {
        runs_from: Some(at),
        stage: Some(stage.as_str()),
        ..Opened::new(
            DeadlineKind::StageLimit,
            format!("stage_limit/{id}/{}/{}", stage.as_str(), key_time(at)),
            id,
        )
    }
    .write(conn, People::Nobody)
    .await
}

/// Opens interview `number` of application `id` at `when`, for its founders.
async fn schedule_interview(
    conn: &mut PgConnection,
    id: Uuid,
    number: u32,
    when: DateTime<Utc>,
    location: &str,
) -> Result<(), sqlx::Error> {
    Opened {
        due_at: Some(when),
        interview: Some(self::number(number)),
        location: Some(location.to_owned()),
        ..Opened::new(DeadlineKind::Interview, interview_key(id, number, when), id)
    }
    .write(conn, People::Parties("founder"))
    .await
}

/// The key of interview `number` of application `id` at `when`.
fn interview_key(id: Uuid, number: u32, when: DateTime<Utc>) -> String {
    format!("interview/{id}/{number}/{}", key_time(when))
}

/// Closes interview `number` of application `id`, at whatever time it stands.
async fn end_interview(
    conn: &mut PgConnection,
    id: Uuid,
    number: u32,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE deadlines SET done_at = $4, done_by = $3
         WHERE application_id = $1 AND kind = 'interview' AND interview = $2
           AND done_at IS NULL",
    )
    .bind(id)
    .bind(self::number(number))
    .bind(by)
    .bind(at)
    .execute(conn)
    .await
    .map(drop)
}
