//! How the panel's reviews are written: each filed and revised version, with its
//! recommendation and time, and what the secretariat released of them. The stream guards
//! skip a replayed event; were one applied again all the same, these statements would
//! leave every row as it was.

use charter_domain::application::Recommendation;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// A review's number, revision or document version as the tables keep it.
fn int(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// One version of a review: as filed (revision 1) or a later revision.
#[derive(Debug, Clone, Copy)]
pub(super) struct Written {
    pub(super) review: u32,
    pub(super) revision: u32,
    pub(super) recommendation: Recommendation,
    pub(super) at: DateTime<Utc>,
}

/// A review filed by `panelist` of version `version` of `kind`: its first version.
pub(super) async fn filed(
    conn: &mut PgConnection,
    id: Uuid,
    panelist: Uuid,
    kind: &str,
    version: u32,
    written: Written,
) -> Result<(), sqlx::Error> {
    // Counted only when the review is new to the table.
    sqlx::query(
        "WITH filed AS (
           INSERT INTO application_reviews
             (application_id, review, panelist_id, kind, version, recommendation, filed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (application_id, review) DO NOTHING
           RETURNING application_id)
         UPDATE application_summaries SET review_count = review_count + 1
         WHERE application_id IN (SELECT application_id FROM filed)",
    )
    .bind(id)
    .bind(int(written.review))
    .bind(panelist)
    .bind(kind)
    .bind(int(version))
    .bind(written.recommendation.to_string())
    .bind(written.at)
    .execute(&mut *conn)
    .await?;
    version_written(conn, id, written).await
}

/// A review revised: the revision written is its current one (unless a later one is).
pub(super) async fn revised(
    conn: &mut PgConnection,
    id: Uuid,
    written: Written,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE application_reviews SET recommendation = $3, revisions = $4, revised_at = $5
         WHERE application_id = $1 AND review = $2 AND revisions < $4",
    )
    .bind(id)
    .bind(int(written.review))
    .bind(written.recommendation.to_string())
    .bind(int(written.revision))
    .bind(written.at)
    .execute(&mut *conn)
    .await?;
    version_written(conn, id, written).await
}

/// Revision `revision` of review `review` released to the founders. Only ever the latest
/// revision is released, so the latest release names the released revision.
pub(super) async fn released(
    conn: &mut PgConnection,
    id: Uuid,
    review: u32,
    revision: u32,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE application_reviews SET released_revision = $3
         WHERE application_id = $1 AND review = $2
           AND (released_revision IS NULL OR released_revision < $3)",
    )
    .bind(id)
    .bind(int(review))
    .bind(int(revision))
    .execute(&mut *conn)
    .await?;
    // A revision is released once (the aggregate refuses a second release of it): the
    // first release's time stands.
    sqlx::query(
        "UPDATE application_review_revisions SET released_at = coalesce(released_at, $4)
         WHERE application_id = $1 AND review = $2 AND revision = $3",
    )
    .bind(id)
    .bind(int(review))
    .bind(int(revision))
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Keeps one version of a review.
async fn version_written(
    conn: &mut PgConnection,
    id: Uuid,
    written: Written,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO application_review_revisions
           (application_id, review, revision, recommendation, at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (application_id, review, revision) DO NOTHING",
    )
    .bind(id)
    .bind(int(written.review))
    .bind(int(written.revision))
    .bind(written.recommendation.to_string())
    .bind(written.at)
    .execute(conn)
    .await?;
    Ok(())
}
