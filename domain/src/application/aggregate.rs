//! The `Application` aggregate: its state, rebuilt from events, and its wiring into cqrs-es.

use super::commands::ApplicationCommand;
use super::errors::ApplicationError;
use super::events::ApplicationEvent;
use super::model::{
    DocumentKind, Interview, InterviewStatus, PanelReview, PanelSeat, Party, RevisionRequest,
    Stage, SubmittedDocument,
};
use crate::actor::Authored;
use crate::ids::{ApplicationId, PersonId, VoteId};
use crate::policy::Policy;
use chrono::{DateTime, Utc};
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What the aggregate needs from outside that is the same for every command.
#[derive(Debug, Clone)]
pub struct ApplicationServices {
    /// The gate policy in force.
    pub policy: Arc<Policy>,
}

impl ApplicationServices {
    /// Services governed by `policy`.
    pub fn new(policy: Arc<Policy>) -> Self {
        Self { policy }
    }
}

/// One founding team's application, from opening to initiative (or its end).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub(crate) id: Option<ApplicationId>,
    /// The founders, as the people interview notes are about.
    pub(crate) founders: Vec<PersonId>,
    pub(crate) stage: Option<Stage>,
    pub(crate) stage_since: Option<DateTime<Utc>>,
    /// The latest version of each kind. Versions are numbered 1, 2, ... without gaps, so
    /// the latest tells which exist; keeping only it keeps the state (cloned on every
    /// command) the same size however many versions a long application submits.
    pub(crate) documents: BTreeMap<DocumentKind, SubmittedDocument>,
    pub(crate) panel: BTreeMap<PersonId, PanelSeat>,
    /// Review `n` is at index `n - 1`.
    pub(crate) reviews: Vec<PanelReview>,
    /// Request `n` is at index `n - 1`.
    pub(crate) revision_requests: Vec<RevisionRequest>,
    /// Interview `n` is at index `n - 1`.
    pub(crate) interviews: Vec<Interview>,
    pub(crate) signed_by_founders: bool,
    pub(crate) signed_by_association: bool,
    /// The stage the application was last rejected in.
    pub(crate) rejected_in: Option<Stage>,
    pub(crate) appeal: Option<AppealStatus>,
    /// Every committee vote already carried out on the application.
    pub(crate) votes_carried_out: BTreeSet<VoteId>,
}

/// Where the one appeal a rejected application may make stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealStatus {
    Pending,
    Granted,
    Dismissed,
}

impl Application {
    /// The application's id, once opened.
    pub fn id(&self) -> Option<ApplicationId> {
        self.id
    }

    /// The current stage, once opened.
    pub fn stage(&self) -> Option<Stage> {
        self.stage
    }

    /// When the application entered its current stage.
    pub fn stage_since(&self) -> Option<DateTime<Utc>> {
        self.stage_since
    }

    /// The latest version of each submitted document kind.
    pub fn latest_document(&self, kind: DocumentKind) -> Option<&SubmittedDocument> {
        self.documents.get(&kind)
    }

    /// Whether a lodged appeal awaits a decision.
    pub fn appeal_pending(&self) -> bool {
        self.appeal == Some(AppealStatus::Pending)
    }

    /// Whether `person` sits on the panel and is not recused.
    pub fn is_active_panelist(&self, person: PersonId) -> bool {
        self.panel.get(&person).is_some_and(|seat| !seat.recused)
    }

    pub(crate) fn has_signed(&self, party: Party) -> bool {
        match party {
            Party::Founders => self.signed_by_founders,
            Party::Association => self.signed_by_association,
        }
    }

    fn enter(&mut self, stage: Stage, at: DateTime<Utc>) {
        self.stage = Some(stage);
        self.stage_since = Some(at);
    }
}

impl Aggregate for Application {
    const TYPE: &'static str = "Application";
    type Command = Authored<ApplicationCommand>;
    type Event = ApplicationEvent;
    type Error = ApplicationError;
    type Services = ApplicationServices;

    async fn handle(
        &mut self,
        command: Self::Command,
        services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let events = self.decide(command, &services.policy)?;
        crate::record(self, sink, events).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
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
                self.founders = founders.iter().map(|f| f.person_id).collect();
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
            InterviewScheduled { scheduled_for, .. } => self.interviews.push(Interview {
                scheduled_for,
                status: InterviewStatus::Scheduled,
            }),
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
            ApplicationRejected { stage, at, .. } => {
                self.rejected_in = Some(stage);
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
}

/// The entry numbered `n` (from 1) of a list.
pub(crate) fn nth<T>(items: &[T], n: u32) -> Option<&T> {
    (n as usize).checked_sub(1).and_then(|i| items.get(i))
}

fn nth_mut<T>(items: &mut [T], n: u32) -> Option<&mut T> {
    (n as usize).checked_sub(1).and_then(|i| items.get_mut(i))
}

/// The number the next entry of a list gets.
pub(crate) fn next_number<T>(items: &[T]) -> u32 {
    u32::try_from(items.len()).map_or(u32::MAX, |n| n.saturating_add(1))
}
