//! Reading the summary: lists, one application whole, its documents, its panel and the
//! panel's reviews.

use super::rows::{
    ApplicationListItem, ApplicationSummary, DocumentView, FounderView, PanelReviewView,
    PanelistView, ReviewRevisionView, ReviewerView, RevisionRequestView,
};
use crate::read_models::Audience;
use charter_domain::application::Stage;
use charter_store::opening::open_texts;
use chrono::{DateTime, Utc};
use sqlx::types::Json;
use sqlx::{FromRow, PgPool};
use uuid::Uuid;

/// Which applications to list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub stage: Option<Stage>,
    /// Only applications on whose panel this person sits, not recused.
    pub panelist: Option<Uuid>,
    /// Only this application.
    pub application: Option<Uuid>,
    pub order: ListOrder,
    pub limit: i64,
    pub offset: i64,
    /// Only applications after this one in the order: the key [`ListOrder::key`] gave of
    /// the last one of the previous page.
    pub after: Option<(DateTime<Utc>, Uuid)>,
}

/// The order of a list of applications.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListOrder {
    /// Oldest application first.
    #[default]
    Opened,
    /// Longest in its stage first: what waits longest, on a board of open stages.
    LongestInStage,
    /// Latest to enter its stage first: the recent ones, on a board of closed stages,
    /// which only grow.
    NewestInStage,
}

impl ListOrder {
    /// The `ORDER BY` it stands for; with a stage, the last two walk the index on
    /// `(stage, stage_since)`, so a page costs the same however long the stage's history.
    fn sql(self) -> &'static str {
        match self {
            Self::Opened => "s.opened_at, s.application_id",
            Self::LongestInStage => "s.stage_since, s.application_id",
            Self::NewestInStage => "s.stage_since DESC, s.application_id DESC",
        }
    }

    /// The condition that keeps what comes after the key `($6, $7)` in this order.
    fn after_sql(self) -> &'static str {
        match self {
            Self::Opened => "(s.opened_at, s.application_id) > ($6, $7)",
            Self::LongestInStage => "(s.stage_since, s.application_id) > ($6, $7)",
            Self::NewestInStage => "(s.stage_since, s.application_id) < ($6, $7)",
        }
    }

    /// What `item` is ordered by in this order, with its id to break ties.
    pub fn key(self, item: &ApplicationListItem) -> (DateTime<Utc>, Uuid) {
        match self {
            Self::Opened => (item.opened_at, item.application_id),
            Self::LongestInStage | Self::NewestInStage => (item.stage_since, item.application_id),
        }
    }

    /// Its name, as the query parameter spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Opened => "opened",
            Self::LongestInStage => "longest_in_stage",
            Self::NewestInStage => "newest_in_stage",
        }
    }
}

const LIST_COLUMNS: &str = "s.application_id, s.city, s.country, s.hub_name, s.stage, \
    s.stage_since, s.opened_at, s.review_count, s.next_deadline, s.appeal, s.version, s.updated_at";

/// Applications matching `filter`, in its order.
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
           AND ($6::timestamptz IS NULL OR {after})
         ORDER BY {order}
         LIMIT $4 OFFSET $5",
        order = filter.order.sql(),
        after = filter.order.after_sql(),
    ))
    .bind(filter.stage.map(Stage::as_str))
    .bind(filter.panelist)
    .bind(filter.application)
    .bind(filter.limit)
    .bind(filter.offset)
    .bind(filter.after.map(|(at, _)| at))
    .bind(filter.after.map(|(_, id)| id))
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
/// would otherwise show, say, a document the version does not count yet). The founders'
/// names and addresses and the panelists' names are opened (one look-up of keys).
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
    let Some(row) = row else {
        return Ok(None);
    };
    let mut summary = ApplicationSummary {
        application: row.application,
        founders: row.founders.0,
        documents: row.documents.0,
        panel: row.panel.0,
        revision_requests: row.revision_requests.0,
    };
    let founders = summary
        .founders
        .iter_mut()
        .flat_map(|founder| [&mut founder.name, &mut founder.email]);
    let panel = summary.panel.iter_mut().map(|panelist| &mut panelist.name);
    open_texts(pool, founders.chain(panel)).await?;
    Ok(Some(summary))
}

