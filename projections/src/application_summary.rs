//! The application summary: stage and since when, founders, latest document versions,
//! panel, review count and the next deadline. Also the panel assignments the API checks
//! before showing an application to a panelist.

use crate::event::StoredEvent;
use crate::personal_data;
use crate::projection::{Projection, ProjectionError};
use async_trait::async_trait;
use charter_domain::application::{Application, ApplicationEvent, Stage};
use charter_domain::personal::ERASED;
use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use serde::Serialize;
use sqlx::types::Json;
use sqlx::{FromRow, PgConnection, PgPool};
use utoipa::ToSchema;
use uuid::Uuid;

/// Projects applications into `application_summaries` and its companion tables.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApplicationSummaryProjection;

/// The projection's name, for waiting on it.
pub const NAME: &str = "application_summary";

#[async_trait]
impl Projection for ApplicationSummaryProjection {
    fn name(&self) -> &'static str {
        NAME
    }

    fn tables(&self) -> &'static [&'static str] {
        &[
            "application_summaries",
            "application_documents",
            "application_panel",
            "application_revision_requests",
            "application_stays",
            "application_reviews",
        ]
    }

    fn handles(&self, aggregate_type: &str) -> bool {
        aggregate_type == Application::TYPE || personal_data::records_erasures(aggregate_type)
    }

    fn prepare(&self, event: &StoredEvent) {
        if event.aggregate_type == Application::TYPE {
            let _ = event.decoded::<ApplicationEvent>();
        }
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        self.apply_all(conn, &[event]).await
    }

    /// New applications and document versions are inserted a run at a time, and each
    /// application's version is moved once per batch, to its last event's; everything
    /// else is applied where it falls, after the openings and document versions before it.
    async fn apply_all(
        &self,
        conn: &mut PgConnection,
        events: &[&StoredEvent],
    ) -> Result<(), ProjectionError> {
        let mut openings = Openings::default();
        let mut documents = Documents::default();
        let mut versions = Versions::default();
        for event in events {
            if personal_data::records_erasures(&event.aggregate_type) {
                openings.insert(&mut *conn).await?;
                documents.insert(&mut *conn).await?;
                if let Some(subject) = personal_data::erased_subject(event)? {
                    erase(&mut *conn, subject).await?;
                }
                continue;
            }
            let id = event.aggregate_uuid()?;
            let payload = event
                .decoded::<ApplicationEvent>()
                .map_err(|e| ProjectionError::undecodable(event, e))?;
            match &*payload {
                ApplicationEvent::ApplicationOpened { .. } => openings.push(id, &payload),
                ApplicationEvent::DocumentSubmitted { .. } => documents.push(id, &payload),
                _ => {
                    openings.insert(&mut *conn).await?;
                    documents.insert(&mut *conn).await?;
                    change(&mut *conn, id, &payload).await?;
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
                    "INSERT INTO application_panel (application_id, panelist_id, name, assigned_at)
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(panelist_id.0)
                .bind(name)
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
                sqlx::query(
                    "UPDATE application_summaries SET review_count = review_count + 1
                     WHERE application_id = $1",
                )
                .bind(id)
                .execute(&mut *conn)
                .await?;
                sqlx::query(
                    "INSERT INTO application_reviews
                       (application_id, review, panelist_id, kind, version, recommendation, filed_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(i32::try_from(*review).unwrap_or(i32::MAX))
                .bind(panelist_id.0)
                .bind(kind.as_str())
                .bind(i32::try_from(*version).unwrap_or(i32::MAX))
                .bind(assessment.recommendation.to_string())
                .bind(at)
                .execute(&mut *conn)
                .await?;
            }
            PanelReviewRevised {
                review,
                revision,
                assessment,
                at,
            } => {
                sqlx::query(
                    "UPDATE application_reviews SET recommendation = $3, revisions = $4, revised_at = $5
                     WHERE application_id = $1 AND review = $2",
                )
                .bind(id)
                .bind(i32::try_from(*review).unwrap_or(i32::MAX))
                .bind(assessment.recommendation.to_string())
                .bind(i32::try_from(*revision).unwrap_or(i32::MAX))
                .bind(at)
                .execute(&mut *conn)
                .await?;
            }
            // Interviews and released feedback are the applicant status read model's.
            InterviewScheduled { .. }
            | InterviewRecorded { .. }
            | InterviewCancelled { .. }
            | PanelFeedbackReleased { .. }
            | SignatureRecorded { .. } => {}
        }
    }
    Ok(())
}

/// New applications waiting to be inserted (their summary, in the `applied` stage, and
/// their first stay), column by column.
#[derive(Debug, Default)]
struct Openings {
    application_id: Vec<Uuid>,
    city: Vec<String>,
    country: Vec<String>,
    hub_name: Vec<String>,
    founders: Vec<serde_json::Value>,
    at: Vec<DateTime<Utc>>,
}

impl Openings {
    fn push(&mut self, id: Uuid, payload: &ApplicationEvent) {
        let ApplicationEvent::ApplicationOpened {
            city,
            country,
            hub_name,
            founders,
            at,
            ..
        } = payload
        else {
            return;
        };
        self.application_id.push(id);
        self.city.push(city.clone());
        self.country.push(country.clone());
        self.hub_name.push(hub_name.clone());
        self.founders
            .push(serde_json::to_value(founders).unwrap_or(serde_json::Value::Null));
        self.at.push(*at);
    }

    /// Inserts the applications gathered so far, and forgets them. (Their version is set
    /// with every other application's, by [`Versions`].)
    async fn insert(&mut self, conn: &mut PgConnection) -> Result<(), sqlx::Error> {
        if self.application_id.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(self);
        sqlx::query(
            "INSERT INTO application_summaries
               (application_id, city, country, hub_name, founders, stage, stage_since,
                opened_at, version, updated_at)
             SELECT id, city, country, hub_name, founders, 'applied', at, at, 0, at
             FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[],
                         $6::timestamptz[]) AS o (id, city, country, hub_name, founders, at)",
        )
        .bind(&rows.application_id)
        .bind(rows.city)
        .bind(rows.country)
        .bind(rows.hub_name)
        .bind(rows.founders)
        .bind(&rows.at)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO application_stays (application_id, stage, entered_at)
             SELECT id, 'applied', at FROM unnest($1::uuid[], $2::timestamptz[]) AS o (id, at)",
        )
        .bind(&rows.application_id)
        .bind(&rows.at)
        .execute(conn)
        .await?;
        Ok(())
    }
}

