//! What the panelists' pages read of an application, from the API: its summary (hub,
//! stage, latest documents) and, from its timeline, the reviews the reader filed and
//! revised.

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

/// A milestone of the timeline.
#[derive(Debug, Deserialize)]
struct Entry {
    event_type: String,
    occurred_at: DateTime<Utc>,
    #[serde(default)]
    actor_id: Option<Uuid>,
    summary: String,
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
#[derive(Debug, Clone)]
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

/// The reviews `person` filed on application `id`, with their revisions.
///
/// No route gives a panelist their review itself; the timeline (which staff, panelists
/// included, read whole) names each filing and revision with its review number and
/// recommendation, and its actor. Scores and comments of earlier versions are not shown to
/// anyone but the audit log's readers.
pub async fn own_reviews(api: &Api, id: Uuid, person: Uuid) -> Result<Vec<OwnReview>, Problem> {
    let entries: Vec<Entry> = api
        .read(&format!("/api/v1/applications/{id}/timeline?limit=1000"))
        .await?;
    Ok(reviews_in(&entries, person))
}

/// The reviews `person` filed, from the milestones that name them.
fn reviews_in(entries: &[Entry], person: Uuid) -> Vec<OwnReview> {
    let mut reviews: Vec<OwnReview> = Vec::new();
    for entry in entries
        .iter()
        .filter(|entry| entry.actor_id == Some(person))
    {
        let words: Vec<&str> = entry.summary.split_whitespace().collect();
        let recommendation = words.last().copied().unwrap_or_default().to_owned();
        match (entry.event_type.as_str(), words.as_slice()) {
            // "Review {review} of {kind} version {version} filed, recommending {r}"
            ("PanelReviewFiled", ["Review", number, "of", kind, "version", version, ..]) => {
                let (Ok(number), Ok(version)) = (number.parse(), version.parse()) else {
                    continue;
                };
                reviews.push(OwnReview {
                    number,
                    kind: (*kind).to_owned(),
                    version,
                    versions: vec![ReviewVersion {
                        revision: 1,
                        at: entry.occurred_at,
                        recommendation,
                    }],
                });
            }
            // "Review {review} revised (revision {revision}), recommending {r}"
            ("PanelReviewRevised", ["Review", number, "revised", _, revision, ..]) => {
                let revision = revision.trim_end_matches(['(', ')', ',']).parse();
                let (Ok(number), Ok(revision)) = (number.parse::<u32>(), revision) else {
                    continue;
                };
                if let Some(review) = reviews.iter_mut().find(|review| review.number == number) {
                    review.versions.push(ReviewVersion {
                        revision,
                        at: entry.occurred_at,
                        recommendation,
                    });
                }
            }
            _ => {}
        }
    }
    reviews
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(event_type: &str, actor: Uuid, summary: &str) -> Entry {
        Entry {
            event_type: event_type.to_owned(),
            occurred_at: Utc::now(),
            actor_id: Some(actor),
            summary: summary.to_owned(),
        }
    }

    #[test]
    fn a_review_and_its_revisions_are_read_from_the_readers_own_milestones() {
        let ada = Uuid::new_v4();
        let ben = Uuid::new_v4();
        let entries = [
            entry(
                "PanelReviewFiled",
                ben,
                "Review 1 of preliminary_report version 1 filed, recommending reject",
            ),
            entry(
                "PanelReviewFiled",
                ada,
                "Review 2 of preliminary_report version 1 filed, recommending advance",
            ),
            entry(
                "PanelReviewRevised",
                ada,
                "Review 2 revised (revision 2), recommending revise",
            ),
            entry("DocumentSubmitted", ada, "Something else"),
        ];
        let reviews = reviews_in(&entries, ada);
        assert_eq!(reviews.len(), 1);
        let review = &reviews[0];
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
