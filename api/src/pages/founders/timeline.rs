//! `/timeline`: the application's milestones as its founders may see them (the panel's
//! internal work is the API's to leave out), oldest first, a page at a time. Each says
//! what happened from the facts the API gives (`details`): which document and version,
//! when and where an interview is, which stage, whether a committee vote decided it.

use super::super::render::{page, Chrome};
use super::super::texts::Value;
use super::super::values::fill;
use super::super::visitor::Member;
use super::super::PageState;
use super::{application_of, or_problem};
use crate::pages::api_client::ListPage;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// How many milestones a page shows.
const PAGE: usize = 50;

#[derive(Debug, Template)]
#[template(path = "founders/timeline.html")]
struct TimelinePage {
    page: Chrome,
    entries: Vec<Entry>,
    /// Where the next page starts, when there are more milestones.
    later: Option<i64>,
    /// Whether this is a later page (with a way back to the first).
    paged: bool,
}

crate::framed!(TimelinePage);

/// A milestone, as the API lists it.
#[derive(Debug, Deserialize)]
struct Entry {
    sequence: i64,
    event_type: String,
    occurred_at: DateTime<Utc>,
    #[serde(default)]
    actor_name: Option<String>,
    #[serde(default)]
    actor_role: Option<String>,
    /// Its facts; empty for a milestone recorded before they were kept.
    #[serde(default)]
    details: serde_json::Map<String, serde_json::Value>,
}

impl Entry {
    /// What happened, in the reader's words: from its facts when it has them, else in
    /// general words for its kind.
    fn words(&self, chrome: &Chrome) -> String {
        if !self.details.is_empty() {
            let id = format!("milestone-{}", self.event_type);
            let words = fill(&chrome.texts, &id, &self.details);
            if words != id {
                return words;
            }
        }
        let id = format!("timeline-{}", self.event_type);
        let words = chrome.t(&id);
        if words == id {
            chrome.t("timeline-other")
        } else {
            words
        }
    }