/// Document versions waiting to be inserted, column by column.
#[derive(Debug, Default)]
struct Documents {
    application_id: Vec<Uuid>,
    kind: Vec<&'static str>,
    version: Vec<i32>,
    sha256: Vec<String>,
    size: Vec<i64>,
    media_type: Vec<String>,
    file_name: Vec<String>,
    submitted_by: Vec<Uuid>,
    submitted_at: Vec<DateTime<Utc>>,
}

impl Documents {
    fn push(&mut self, id: Uuid, payload: &ApplicationEvent) {
        let ApplicationEvent::DocumentSubmitted {
            kind,
            version,
            sha256,
            size,
            media_type,
            file_name,
            submitted_by,
            at,
        } = payload
        else {
            return;
        };
        self.application_id.push(id);
        self.kind.push(kind.as_str());
        self.version
            .push(i32::try_from(*version).unwrap_or(i32::MAX));
        self.sha256.push(sha256.clone());
        self.size.push(i64::try_from(*size).unwrap_or(i64::MAX));
        self.media_type.push(media_type.clone());
        self.file_name.push(file_name.clone());
        self.submitted_by.push(submitted_by.0);
        self.submitted_at.push(*at);
    }

    /// Inserts the versions gathered so far, and forgets them.
    async fn insert(&mut self, conn: &mut PgConnection) -> Result<(), sqlx::Error> {
        if self.application_id.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(self);
        sqlx::query(
            "INSERT INTO application_documents
               (application_id, kind, version, sha256, size, media_type, file_name,
                submitted_by, submitted_at)
             SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::bigint[],
                                  $6::text[], $7::text[], $8::uuid[], $9::timestamptz[])",
        )
        .bind(rows.application_id)
        .bind(rows.kind)
        .bind(rows.version)
        .bind(rows.sha256)
        .bind(rows.size)
        .bind(rows.media_type)
        .bind(rows.file_name)
        .bind(rows.submitted_by)
        .bind(rows.submitted_at)
        .execute(conn)
        .await?;
        Ok(())
    }
}

