//! The expert panel's rules: who may review what, once per version, revisions kept.

use super::aggregate::Application;
use super::decide::{open_stage, Decision};
use super::errors::ApplicationError;
use super::events::ApplicationEvent;
use super::model::{next_number, nth, Assessment, DocumentKind, Stage};
use super::validate;
use crate::ids::PersonId;
use crate::policy::Policy;
use crate::text;
use chrono::{DateTime, Utc};

impl Application {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn file_review(
        &self,
        stage: Stage,
        panelist: PersonId,
        at: DateTime<Utc>,
        kind: DocumentKind,
        version: u32,
        assessment: &Assessment,
        policy: &Policy,
    ) -> Decision {
        let assessment = validate::assessment(assessment, policy)?;
        open_stage(stage)?;
        self.active_panelist(panelist)?;
        let exists = version >= 1
            && self
                .latest_document(kind)
                .is_some_and(|latest| version <= latest.version);
        if !exists {
            return Err(ApplicationError::UnknownDocumentVersion { kind, version });
        }
        if let Some(i) = self
            .reviews
            .iter()
            .position(|r| r.panelist == panelist && r.kind == kind && r.version == version)
        {
            return Err(ApplicationError::ReviewAlreadyFiled {
                review: u32::try_from(i + 1).unwrap_or(u32::MAX),
                kind,
                version,
            });
        }
        Ok(vec![ApplicationEvent::PanelReviewFiled {
            review: next_number(&self.reviews),
            panelist_id: panelist,
            kind,
            version,
            assessment,
            at,
        }])
    }

    pub(super) fn revise_review(
        &self,
        stage: Stage,
        panelist: PersonId,
        at: DateTime<Utc>,
        review: u32,
        assessment: &Assessment,
        policy: &Policy,
    ) -> Decision {
        let assessment = validate::assessment(assessment, policy)?;
        open_stage(stage)?;
        let filed = nth(&self.reviews, review).ok_or(ApplicationError::UnknownReview(review))?;
        if filed.panelist != panelist {
            return Err(ApplicationError::NotReviewAuthor { review });
        }
        self.active_panelist(panelist)?;
        Ok(vec![ApplicationEvent::PanelReviewRevised {
            review,
            revision: next_number(&filed.revisions),
            assessment,
            at,
        }])
    }

    /// Releases revision `revision` of review `review` to the founders; it must be the
    /// latest. Allowed in every stage, closed ones included: feedback is most wanted after
    /// a rejection.
    pub(super) fn release_feedback(
        &self,
        review: u32,
        revision: u32,
        note: Option<&str>,
        at: DateTime<Utc>,
    ) -> Decision {
        let note = text::optional_paragraph("note", note, validate::REASON_MAX)?;
        let filed = nth(&self.reviews, review).ok_or(ApplicationError::UnknownReview(review))?;
        let latest = u32::try_from(filed.revisions.len()).unwrap_or(u32::MAX);
        let Some(assessment) = filed.current() else {
            return Err(ApplicationError::UnknownReview(review));
        };
        if revision != latest {
            return Err(ApplicationError::NotLatestRevision {
                review,
                revision,
                latest,
            });
        }
        if filed.released == Some(revision) {
            return Err(ApplicationError::FeedbackAlreadyReleased { review, revision });
        }
        Ok(vec![ApplicationEvent::PanelFeedbackReleased {
            review,
            revision,
            kind: filed.kind,
            version: filed.version,
            assessment: assessment.clone(),
            note,
            at,
        }])
    }

    pub(super) fn active_panelist(&self, panelist: PersonId) -> Result<(), ApplicationError> {
        match self.panel.get(&panelist) {
            None => Err(ApplicationError::PanelistNotAssigned),
            Some(seat) if seat.recused => Err(ApplicationError::PanelistRecused),
            Some(_) => Ok(()),
        }
    }
}
