//! What happened to the roster.

use crate::ids::{ApplicationId, HubId, PersonId};
use chrono::{DateTime, NaiveDate, Utc};
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

/// Every fact recorded about the people of the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RosterEvent {
    PersonRegistered {
        person_id: PersonId,
        name: String,
        email: Option<String>,
        at: DateTime<Utc>,
    },
    CommitteeSeatTaken {
        person_id: PersonId,
        /// The first day the person sits on the committee.
        since: NaiveDate,
        at: DateTime<Utc>,
    },
    CommitteeSeatLeft {
        person_id: PersonId,
        /// The first day the person no longer sits.
        on: NaiveDate,
        at: DateTime<Utc>,
    },
    PanelPoolJoined {
        person_id: PersonId,
        expertise: Vec<String>,
        at: DateTime<Utc>,
    },
    PanelPoolLeft {
        person_id: PersonId,
        at: DateTime<Utc>,
    },
    /// The person became a member of the secretariat.
    SecretariatJoined {
        person_id: PersonId,
        at: DateTime<Utc>,
    },
    /// The person is no longer a member of the secretariat.
    SecretariatLeft {
        person_id: PersonId,
        at: DateTime<Utc>,
    },
    /// The personal data of `subject` was erased on request: its key is destroyed, and
    /// everything sealed under it reads as [`crate::personal::ERASED`] from now on, in the
    /// event store and, once they reach this event, in every read model.
    PersonalDataErased {
        subject: PersonId,
        at: DateTime<Utc>,
    },
    /// A hub became a member (a co-owner) of the network: by a network vote and both
    /// signatures on its application, or, for a hub older than Charter, registered by the
    /// secretariat with the day it joined.
    HubAdmitted {
        hub_id: HubId,
        name: String,
        city: String,
        country: String,
        /// The first day the hub is a member.
        joined: NaiveDate,
        /// The application that admitted it; none for a hub older than Charter.
        application_id: Option<ApplicationId>,
        at: DateTime<Utc>,
    },
    /// A person on the roster represents the hub from `since`: they may cast or change its
    /// ballot in network votes.
    DelegateAppointed {
        hub_id: HubId,
        person_id: PersonId,
        since: NaiveDate,
        at: DateTime<Utc>,
    },
    /// The person no longer represents the hub from `on`.
    DelegationEnded {
        hub_id: HubId,
        person_id: PersonId,
        on: NaiveDate,
        at: DateTime<Utc>,
    },
    /// The hub is suspended: until reinstated it has no vote.
    HubSuspended {
        hub_id: HubId,
        reason: String,
        at: DateTime<Utc>,
    },
    /// The suspended hub is in good standing again.
    HubReinstated { hub_id: HubId, at: DateTime<Utc> },
    /// The hub left the network for good.
    HubLeft {
        hub_id: HubId,
        reason: String,
        at: DateTime<Utc>,
    },
}

impl RosterEvent {
    /// When the event occurred.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            RosterEvent::PersonRegistered { at, .. }
            | RosterEvent::CommitteeSeatTaken { at, .. }
            | RosterEvent::CommitteeSeatLeft { at, .. }
            | RosterEvent::PanelPoolJoined { at, .. }
            | RosterEvent::PanelPoolLeft { at, .. }
            | RosterEvent::SecretariatJoined { at, .. }
            | RosterEvent::SecretariatLeft { at, .. }
            | RosterEvent::PersonalDataErased { at, .. }
            | RosterEvent::HubAdmitted { at, .. }
            | RosterEvent::DelegateAppointed { at, .. }
            | RosterEvent::DelegationEnded { at, .. }
            | RosterEvent::HubSuspended { at, .. }
            | RosterEvent::HubReinstated { at, .. }
            | RosterEvent::HubLeft { at, .. } => *at,
        }
    }

    /// The person the event is about, if any: a hub's own events are about no one.
    pub fn person(&self) -> Option<PersonId> {
        Some(match self {
            RosterEvent::PersonRegistered { person_id, .. }
            | RosterEvent::CommitteeSeatTaken { person_id, .. }
            | RosterEvent::CommitteeSeatLeft { person_id, .. }
            | RosterEvent::PanelPoolJoined { person_id, .. }
            | RosterEvent::PanelPoolLeft { person_id, .. }
            | RosterEvent::SecretariatJoined { person_id, .. }
            | RosterEvent::SecretariatLeft { person_id, .. }
            | RosterEvent::PersonalDataErased {
                subject: person_id, ..
            }
            | RosterEvent::DelegateAppointed { person_id, .. }
            | RosterEvent::DelegationEnded { person_id, .. } => *person_id,
            RosterEvent::HubAdmitted { .. }
            | RosterEvent::HubSuspended { .. }
            | RosterEvent::HubReinstated { .. }
            | RosterEvent::HubLeft { .. } => return None,
        })
    }

    /// The hub the event is about, if any.
    pub fn hub(&self) -> Option<HubId> {
        match self {
            RosterEvent::HubAdmitted { hub_id, .. }
            | RosterEvent::DelegateAppointed { hub_id, .. }
            | RosterEvent::DelegationEnded { hub_id, .. }
            | RosterEvent::HubSuspended { hub_id, .. }
            | RosterEvent::HubReinstated { hub_id, .. }
            | RosterEvent::HubLeft { hub_id, .. } => Some(*hub_id),
            _ => None,
        }
    }
}

impl DomainEvent for RosterEvent {
    fn event_type(&self) -> String {
        match self {
            RosterEvent::PersonRegistered { .. } => "PersonRegistered",
            RosterEvent::CommitteeSeatTaken { .. } => "CommitteeSeatTaken",
            RosterEvent::CommitteeSeatLeft { .. } => "CommitteeSeatLeft",
            RosterEvent::PanelPoolJoined { .. } => "PanelPoolJoined",
            RosterEvent::PanelPoolLeft { .. } => "PanelPoolLeft",
            RosterEvent::SecretariatJoined { .. } => "SecretariatJoined",
            RosterEvent::SecretariatLeft { .. } => "SecretariatLeft",
            RosterEvent::PersonalDataErased { .. } => "PersonalDataErased",
            RosterEvent::HubAdmitted { .. } => "HubAdmitted",
            RosterEvent::DelegateAppointed { .. } => "DelegateAppointed",
            RosterEvent::DelegationEnded { .. } => "DelegationEnded",
            RosterEvent::HubSuspended { .. } => "HubSuspended",
            RosterEvent::HubReinstated { .. } => "HubReinstated",
            RosterEvent::HubLeft { .. } => "HubLeft",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1.0".to_owned()
    }
}
