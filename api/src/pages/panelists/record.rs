//! What the panelists' pages read of an application, from the API: its summary (hub,
//! stage, latest documents) and, from its reviews, those the reader filed, with every
//! revision.

use super::super::api_client::{Api, Problem};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

/// An application as its summary shows it to a panelist.
#[derive(Debug, Deserialize)]
pub struct Summary {
    pub hub_name: String,
    pub city: String,
    pub country: String,
    pub stage: String,
    pub stage_since: DateTime<Utc>,
    /// The latest version of each document kind.
    #[serde(default)]
    pub documents: Vec<Document>,
}

/// One submitted version of a document.
#[derive(Debug, Clone, Deserialize)]
pub struct Document {
    pub kind: String,
    pub version: i32,
    pub file_name: String,
    pub size: i64,
    pub submitted_at: DateTime<Utc>,
}

/// A review of the application (`GET /api/v1/applications/{id}/reviews`), as the staff
/// read it.
#[derive(Debug, Deserialize)]
struct Review {
    review: u32,
    panelist: Option<Reviewer>,
    kind: String,
    version: i32,
    revisions: Vec<ReviewVersion>,
}

/// Who filed a review.
#[derive(Debug, Deserialize)]
struct Reviewer {
    panelist_id: Uuid,
}

/// A review the reader filed, with every version of it, oldest first.
#[derive(Debug, Clone)]
pub struct OwnReview {
    pub number: u32,
    pub kind: String,
    pub version: i32,
    pub versions: Vec<ReviewVersion>,
}

/// One version of a review: as filed (revision 1) or a later revision.
#[derive(Debug, Clone, Deserialize)]
pub struct ReviewVersion {
    pub revision: u32,
    pub at: DateTime<Utc>,
    pub recommendation: String,
}

impl OwnReview {
    /// The review's recommendation now: its latest version's.
    pub fn recommendation(&self) -> &str {
        self.versions
            .last()
            .map_or("", |version| version.recommendation.as_str())
    }
}

/// The summary of application `id`, as the reader may see it.
pub async fn summary(api: &Api, id: Uuid) -> Result<Summary, Problem> {
    api.read(&format!("/api/v1/applications/{id}")).await
}

/// The reviews `person` filed on application `id`, with their revisions: the reviews'
/// own read, one request however long the application's history. Scores and comments are
/// not shown to anyone but the audit log's readers.
pub async fn own_reviews(api: &Api, id: Uuid, person: Uuid) -> Result<Vec<OwnReview>, Problem> {
    let reviews: Vec<Review> = api
        .list(&format!("/api/v1/applications/{id}/reviews"))
        .await?;
    Ok(filed_by(reviews, person))
}

/// Those of `reviews` that `person` filed.
fn filed_by(reviews: Vec<Review>, person: Uuid) -> Vec<OwnReview> {
    reviews
        .into_iter()
        .filter(|review| {
            review
                .panelist
                .as_ref()
                .is_some_and(|panelist| panelist.panelist_id == person)
        })
        .map(|review| OwnReview {
            number: review.review,
            kind: review.kind,
            version: review.version,
            versions: review.revisions,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_readers_reviews_are_kept_with_every_version_and_the_others_left_out() {
        let ada = Uuid::new_v4();
        let ben = Uuid::new_v4();
        let version = |revision: u32, recommendation: &str| {
            json!({"revision": revision, "at": "2026-12-01T10:00:00Z",
                   "recommendation": recommendation, "released_at": null})
        };
        let reviews: Vec<Review> = serde_json::from_value(json!([
            {"review": 1, "panelist": {"panelist_id": ben, "name": "Ben"},
             "kind": "preliminary_report", "version": 1, "revision": 1,
             "recommendation": "reject", "filed_at": "2026-12-01T10:00:00Z",
             "revised_at": null, "released_revision": null,
             "revisions": [version(1, "reject")]},
            {"review": 2, "panelist": {"panelist_id": ada, "name": "Ada"},
             "kind": "preliminary_report", "version": 1, "revision": 2,
             "recommendation": "revise", "filed_at": "2026-12-01T10:00:00Z",
             "revised_at": "2026-12-02T10:00:00Z", "released_revision": 1,
             "revisions": [version(1, "advance"), version(2, "revise")]},
        ]))
        .expect("the route's answer");
        let own = filed_by(reviews, ada);
        assert_eq!(own.len(), 1);
        let review = &own[0];
        assert_eq!(
            (review.number, review.kind.as_str(), review.version),
            (2, "preliminary_report", 1)
        );
        let versions: Vec<(u32, &str)> = review
            .versions
            .iter()
            .map(|version| (version.revision, version.recommendation.as_str()))
            .collect();
        assert_eq!(versions, [(1, "advance"), (2, "revise")]);
        assert_eq!(review.recommendation(), "revise");
    }
}
