//! Interviews with the founding team: scheduled, perhaps moved, then held and recorded, or
//! cancelled.

use super::aggregate::Application;
use super::attendee::Attendee;
use super::decide::{open_stage, Decision};
use super::errors::{ApplicationError, InterviewStatusName};
use super::events::ApplicationEvent;
use super::model::{next_number, nth, Interview, InterviewStatus, Stage};
use super::validate::{self, NOTES_MAX, PLACE_MAX, REASON_MAX};
use crate::text;
use chrono::{DateTime, Utc};

impl Application {
    pub(super) fn schedule_interview(
        &self,
        stage: Stage,
        scheduled_for: DateTime<Utc>,
        location: &str,
        at: DateTime<Utc>,
    ) -> Decision {
        let location = text::line("location", location, PLACE_MAX)?;
        open_stage(stage)?;
        Ok(vec![ApplicationEvent::InterviewScheduled {
            interview: next_number(&self.interviews),
            scheduled_for,
            location,
            at,
        }])
    }

    /// Moves a scheduled interview. A move to the time and place it already has is refused:
    /// every move tells the founders and updates their calendars, and an update that changes
    /// nothing is noise (a retried request is answered by its idempotency key instead).
    pub(super) fn reschedule_interview(
        &self,
        stage: Stage,
        interview: u32,
        scheduled_for: DateTime<Utc>,
        location: &str,
        at: DateTime<Utc>,
    ) -> Decision {
        let location = text::line("location", location, PLACE_MAX)?;
        open_stage(stage)?;
        let current = self.scheduled_interview(interview)?;
        if current.scheduled_for == scheduled_for && current.location == location {
            return Err(ApplicationError::InterviewUnchanged { interview });
        }
        Ok(vec![ApplicationEvent::InterviewRescheduled {
            interview,
            moves: current.moves + 1,
            scheduled_for,
            location,
            at,
        }])
    }

    pub(super) fn record_interview(
        &self,
        stage: Stage,
        interview: u32,
        notes: &str,
        attendees: &[Attendee],
        at: DateTime<Utc>,
    ) -> Decision {
        let notes = text::paragraph("notes", notes, NOTES_MAX)?;
        let attendees = validate::attendees(attendees)?;
        open_stage(stage)?;
        let scheduled_for = self.scheduled_interview(interview)?.scheduled_for;
        if at < scheduled_for {
            return Err(ApplicationError::InterviewNotYetHeld { interview });
        }
        Ok(vec![ApplicationEvent::InterviewRecorded {
            interview,
            stage,
            notes,
            attendees,
            about: self.founders.iter().map(|f| f.person_id).collect(),
            at,
        }])
    }

    pub(super) fn cancel_interview(
        &self,
        stage: Stage,
        interview: u32,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Decision {
        let reason = text::paragraph("reason", reason, REASON_MAX)?;
        open_stage(stage)?;
        self.scheduled_interview(interview)?;
        Ok(vec![ApplicationEvent::InterviewCancelled {
            interview,
            reason,
            at,
        }])
    }

    /// Interview `interview`, if it is still scheduled (neither held nor cancelled).
    fn scheduled_interview(&self, interview: u32) -> Result<&Interview, ApplicationError> {
        let found = nth(&self.interviews, interview)
            .ok_or(ApplicationError::UnknownInterview(interview))?;
        match found.status {
            InterviewStatus::Scheduled => Ok(found),
            status => Err(ApplicationError::InterviewNotScheduled {
                interview,
                status: InterviewStatusName(status),
            }),
        }
    }
}
