//! What the secretariat (or Charter, enrolling someone or after an erasure) asks of the
//! roster.

use crate::ids::{ApplicationId, HubId, PersonId};
use crate::permissions::CommandKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Every command the roster handles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RosterCommand {
    /// Puts a person on the roster.
    Register {
        person_id: PersonId,
        name: String,
        email: Option<String>,
    },
    /// The person sits on the Membership Committee from `since`.
    TakeCommitteeSeat {
        person_id: PersonId,
        since: NaiveDate,
    },
    /// The person's seat ends: from `on` they no longer sit.
    LeaveCommitteeSeat { person_id: PersonId, on: NaiveDate },
    /// The person joins the expert panel pool with these areas of expertise.
    JoinPanelPool {
        person_id: PersonId,
        expertise: Vec<String>,
    },
    /// The person leaves the expert panel pool.
    LeavePanelPool { person_id: PersonId },
    /// The person joins the secretariat: they manage the network's record.
    JoinSecretariat { person_id: PersonId },
    /// The person leaves the secretariat.
    LeaveSecretariat { person_id: PersonId },
    /// Records that the personal data of `subject` (a person on the roster or a founder)
    /// was erased: the caller has destroyed the key it was sealed under.
    RecordErasure { subject: PersonId },
    /// A command about a member hub.
    Hub(HubCommand),
}

/// Every command about the member hubs of the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum HubCommand {
    /// A hub becomes a member of the network from `joined`. The secretariat registers a
    /// hub older than Charter (no application); Charter admits the hub of an application
    /// that became an initiative.
    AdmitHub {
        hub_id: HubId,
        name: String,
        city: String,
        country: String,
        joined: NaiveDate,
        application_id: Option<ApplicationId>,
    },
    /// The person represents the hub from `since`.
    AppointDelegate {
        hub_id: HubId,
        person_id: PersonId,
        since: NaiveDate,
    },
    /// The person no longer represents the hub from `on`.
    EndDelegation {
        hub_id: HubId,
        person_id: PersonId,
        on: NaiveDate,
    },
    /// The hub is suspended, for `reason`: it has no vote until reinstated.
    SuspendHub { hub_id: HubId, reason: String },
    /// The suspended hub is in good standing again.
    ReinstateHub { hub_id: HubId },
    /// The hub leaves the network, for `reason`.
    RecordHubDeparture { hub_id: HubId, reason: String },
}

impl RosterCommand {
    /// The command's row in the table of who may give it.
    pub fn kind(&self) -> CommandKind {
        match self {
            RosterCommand::Register { .. } => CommandKind::RegisterPerson,
            RosterCommand::TakeCommitteeSeat { .. } => CommandKind::TakeCommitteeSeat,
            RosterCommand::LeaveCommitteeSeat { .. } => CommandKind::LeaveCommitteeSeat,
            RosterCommand::JoinPanelPool { .. } => CommandKind::JoinPanelPool,
            RosterCommand::LeavePanelPool { .. } => CommandKind::LeavePanelPool,
            RosterCommand::JoinSecretariat { .. } => CommandKind::JoinSecretariat,
            RosterCommand::LeaveSecretariat { .. } => CommandKind::LeaveSecretariat,
            RosterCommand::RecordErasure { .. } => CommandKind::RecordErasure,
            RosterCommand::Hub(HubCommand::AdmitHub { .. }) => CommandKind::AdmitHub,
            RosterCommand::Hub(
                HubCommand::AppointDelegate { .. } | HubCommand::EndDelegation { .. },
            ) => CommandKind::ManageDelegates,
            RosterCommand::Hub(
                HubCommand::SuspendHub { .. }
                | HubCommand::ReinstateHub { .. }
                | HubCommand::RecordHubDeparture { .. },
            ) => CommandKind::ManageHubStanding,
        }
    }

    /// The person the command acts on, if any.
    pub fn person(&self) -> Option<PersonId> {
        Some(match self {
            RosterCommand::Register { person_id, .. }
            | RosterCommand::TakeCommitteeSeat { person_id, .. }
            | RosterCommand::LeaveCommitteeSeat { person_id, .. }
            | RosterCommand::JoinPanelPool { person_id, .. }
            | RosterCommand::LeavePanelPool { person_id }
            | RosterCommand::JoinSecretariat { person_id }
            | RosterCommand::LeaveSecretariat { person_id }
            | RosterCommand::RecordErasure { subject: person_id } => *person_id,
            RosterCommand::Hub(
                HubCommand::AppointDelegate { person_id, .. }
                | HubCommand::EndDelegation { person_id, .. },
            ) => *person_id,
            RosterCommand::Hub(_) => return None,
        })
    }

    /// The hub the command acts on, if any.
    pub fn hub(&self) -> Option<HubId> {
        match self {
            RosterCommand::Hub(
                HubCommand::AdmitHub { hub_id, .. }
                | HubCommand::AppointDelegate { hub_id, .. }
                | HubCommand::EndDelegation { hub_id, .. }
                | HubCommand::SuspendHub { hub_id, .. }
                | HubCommand::ReinstateHub { hub_id }
                | HubCommand::RecordHubDeparture { hub_id, .. },
            ) => Some(*hub_id),
            _ => None,
        }
    }
}