    /// Who did it, when a person did: what Charter did by itself (a deadline passed, a
    /// vote's outcome carried out) is said by the words of the milestone.
    fn byline(&self, chrome: &Chrome) -> Option<String> {
        let name = self.actor_name.as_deref()?;
        match self.actor_role.as_deref() {
            Some("system") => None,
            Some(role) => Some(chrome.texts.with(
                "timeline-by-role",
                &[
                    ("name", Value::Text(name.to_owned())),
                    ("role", Value::Text(chrome.word("role", role))),
                ],
            )),
            None => Some(chrome.t1("timeline-by", "name", name)),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct After {
    after: Option<i64>,
}

/// `GET /timeline[?after=sequence]`.
pub async fn show(
    State(state): State<PageState>,
    mut member: Member,
    Query(after): Query<After>,
) -> Response {
    let application = match application_of(&mut member).await {
        Ok(application) => application,
        Err(page) => return page,
    };
    let start = after.after.filter(|after| *after > 0).unwrap_or(0);
    let answer = member
        .api(&state)
        .read::<ListPage<Entry>>(&format!(
            "/api/v1/applications/{application}/timeline?after={start}&limit={PAGE}"
        ))
        .await;
    let (entries, more) = match or_problem(&mut member, answer).await {
        Ok(page) => (page.items, page.next.is_some()),
        Err(page) => return page,
    };
    let later = more
        .then(|| entries.last().map(|entry| entry.sequence))
        .flatten();
    let chrome = member.chrome("timeline-title").await;
    page(&TimelinePage {
        page: chrome,
        entries,
        later,
        paged: start > 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::texts::{Texts, LANGUAGES};
    use serde_json::json;

    /// A milestone of `event_type` with `details`, as the API lists it.
    fn entry(event_type: &str, details: serde_json::Value) -> Entry {
        Entry {
            sequence: 1,
            event_type: event_type.to_owned(),
            occurred_at: Utc::now(),
            actor_name: Some("Sam Secretariat".to_owned()),
            actor_role: Some("secretariat".to_owned()),
            details: match details {
                serde_json::Value::Object(details) => details,
                _ => serde_json::Map::new(),
            },
        }
    }

    fn chrome(language: &str) -> Chrome {
        Chrome::plain(Texts::new(language, None), "", String::new())
    }

    #[test]
    fn each_milestone_with_facts_reads_in_each_language_as_its_own_words() {
        let at = "2040-03-14T07:30:00Z";
        let samples = [
            (
                "ApplicationOpened",
                json!({"hub_name": "Impact Hub Braga", "city": "Braga"}),
            ),
            ("EligibilityGranted", json!({"policy_version": "2027.1"})),
            (
                "DocumentSubmitted",
                json!({"kind": "preliminary_report", "version": 2}),
            ),
            (
                "RevisionRequested",
                json!({"request": 1, "kind": "future_plan", "deadline": at}),
            ),
            (
                "RevisionRequestAnswered",
                json!({"request": 1, "kind": "future_plan", "version": 3}),
            ),
            (
                "RevisionRequestOverdue",
                json!({"request": 1, "kind": "future_plan", "deadline": at}),
            ),
            (
                "PanelReviewFiled",
                json!({"review": 1, "kind": "space_design", "version": 1,
                                        "recommendation": "revise"}),
            ),
            (
                "PanelReviewRevised",
                json!({"review": 1, "revision": 2, "recommendation": "advance"}),
            ),
            (
                "PanelFeedbackReleased",
                json!({"review": 1, "revision": 1, "kind": "space_design",
                                             "version": 1}),
            ),
            (
                "InterviewScheduled",
                json!({"interview": 1, "scheduled_for": at, "location": "Braga"}),
            ),
            (
                "InterviewRescheduled",
                json!({"interview": 1, "moves": 1, "scheduled_for": at,
                                            "location": "Braga"}),
            ),
            (
                "InterviewRecorded",
                json!({"interview": 1, "stage": "candidate", "attendees": 2}),
            ),
            ("InterviewCancelled", json!({"interview": 1})),
            (
                "StageAdvanced",
                json!({"from": "eligible", "to": "pre_candidate", "by_vote": false}),
            ),
            (
                "ApplicationRejected",
                json!({"stage": "candidate", "by_vote": true}),
            ),
            ("ApplicationWithdrawn", json!({"stage": "applied"})),
            ("SignatureRecorded", json!({"party": "association"})),
            ("AppealGranted", json!({"reopened_in": "candidate"})),
        ];
        let english = chrome("en");
        for (language, _) in LANGUAGES {
            let page = chrome(language);
            for (event_type, details) in &samples {
                let general = entry(event_type, json!({})).words(&page);
                let words = entry(event_type, details.clone()).words(&page);
                assert_ne!(
                    words, general,
                    "{language}: {event_type} has no words of its own"
                );
                assert!(!words.contains('{'), "{language}: {words}");
                if language != "en" {
                    let ours = entry(event_type, details.clone()).words(&english);
                    assert_ne!(words, ours, "{language}: {event_type} reads as English");
                }
            }
        }
        let voted = entry("StageAdvanced", json!({"to": "candidate", "by_vote": true}));
        assert_eq!(
            voted.words(&english),
            "The Membership Committee voted the application on to the Candidate stage"
        );
    }

    #[test]
    fn a_person_is_named_with_their_role_and_charter_itself_not_at_all() {
        let page = chrome("en");
        let by_secretariat = entry("EligibilityGranted", json!({}));
        assert_eq!(
            by_secretariat.byline(&page).as_deref(),
            Some("By Sam Secretariat (Secretariat)")
        );
        let mut by_charter = entry("RevisionRequestOverdue", json!({}));
        by_charter.actor_name = Some("Charter (deadlines)".to_owned());
        by_charter.actor_role = Some("system".to_owned());
        assert_eq!(by_charter.byline(&page), None);
    }
}
