//! The vote's state and its wiring into cqrs-es: `handle` decides, `apply` evolves.

use super::commands::VoteCommand;
use super::errors::VoteError;
use super::events::{Motion, Outcome, RecordedChoice, Tally, VoteEvent};
use crate::actor::Authored;
use crate::application::Stage;
use crate::ids::{ApplicationId, VoteId};
use crate::policy::{Electorate, Policy, VoteRule};
use chrono::{DateTime, Utc};
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;
use uuid::Uuid;

/// What a vote needs from outside that is the same for every command.
#[derive(Debug, Clone)]
pub struct VoteServices {
    /// The policy whose rule a new vote takes.
    pub policy: Arc<Policy>,
}

/// A member of the electorate: a committee member, or a member hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    pub recused: bool,
    /// Every ballot the member cast, the last one counting.
    pub ballots: Vec<RecordedChoice>,
}

/// One committee vote.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CommitteeVote {
    pub(crate) id: Option<VoteId>,
    pub(crate) application: Option<ApplicationId>,
    pub(crate) stage: Option<Stage>,
    pub(crate) motion: Option<Motion>,
    pub(crate) rule: Option<VoteRule>,
    pub(crate) closes_at: Option<DateTime<Utc>>,
    /// The electorate, keyed by the member's person id in a committee vote and by the
    /// hub's id in a network vote.
    pub(crate) members: BTreeMap<Uuid, Member>,
    pub(crate) closed: Option<(Tally, Outcome)>,
}

impl CommitteeVote {
    /// The vote's id, once opened.
    pub fn id(&self) -> Option<VoteId> {
        self.id
    }

    /// The application the motion is about.
    pub fn application(&self) -> Option<ApplicationId> {
        self.application
    }

    /// The motion.
    pub fn motion(&self) -> Option<&Motion> {
        self.motion.as_ref()
    }

    /// The rule fixed at opening.
    pub fn rule(&self) -> Option<&VoteRule> {
        self.rule.as_ref()
    }

    /// When the vote closes by itself.
    pub fn closes_at(&self) -> Option<DateTime<Utc>> {
        self.closes_at
    }

    /// The tally and outcome, once closed.
    pub fn result(&self) -> Option<(Tally, Outcome)> {
        self.closed
    }

    /// The electorate fixed at opening: people or hubs, as [`CommitteeVote::electorate`]
    /// says.
    pub fn members(&self) -> &BTreeMap<Uuid, Member> {
        &self.members
    }

    /// Who votes: the committee or the network.
    pub fn electorate(&self) -> Electorate {
        self.rule
            .as_ref()
            .map(|rule| rule.electorate)
            .unwrap_or_default()
    }
}

impl Aggregate for CommitteeVote {
    const TYPE: &'static str = "CommitteeVote";
    type Command = Authored<VoteCommand>;
    type Event = VoteEvent;
    type Error = VoteError;
    type Services = VoteServices;

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

/// Every command acts on the whole vote: its version is the stream's.
impl crate::Versioned for CommitteeVote {}