/// Each application's last event in a batch: its version and time, set in one statement.
#[derive(Debug, Default)]
struct Versions {
    /// Application, sequence and time of its last event, and the global position of its
    /// first (where a missing summary would first have been needed).
    last: Vec<(Uuid, i64, DateTime<Utc>, i64)>,
    index: std::collections::HashMap<Uuid, usize>,
}

impl Versions {
    fn set(&mut self, id: Uuid, event: &StoredEvent, at: DateTime<Utc>) {
        let entry = (id, event.sequence, at, event.global_position);
        match self.index.get(&id) {
            Some(&n) => {
                let first = self.last[n].3;
                self.last[n] = (id, event.sequence, at, first);
            }
            None => {
                self.index.insert(id, self.last.len());
                self.last.push(entry);
            }
        }
    }

    /// Moves every summary to its last event; an application without a summary is an
    /// inconsistency (its opening event was never applied).
    async fn update(&self, conn: &mut PgConnection) -> Result<(), ProjectionError> {
        if self.last.is_empty() {
            return Ok(());
        }
        let ids: Vec<Uuid> = self.last.iter().map(|v| v.0).collect();
        let sequences: Vec<i64> = self.last.iter().map(|v| v.1).collect();
        let times: Vec<DateTime<Utc>> = self.last.iter().map(|v| v.2).collect();
        let touched: Vec<Uuid> = sqlx::query_scalar(
            "UPDATE application_summaries s SET version = v.version, updated_at = v.at
             FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[]) AS v (id, version, at)
             WHERE s.application_id = v.id
             RETURNING s.application_id",
        )
        .bind(&ids)
        .bind(&sequences)
        .bind(&times)
        .fetch_all(&mut *conn)
        .await?;
        if touched.len() == ids.len() {
            return Ok(());
        }
        match self.last.iter().find(|v| !touched.contains(&v.0)) {
            Some(&(id, _, _, position)) => Err(ProjectionError::Inconsistent {
                position,
                detail: format!("no summary for application {id}"),
            }),
            None => Ok(()),
        }
    }
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

/// Scrubs an erased person from the founders and panels of every application.
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

/// A member of the founding team, as shown.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct FounderView {
    /// The id their personal data is kept under, for a request to erase it; absent for
    /// applications opened before founders had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<Uuid>,
    pub name: String,
    pub email: String,
}

/// One version of a submitted document.
#[derive(Debug, Clone, Serialize, serde::Deserialize, FromRow, ToSchema)]
pub struct DocumentView {
    /// `preliminary_report`, `feasibility_study`, `financial_projection`, `future_plan`,
    /// `community_strategy` or `space_design`.
    pub kind: String,
    pub version: i32,
    pub sha256: String,
    pub size: i64,
    pub media_type: String,
    pub file_name: String,
    pub submitted_by: Uuid,
    pub submitted_at: DateTime<Utc>,
}