/// The versions of the documents of application `id`, by kind, oldest first: at most
/// `limit` of them, after the version `after` names.
pub async fn documents(
    pool: &PgPool,
    id: Uuid,
    after: Option<(&str, i32)>,
    limit: i64,
) -> Result<Vec<DocumentView>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kind, version, sha256, size, media_type, file_name, submitted_by, submitted_at
         FROM application_documents
         WHERE application_id = $1 AND ($2::text IS NULL OR (kind, version) > ($2, $3))
         ORDER BY kind, version LIMIT $4",
    )
    .bind(id)
    .bind(after.map(|(kind, _)| kind))
    .bind(after.map(|(_, version)| version))
    .bind(limit)
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

/// A review as stored, with the revisions its reader may see.
#[derive(FromRow)]
struct ReviewRow {
    review: i32,
    panelist_id: Uuid,
    panelist_name: Option<String>,
    kind: String,
    version: i32,
    revision: i32,
    recommendation: String,
    filed_at: DateTime<Utc>,
    revised_at: Option<DateTime<Utc>>,
    released_revision: Option<i32>,
    revisions: Json<Vec<ReviewRevisionView>>,
}

impl ReviewRow {
    /// The review as `audience` may see it (see [`PanelReviewView`]); `None` if not at all.
    fn view(self, audience: Audience) -> Option<PanelReviewView> {
        let mut revisions = self.revisions.0;
        match audience {
            Audience::Staff => Some(PanelReviewView {
                review: self.review,
                panelist: Some(ReviewerView {
                    panelist_id: self.panelist_id,
                    name: self.panelist_name,
                }),
                kind: self.kind,
                version: self.version,
                revision: self.revision,
                recommendation: self.recommendation,
                filed_at: Some(self.filed_at),
                revised_at: self.revised_at,
                released_revision: self.released_revision,
                revisions,
            }),
            Audience::Everyone => {
                // At the revision released, never the current one: a revision filed since
                // has not been released.
                let released = self.released_revision?;
                let recommendation = revisions
                    .iter()
                    .find(|shown| shown.revision == released)?
                    .recommendation
                    .clone();
                for shown in &mut revisions {
                    shown.at = None;
                }
                Some(PanelReviewView {
                    review: self.review,
                    panelist: None,
                    kind: self.kind,
                    version: self.version,
                    revision: released,
                    recommendation,
                    filed_at: None,
                    revised_at: None,
                    released_revision: Some(released),
                    revisions,
                })
            }
        }
    }
}

/// The panel reviews of application `id`, by number, as `audience` may see them (see
/// [`PanelReviewView`]); `None` if there is no such application. One read by the
/// application's keys, whatever the length of its history; the founders' rows are chosen
/// in it, so an unreleased review or revision never leaves the database for them.
pub async fn reviews(
    pool: &PgPool,
    id: Uuid,
    audience: Audience,
    after: i32,
    limit: i64,
) -> Result<Option<Vec<PanelReviewView>>, sqlx::Error> {
    let rows: Vec<ReviewRow> = sqlx::query_as(
        "SELECT r.review, r.panelist_id, p.name AS panelist_name, r.kind, r.version,
                r.revisions AS revision, r.recommendation, r.filed_at, r.revised_at,
                r.released_revision,
                (SELECT coalesce(jsonb_agg(jsonb_build_object(
                            'revision', v.revision, 'at', v.at,
                            'recommendation', v.recommendation,
                            'released_at', v.released_at) ORDER BY v.revision), '[]')
                 FROM application_review_revisions v
                 WHERE v.application_id = r.application_id AND v.review = r.review
                   AND ($2 = 'staff' OR v.released_at IS NOT NULL)) AS revisions
         FROM application_reviews r
         LEFT JOIN application_panel p
                ON p.application_id = r.application_id AND p.panelist_id = r.panelist_id
         WHERE r.application_id = $1 AND ($2 = 'staff' OR r.released_revision IS NOT NULL)
           AND r.review > $3
         ORDER BY r.review LIMIT $4",
    )
    .bind(id)
    .bind(audience.as_str())
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        let exists: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM application_summaries WHERE application_id = $1)",
        )
        .bind(id)
        .fetch_one(pool)
        .await?;
        if !exists {
            return Ok(None);
        }
    }
    let mut views: Vec<PanelReviewView> = rows
        .into_iter()
        .filter_map(|row| row.view(audience))
        .collect();
    // Only the staff's views name the panelist.
    open_texts(
        pool,
        views
            .iter_mut()
            .filter_map(|view| view.panelist.as_mut()?.name.as_mut()),
    )
    .await?;
    Ok(Some(views))
}
