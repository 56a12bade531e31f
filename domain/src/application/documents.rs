//! Documents and the revisions the secretariat asks for: versions numbered without gaps,
//! a request answered by the next version of its kind, overdue once its deadline passes.

use super::aggregate::Application;
use super::decide::{open_stage, Decision};
use super::errors::ApplicationError;
use super::events::ApplicationEvent;
use super::model::{next_number, nth, DocumentKind, Stage};
use super::validate::{self, REASON_MAX};
use crate::actor::Actor;
use crate::text;
use chrono::{DateTime, Utc};

impl Application {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn submit_document(
        &self,
        stage: Stage,
        by: &Actor,
        at: DateTime<Utc>,
        kind: DocumentKind,
        sha256: &str,
        size: u64,
        media_type: &str,
        file_name: &str,
    ) -> Decision {
        let sha256 = validate::sha256(sha256)?;
        if size == 0 {
            return Err(text::InputError::new(
                "size",
                text::InputProblem::OutOfRange {
                    min: 1,
                    max: i64::MAX,
                },
            )
            .into());
        }
        let media_type = validate::media_type(media_type)?;
        let file_name = validate::file_name(file_name)?;
        if !stage.accepts_documents() {
            return Err(ApplicationError::ApplicationClosed { stage });
        }
        let latest = self.latest_document(kind);
        if let Some(latest) = latest.filter(|doc| doc.sha256 == sha256) {
            return Err(ApplicationError::DuplicateDocument {
                kind,
                version: latest.version,
            });
        }
        let version = latest.map_or(1, |doc| doc.version.saturating_add(1));
        let mut events = vec![ApplicationEvent::DocumentSubmitted {
            kind,
            version,
            sha256,
            size,
            media_type,
            file_name,
            submitted_by: by.id,
            at,
        }];
        for (i, request) in self.revision_requests.iter().enumerate() {
            if request.kind == kind && request.answered_by.is_none() {
                events.push(ApplicationEvent::RevisionRequestAnswered {
                    request: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    kind,
                    version,
                    at,
                });
            }
        }
        Ok(events)
    }

    pub(super) fn request_revision(
        &self,
        stage: Stage,
        kind: DocumentKind,
        deadline: DateTime<Utc>,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Decision {
        let reason = text::paragraph("reason", reason, REASON_MAX)?;
        if deadline <= at {
            return Err(text::InputError::new("deadline", text::InputProblem::NotInFuture).into());
        }
        open_stage(stage)?;
        if self.latest_document(kind).is_none() {
            return Err(ApplicationError::NothingToRevise { kind });
        }
        Ok(vec![ApplicationEvent::RevisionRequested {
            request: next_number(&self.revision_requests),
            kind,
            deadline,
            reason,
            at,
        }])
    }

    pub(super) fn mark_revision_overdue(
        &self,
        stage: Stage,
        request: u32,
        at: DateTime<Utc>,
    ) -> Decision {
        open_stage(stage)?;
        let found = nth(&self.revision_requests, request)
            .ok_or(ApplicationError::UnknownRevisionRequest(request))?;
        if let Some(version) = found.answered_by {
            return Err(ApplicationError::RevisionAlreadyAnswered { request, version });
        }
        if at <= found.deadline {
            return Err(ApplicationError::DeadlineNotPassed {
                request,
                deadline: found.deadline,
            });
        }
        // Marking twice is a repeat of the scheduler, not an error.
        if found.overdue {
            return Ok(Vec::new());
        }
        Ok(vec![ApplicationEvent::RevisionRequestOverdue {
            request,
            kind: found.kind,
            deadline: found.deadline,
            at,
        }])
    }
}