/// An application as listed.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct ApplicationListItem {
    pub application_id: Uuid,
    pub city: String,
    pub country: String,
    pub hub_name: String,
    /// `applied`, `eligible`, `pre_candidate`, `candidate`, `approved`, `initiative`,
    /// `rejected` or `withdrawn`.
    pub stage: String,
    pub stage_since: DateTime<Utc>,
    pub opened_at: DateTime<Utc>,
    pub review_count: i32,
    /// The earliest deadline of an unanswered revision request.
    pub next_deadline: Option<DateTime<Utc>>,
    /// `pending`, `granted` or `dismissed` once the founders appealed a rejection.
    pub appeal: Option<String>,
    /// The last event applied: the aggregate's version as the read model knows it.
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

/// A panelist on the application's panel.
#[derive(Debug, Clone, Serialize, serde::Deserialize, FromRow, ToSchema)]
pub struct PanelistView {
    pub panelist_id: Uuid,
    pub name: String,
    pub assigned_at: DateTime<Utc>,
    /// Set once the panelist declared a conflict of interest.
    pub recused_at: Option<DateTime<Utc>>,
}

/// A request for a new version of a document.
#[derive(Debug, Clone, Serialize, serde::Deserialize, FromRow, ToSchema)]
pub struct RevisionRequestView {
    pub request: i32,
    pub kind: String,
    pub deadline: DateTime<Utc>,
    pub reason: String,
    pub requested_at: DateTime<Utc>,
    pub answered_version: Option<i32>,
    pub answered_at: Option<DateTime<Utc>>,
    /// When Charter recorded that the deadline passed unanswered.
    pub overdue_at: Option<DateTime<Utc>>,
}

/// Everything the summary knows of one application.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApplicationSummary {
    #[serde(flatten)]
    pub application: ApplicationListItem,
    pub founders: Vec<FounderView>,
    /// The latest version of each document kind submitted.
    pub documents: Vec<DocumentView>,
    pub panel: Vec<PanelistView>,
    pub revision_requests: Vec<RevisionRequestView>,
}

/// Which applications to list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub stage: Option<Stage>,
    /// Only applications on whose panel this person sits, not recused.
    pub panelist: Option<Uuid>,
    /// Only this application.
    pub application: Option<Uuid>,
    pub limit: i64,
    pub offset: i64,
}

const LIST_COLUMNS: &str = "s.application_id, s.city, s.country, s.hub_name, s.stage, \
    s.stage_since, s.opened_at, s.review_count, s.next_deadline, s.appeal, s.version, s.updated_at";

/// Applications matching `filter`, oldest first.
pub async fn list(
    pool: &PgPool,
    filter: &ListFilter,
) -> Result<Vec<ApplicationListItem>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {LIST_COLUMNS} FROM application_summaries s
         WHERE ($1::text IS NULL OR s.stage = $1)
           AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM application_panel p
                 WHERE p.application_id = s.application_id AND p.panelist_id = $2
                   AND p.recused_at IS NULL))
           AND ($3::uuid IS NULL OR s.application_id = $3)
         ORDER BY s.opened_at, s.application_id
         LIMIT $4 OFFSET $5"
    ))
    .bind(filter.stage.map(Stage::as_str))
    .bind(filter.panelist)
    .bind(filter.application)
    .bind(filter.limit)
    .bind(filter.offset)
    .fetch_all(pool)
    .await
}

/// The latest version of each document kind of application `$1`, by kind. The kinds are
/// walked one index probe each (a loose index scan), so that the cost does not grow with
/// the versions kept: `DISTINCT ON (kind)` read every version of the application, 3.8 ms
/// a read at a few hundred versions.
const LATEST_DOCUMENTS: &str = "
    WITH RECURSIVE kinds (kind) AS (
        SELECT min(kind) FROM application_documents WHERE application_id = $1
        UNION ALL
        SELECT (SELECT min(d.kind) FROM application_documents d
                WHERE d.application_id = $1 AND d.kind > kinds.kind)
        FROM kinds WHERE kinds.kind IS NOT NULL)
    SELECT latest.* FROM kinds CROSS JOIN LATERAL (
        SELECT kind, version, sha256, size, media_type, file_name, submitted_by, submitted_at
        FROM application_documents d
        WHERE d.application_id = $1 AND d.kind = kinds.kind
        ORDER BY d.version DESC LIMIT 1) latest";

