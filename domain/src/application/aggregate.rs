//! The `Application` aggregate: its state, rebuilt from events, and its wiring into cqrs-es:
//! `handle` decides, `apply` evolves.

use super::commands::ApplicationCommand;
use super::errors::ApplicationError;
use super::events::ApplicationEvent;
use super::model::{
    DocumentKind, Founder, Interview, PanelReview, PanelSeat, Party, RevisionRequest, Stage,
    SubmittedDocument,
};
use crate::actor::Authored;
use crate::ids::{ApplicationId, PersonId, VoteId};
use crate::policy::{Electorate, Policy};
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
    /// The founders: the people interview notes are about, and attendees the secretariat
    /// can name by id. Their names are held opened, in memory only (the write side forgets
    /// its states at every erasure).
    pub(crate) founders: Vec<Founder>,
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
    /// Why it was last rejected, for its founders to read (and to appeal against).
    #[serde(default)]
    pub(crate) rejection_reason: Option<String>,
    pub(crate) appeal: Option<AppealStatus>,
    /// Every vote already carried out on the application.
    pub(crate) votes_carried_out: BTreeSet<VoteId>,
    /// The votes on the next gate that have passed in the current stage, while the gate
    /// awaits another.
    #[serde(default)]
    pub(crate) gate_votes: Vec<(Electorate, VoteId)>,
}

/// Where the one appeal a rejected application may make stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AppealStatus {
    Pending,
    Granted,
    Dismissed,
}

impl Application {
    /// The founder whose person id is `id`, if one of this application's founders has it.
    pub fn founder(&self, id: PersonId) -> Option<&Founder> {
        self.founders.iter().find(|f| f.person_id == id)
    }

    /// The founders, in the order the application named them.
    pub fn founders(&self) -> &[Founder] {
        &self.founders
    }

    /// Why the application was last rejected, if it ever was.
    pub fn rejection_reason(&self) -> Option<&str> {
        self.rejection_reason.as_deref()
    }

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

    /// The electorates whose votes on the next gate have passed in the current stage.
    pub fn gate_votes_passed(&self) -> Vec<Electorate> {
        self.gate_votes
            .iter()
            .map(|(electorate, _)| *electorate)
            .collect()
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
        self.evolve(event);
    }
}

/// Every command acts on the whole application: its version is the stream's.
impl crate::Versioned for Application {}
