//! A panelist's review queue: the document versions on their applications that still
//! await their review, with due dates, what they have reviewed, and their conflicts.
//!
//! Only versions that still matter are listed: the latest version of a kind that a gate
//! still ahead of the application asks reviews of ([`Policy::reviews_awaited`]), on an
//! application the panelist sits on without a conflict. A version its gate has left
//! behind, or one of an approved or ended application, counts at no gate, so it is
//! neither awaited nor overdue.

use charter_domain::Policy;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{FromRow, PgPool};
use utoipa::ToSchema;
use uuid::Uuid;

/// The latest version of a document on one of the panelist's applications, which a gate
/// still ahead of the application asks reviews of, and their review of it.
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
    /// Versions that still matter awaiting this panelist's review, due soonest first.
    pub awaiting: Vec<QueueItem>,
    /// Versions that still matter which this panelist has reviewed (and may revise).
    pub reviewed: Vec<QueueItem>,
    pub conflicts: Vec<Conflict>,
}

/// The queue of `panelist` as of `now` under `policy`: its gates say which versions still
/// matter, its review days when each is due.
pub async fn queue(
    pool: &PgPool,
    panelist: Uuid,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Result<ReviewQueue, sqlx::Error> {
    let (stages, kinds): (Vec<&str>, Vec<&str>) = policy
        .reviews_awaited()
        .into_iter()
        .map(|(stage, kind)| (stage.as_str(), kind.as_str()))
        .unzip();
    // Each step is one probe of an index: the panelist's seats on applications in a
    // stage still reviewed (not every panel they ever sat on), each application's
    // summary, the latest version of each kind its stage awaits (the primary key read
    // backwards), and the panelist's review of that version.
    let items: Vec<QueueItem> = sqlx::query_as(
        "SELECT d.application_id, a.hub_name, a.stage, d.kind, d.version, d.submitted_at,
                d.submitted_at + make_interval(days => $3) AS due_at,
                (r.review IS NULL AND d.submitted_at + make_interval(days => $3) < $2) AS overdue,
                r.review, r.recommendation, coalesce(r.revised_at, r.filed_at) AS reviewed_at
         FROM application_panel p
         JOIN application_summaries a ON a.application_id = p.application_id
         JOIN unnest($4::text[], $5::text[]) AS awaited(stage, kind) ON awaited.stage = a.stage
         JOIN LATERAL (
             SELECT application_id, kind, version, submitted_at
             FROM application_documents
             WHERE application_id = p.application_id AND kind = awaited.kind
             ORDER BY version DESC LIMIT 1) d ON true
         LEFT JOIN application_reviews r
           ON r.application_id = d.application_id AND r.panelist_id = p.panelist_id
          AND r.kind = d.kind AND r.version = d.version
         WHERE p.panelist_id = $1 AND p.recused_at IS NULL AND p.stage = ANY($4)
         ORDER BY due_at, d.application_id, d.kind",
    )
    .bind(panelist)
    .bind(now)
    .bind(i32::try_from(policy.review_days).unwrap_or(i32::MAX))
    .bind(&stages)
    .bind(&kinds)
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
