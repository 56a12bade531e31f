//! How the `Application` aggregate turns a command into events or a refusal.
//!
//! Checks run in a fixed order: the application exists, the person may act, the input is
//! well formed, and only then the rules of the process.

use super::aggregate::Application;
use super::commands::ApplicationCommand;
use super::errors::ApplicationError;
use super::events::ApplicationEvent;
use super::model::{Founder, Stage};
use super::validate::{self, NAME_MAX, PLACE_MAX, REASON_MAX};
use crate::actor::{Actor, Authored, Role};
use crate::ids::ApplicationId;
use crate::permissions::{self, CommandKind};
use crate::policy::Policy;
use crate::text;
use crate::vote::{Motion, Outcome};
use chrono::{DateTime, Utc};

pub(super) type Decision = Result<Vec<ApplicationEvent>, ApplicationError>;

impl Application {
    /// The events `command` produces, or why it is refused. Pure: reads only `self`, the
    /// command and the policy.
    pub fn decide(&self, command: Authored<ApplicationCommand>, policy: &Policy) -> Decision {
        let Authored { by, at, command } = command;
        let Some(stage) = self.stage else {
            return match command {
                ApplicationCommand::Open {
                    application_id,
                    city,
                    country,
                    hub_name,
                    founders,
                } => open(
                    &by,
                    at,
                    application_id,
                    &city,
                    &country,
                    &hub_name,
                    &founders,
                ),
                _ => Err(ApplicationError::NotFound),
            };
        };
        self.permit(&by, &command)?;
        // A vote is carried out once: repeating it (a process manager replaying, a
        // secretariat clicking twice) changes nothing and is not an error.
        // Only the very command the vote decided is a repeat; citing a carried-out vote for
        // anything else falls through to the checks below and is refused.
        if let Some(vote) = command.vote() {
            let same_motion = match &command {
                ApplicationCommand::AdvanceStage { to, .. } => {
                    vote.motion == Motion::Advance { to: *to }
                }
                ApplicationCommand::Reject { .. } => matches!(vote.motion, Motion::Reject { .. }),
                ApplicationCommand::DecideAppeal { .. } => vote.motion == Motion::Appeal,
                _ => false,
            };
            if same_motion
                && Some(vote.application_id) == self.id
                && self.votes_carried_out.contains(&vote.vote_id)
            {
                return Ok(Vec::new());
            }
        }
        use ApplicationCommand::*;
        match command {
            Open { .. } => Err(ApplicationError::AlreadyOpened),
            GrantEligibility { note } => self.grant_eligibility(stage, note.as_deref(), policy, at),
            SubmitDocument {
                kind,
                sha256,
                size,
                media_type,
                file_name,
            } => self.submit_document(stage, &by, at, kind, &sha256, size, &media_type, &file_name),
            AssignPanelist { panelist_id, name } => {
                let name = text::line("name", &name, NAME_MAX)?;
                open_stage(stage)?;
                if self.panel.contains_key(&panelist_id) {
                    return Err(ApplicationError::PanelistAlreadyAssigned);
                }
                Ok(vec![ApplicationEvent::PanelistAssigned {
                    panelist_id,
                    name,
                    at,
                }])
            }
            DeclareConflict { reason } => {
                let reason = text::paragraph("reason", &reason, REASON_MAX)?;
                open_stage(stage)?;
                match self.panel.get(&by.id) {
                    None => Err(ApplicationError::PanelistNotAssigned),
                    Some(seat) if seat.recused => Err(ApplicationError::ConflictAlreadyDeclared),
                    Some(_) => Ok(vec![ApplicationEvent::ConflictOfInterestDeclared {
                        panelist_id: by.id,
                        reason,
                        at,
                    }]),
                }
            }
            FileReview {
                kind,
                version,
                assessment,
            } => self.file_review(stage, by.id, at, kind, version, &assessment, policy),
            ReviseReview { review, assessment } => {
                self.revise_review(stage, by.id, at, review, &assessment, policy)
            }
            ReleaseFeedback {
                review,
                revision,
                note,
            } => self.release_feedback(review, revision, note.as_deref(), at),
            RequestRevision {
                kind,
                deadline,
                reason,
            } => self.request_revision(stage, kind, deadline, &reason, at),
            ScheduleInterview {
                scheduled_for,
                location,
            } => self.schedule_interview(stage, scheduled_for, &location, at),
            RescheduleInterview {
                interview,
                scheduled_for,
                location,
            } => self.reschedule_interview(stage, interview, scheduled_for, &location, at),
            RecordInterview {
                interview,
                notes,
                attendees,
            } => self.record_interview(stage, interview, &notes, &attendees, at),
            CancelInterview { interview, reason } => {
                self.cancel_interview(stage, interview, &reason, at)
            }
            AdvanceStage { to, vote } => self.advance(stage, to, vote.as_ref(), policy, at),
            Reject { reason, vote } => {
                let reason = text::paragraph("reason", &reason, REASON_MAX)?;
                open_stage(stage)?;
                let vote_id = vote
                    .as_ref()
                    .map(|vote| self.verified(vote, |m| matches!(m, Motion::Reject { .. })))
                    .transpose()?;
                if stage != Stage::Applied && vote_id.is_none() {
                    return Err(ApplicationError::RejectionNeedsVote { stage });
                }
                Ok(vec![ApplicationEvent::ApplicationRejected {
                    stage,
                    reason,
                    vote_id,
                    at,
                }])
            }
            Withdraw { reason } => {
                let reason = text::optional_paragraph("reason", reason.as_deref(), REASON_MAX)?;
                if !stage.can_be_withdrawn() {
                    return Err(ApplicationError::ApplicationClosed { stage });
                }
                Ok(vec![ApplicationEvent::ApplicationWithdrawn {
                    stage,
                    reason,
                    at,
                }])
            }
            Sign => self.sign(stage, &by, policy, at),
            MarkRevisionOverdue { request } => self.mark_revision_overdue(stage, request, at),
            LodgeAppeal { grounds } => {
                let grounds = text::paragraph("grounds", &grounds, REASON_MAX)?;
                if stage != Stage::Rejected {
                    return Err(ApplicationError::NotRejected { stage });
                }
                if self.appeal.is_some() {
                    return Err(ApplicationError::AlreadyAppealed);
                }
                Ok(vec![ApplicationEvent::AppealLodged { grounds, at }])
            }
            DecideAppeal { vote } => {
                let vote_id = self.verified_motion(&vote, |m| *m == Motion::Appeal)?;
                if !self.appeal_pending() {
                    return Err(ApplicationError::NoPendingAppeal);
                }
                Ok(vec![match vote.outcome {
                    Outcome::Passed => ApplicationEvent::AppealGranted {
                        vote_id,
                        reopened_in: self.rejected_in.unwrap_or(Stage::Applied),
                        at,
                    },
                    Outcome::Failed | Outcome::NoQuorum => {
                        ApplicationEvent::AppealDismissed { vote_id, at }
                    }
                }])
            }
        }
    }

