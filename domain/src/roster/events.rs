//! What happened to the roster.

use crate::ids::PersonId;
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
            | RosterEvent::PersonalDataErased { at, .. } => *at,
        }
    }

    /// The person the event is about.
    pub fn person(&self) -> PersonId {
        match self {
            RosterEvent::PersonRegistered { person_id, .. }
            | RosterEvent::CommitteeSeatTaken { person_id, .. }
            | RosterEvent::CommitteeSeatLeft { person_id, .. }
            | RosterEvent::PanelPoolJoined { person_id, .. }
            | RosterEvent::PanelPoolLeft { person_id, .. }
            | RosterEvent::SecretariatJoined { person_id, .. }
            | RosterEvent::SecretariatLeft { person_id, .. }
            | RosterEvent::PersonalDataErased {
                subject: person_id, ..
            } => *person_id,
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
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1.0".to_owned()
    }
}