/// [`find`]'s one row.
#[derive(FromRow)]
struct SummaryRow {
    #[sqlx(flatten)]
    application: ApplicationListItem,
    founders: Json<Vec<FounderView>>,
    documents: Json<Vec<DocumentView>>,
    panel: Json<Vec<PanelistView>>,
    revision_requests: Json<Vec<RevisionRequestView>>,
}

/// The whole summary of one application, read in one statement: one snapshot, so that
/// its parts agree with each other (a batch the projector commits between two reads
/// would otherwise show, say, a document the version does not count yet).
pub async fn find(pool: &PgPool, id: Uuid) -> Result<Option<ApplicationSummary>, sqlx::Error> {
    let row: Option<SummaryRow> = sqlx::query_as(&format!(
        "WITH documents AS ({LATEST_DOCUMENTS})
         SELECT {LIST_COLUMNS}, s.founders,
                (SELECT coalesce(json_agg(d ORDER BY d.kind), '[]') FROM documents d)
                    AS documents,
                (SELECT coalesce(json_agg(p ORDER BY p.assigned_at, p.panelist_id), '[]')
                 FROM (SELECT panelist_id, name, assigned_at, recused_at
                       FROM application_panel WHERE application_id = $1) p) AS panel,
                (SELECT coalesce(json_agg(r ORDER BY r.request), '[]')
                 FROM (SELECT request, kind, deadline, reason, requested_at,
                              answered_version, answered_at, overdue_at
                       FROM application_revision_requests WHERE application_id = $1) r)
                    AS revision_requests
         FROM application_summaries s WHERE s.application_id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| ApplicationSummary {
        application: row.application,
        founders: row.founders.0,
        documents: row.documents.0,
        panel: row.panel.0,
        revision_requests: row.revision_requests.0,
    }))
}

/// Every version of every document of application `id`, by kind, oldest first.
pub async fn documents(pool: &PgPool, id: Uuid) -> Result<Vec<DocumentView>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kind, version, sha256, size, media_type, file_name, submitted_by, submitted_at
         FROM application_documents WHERE application_id = $1 ORDER BY kind, version",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

/// One version of one document of an application.
pub async fn document(
    pool: &PgPool,
    id: Uuid,
    kind: &str,
    version: i32,
) -> Result<Option<DocumentView>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kind, version, sha256, size, media_type, file_name, submitted_by, submitted_at
         FROM application_documents WHERE application_id = $1 AND kind = $2 AND version = $3",
    )
    .bind(id)
    .bind(kind)
    .bind(version)
    .fetch_optional(pool)
    .await
}

/// Whether `person` sits on the panel of application `id` and has not been recused.
pub async fn is_active_panelist(
    pool: &PgPool,
    id: Uuid,
    person: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM application_panel
         WHERE application_id = $1 AND panelist_id = $2 AND recused_at IS NULL)",
    )
    .bind(id)
    .bind(person)
    .fetch_one(pool)
    .await
}

/// Revision requests past their deadline, unanswered and not yet marked overdue.
pub async fn revisions_past_deadline(
    pool: &PgPool,
    now: DateTime<Utc>,
) -> Result<Vec<(Uuid, i32)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.application_id, r.request FROM application_revision_requests r
         JOIN application_summaries a ON a.application_id = r.application_id
         WHERE r.answered_version IS NULL AND r.overdue_at IS NULL AND r.deadline < $1
           AND a.stage NOT IN ('initiative', 'rejected', 'withdrawn')
         ORDER BY r.deadline",
    )
    .bind(now)
    .fetch_all(pool)
    .await
}