    /// Refuses a person whose role may not issue `command`, or an applicant acting on an
    /// application that is not theirs.
    fn permit(&self, by: &Actor, command: &ApplicationCommand) -> Result<(), ApplicationError> {
        permissions::permit(by.role, command.kind())?;
        if by.role == Role::Applicant && by.application != self.id {
            return Err(ApplicationError::NotYourApplication);
        }
        // Charter itself acts only on a recorded decision: a closed vote, or a deadline
        // that has passed.
        if by.role == Role::System
            && command.vote().is_none()
            && !matches!(command, ApplicationCommand::MarkRevisionOverdue { .. })
        {
            return Err(ApplicationError::RoleNotPermitted {
                role: by.role,
                action: command.action(),
            });
        }
        Ok(())
    }
}

fn open(
    by: &Actor,
    at: DateTime<Utc>,
    application_id: ApplicationId,
    city: &str,
    country: &str,
    hub_name: &str,
    founders: &[Founder],
) -> Decision {
    permissions::permit(by.role, CommandKind::OpenApplication)?;
    if by.role == Role::Applicant && by.application != Some(application_id) {
        return Err(ApplicationError::NotYourApplication);
    }
    Ok(vec![ApplicationEvent::ApplicationOpened {
        application_id,
        city: text::line("city", city, PLACE_MAX)?,
        country: validate::country(country)?,
        hub_name: text::line("hub_name", hub_name, PLACE_MAX)?,
        founders: validate::founders(founders)?,
        opened_by: by.id,
        at,
    }])
}

/// Refuses any change to an application that has ended or become an initiative.
pub(super) fn open_stage(stage: Stage) -> Result<(), ApplicationError> {
    if stage.is_open() {
        Ok(())
    } else {
        Err(ApplicationError::ApplicationClosed { stage })
    }
}
