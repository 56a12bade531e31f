//! A panelist's review queue: the applications assigned to them, the document versions
//! awaiting their review with due dates, what they have reviewed, and their conflicts.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{FromRow, PgPool};
use utoipa::ToSchema;
use uuid::Uuid;

/// A document version on one of the panelist's applications, and their review of it.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct QueueItem {
    pub application_id: Uuid,
    pub hub_name: String,
    pub stage: String,
    pub kind: String,
    /// The latest version: the one a gate counts.
    pub version: i32,
    pub submitted_at: DateTime<Utc>,
    /// Submitted plus the policy's review days.
    pub due_at: DateTime<Utc>,
    /// Not reviewed and past its due date.
    pub overdue: bool,
    /// The panelist's review of this version, once filed.
    pub review: Option<i32>,
    pub recommendation: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// An application the panelist declared a conflict of interest on.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct Conflict {
    pub application_id: Uuid,
    pub hub_name: String,
    pub recused_at: DateTime<Utc>,
}

/// The panelist's whole queue.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewQueue {
    /// Latest versions awaiting this panelist's review, due soonest first.
    pub awaiting: Vec<QueueItem>,
    /// Latest versions this panelist has reviewed.
    pub reviewed: Vec<QueueItem>,
    pub conflicts: Vec<Conflict>,
}

/// The queue of `panelist` as of `now`, with `review_days` to review each version.
pub async fn queue(
    pool: &PgPool,
    panelist: Uuid,
    now: DateTime<Utc>,
    review_days: u32,
) -> Result<ReviewQueue, sqlx::Error> {
    let items: Vec<QueueItem> = sqlx::query_as(
        "SELECT d.application_id, a.hub_name, a.stage, d.kind, d.version, d.submitted_at,
                d.submitted_at + make_interval(days => $3) AS due_at,
                (r.review IS NULL AND d.submitted_at + make_interval(days => $3) < $2) AS overdue,
                r.review, r.recommendation, coalesce(r.revised_at, r.filed_at) AS reviewed_at
         FROM application_panel p
         JOIN application_summaries a ON a.application_id = p.application_id
         JOIN LATERAL (
             SELECT DISTINCT ON (kind) application_id, kind, version, submitted_at
             FROM application_documents WHERE application_id = p.application_id
             ORDER BY kind, version DESC) d ON true
         LEFT JOIN application_reviews r
           ON r.application_id = d.application_id AND r.panelist_id = p.panelist_id
          AND r.kind = d.kind AND r.version = d.version
         WHERE p.panelist_id = $1 AND p.recused_at IS NULL
           AND a.stage NOT IN ('initiative', 'rejected', 'withdrawn')
         ORDER BY due_at, d.application_id, d.kind",
    )
    .bind(panelist)
    .bind(now)
    .bind(i32::try_from(review_days).unwrap_or(i32::MAX))
    .fetch_all(pool)
    .await?;
    let (reviewed, awaiting) = items.into_iter().partition(|item| item.review.is_some());
    let conflicts = sqlx::query_as(
        "SELECT p.application_id, a.hub_name, p.recused_at
         FROM application_panel p JOIN application_summaries a ON a.application_id = p.application_id
         WHERE p.panelist_id = $1 AND p.recused_at IS NOT NULL
         ORDER BY p.recused_at",
    )
    .bind(panelist)
    .fetch_all(pool)
    .await?;
    Ok(ReviewQueue {
        awaiting,
        reviewed,
        conflicts,
    })
}
