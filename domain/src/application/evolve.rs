//! How each event changes an application's state. Never refuses: the event already
//! happened.

use super::aggregate::{AppealStatus, Application};
use super::events::ApplicationEvent;
use super::model::{
    nth_mut, Interview, InterviewStatus, PanelReview, PanelSeat, Party, RevisionRequest, Stage,
    SubmittedDocument,
};
use chrono::{DateTime, Utc};

impl Application {
    /// The state after `event`.
    pub(super) fn evolve(&mut self, event: ApplicationEvent) {
        use ApplicationEvent::*;
        if let Some(vote) = event.vote() {
            self.votes_carried_out.insert(vote);
        }
        match event {
            ApplicationOpened {
                application_id,
                founders,
                at,
                ..
            } => {
                self.id = Some(application_id);
                self.founders = founders;
                self.enter(Stage::Applied, at);
            }
            EligibilityGranted { at, .. } => self.enter(Stage::Eligible, at),
            DocumentSubmitted {
                kind,
                version,
                sha256,
                at,
                ..
            } => {
                self.documents.insert(
                    kind,
                    SubmittedDocument {
                        version,
                        sha256,
                        submitted_at: at,
                    },
                );
            }
            RevisionRequested { kind, deadline, .. } => {
                self.revision_requests.push(RevisionRequest {
                    kind,
                    deadline,
                    answered_by: None,
                    overdue: false,
                })
            }
            RevisionRequestAnswered {
                request, version, ..
            } => {
                if let Some(r) = nth_mut(&mut self.revision_requests, request) {
                    r.answered_by = Some(version);
                }
            }
            RevisionRequestOverdue { request, .. } => {
                if let Some(r) = nth_mut(&mut self.revision_requests, request) {
                    r.overdue = true;
                }
            }
            PanelistAssigned {
                panelist_id, name, ..
            } => {
                self.panel.insert(
                    panelist_id,
                    PanelSeat {
                        name,
                        recused: false,
                    },
                );
            }
            ConflictOfInterestDeclared { panelist_id, .. } => {
                if let Some(seat) = self.panel.get_mut(&panelist_id) {
                    seat.recused = true;
                }
            }
            PanelReviewFiled {
                panelist_id,
                kind,
                version,
                assessment,
                ..
            } => self.reviews.push(PanelReview {
                panelist: panelist_id,
                kind,
                version,
                revisions: vec![assessment],
                released: None,
            }),
            PanelReviewRevised {
                review, assessment, ..
            } => {
                if let Some(r) = nth_mut(&mut self.reviews, review) {
                    r.revisions.push(assessment);
                }
            }
            PanelFeedbackReleased {
                review, revision, ..
            } => {
                if let Some(r) = nth_mut(&mut self.reviews, review) {
                    r.released = Some(revision);
                }
            }
            InterviewScheduled {
                scheduled_for,
                location,
                ..
            } => self.interviews.push(Interview {
                scheduled_for,
                location,
                moves: 0,
                status: InterviewStatus::Scheduled,
            }),
            InterviewRescheduled {
                interview,
                moves,
                scheduled_for,
                location,
                ..
            } => {
                if let Some(i) = nth_mut(&mut self.interviews, interview) {
                    i.scheduled_for = scheduled_for;
                    i.location = location;
                    i.moves = moves;
                }
            }
            InterviewRecorded {
                interview, stage, ..
            } => {
                if let Some(i) = nth_mut(&mut self.interviews, interview) {
                    i.status = InterviewStatus::Held { stage };
                }
            }
            InterviewCancelled { interview, .. } => {
                if let Some(i) = nth_mut(&mut self.interviews, interview) {
                    i.status = InterviewStatus::Cancelled;
                }
            }
            StageAdvanced { to, at, .. } => self.enter(to, at),
            GateVotePassed {
                vote_id,
                electorate,
                ..
            } => self.gate_votes.push((electorate, vote_id)),
            ApplicationRejected {
                stage, reason, at, ..
            } => {
                self.rejected_in = Some(stage);
                self.rejection_reason = Some(reason);
                self.enter(Stage::Rejected, at);
            }
            AppealLodged { .. } => self.appeal = Some(AppealStatus::Pending),
            AppealGranted {
                reopened_in, at, ..
            } => {
                self.appeal = Some(AppealStatus::Granted);
                self.enter(reopened_in, at);
            }
            AppealDismissed { .. } => self.appeal = Some(AppealStatus::Dismissed),
            ApplicationWithdrawn { at, .. } => self.enter(Stage::Withdrawn, at),
            SignatureRecorded { party, .. } => match party {
                Party::Founders => self.signed_by_founders = true,
                Party::Association => self.signed_by_association = true,
            },
        }
    }

    /// Enters `stage` at `at`.
    fn enter(&mut self, stage: Stage, at: DateTime<Utc>) {
        self.stage = Some(stage);
        self.stage_since = Some(at);
        self.gate_votes.clear();
    }
}
