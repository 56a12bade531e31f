//! What the secretariat (or Charter, enrolling someone or after an erasure) asks of the
//! roster.

use crate::ids::PersonId;
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
        }
    }

    /// The person the command acts on.
    pub fn person(&self) -> PersonId {
        match self {
            RosterCommand::Register { person_id, .. }
            | RosterCommand::TakeCommitteeSeat { person_id, .. }
            | RosterCommand::LeaveCommitteeSeat { person_id, .. }
            | RosterCommand::JoinPanelPool { person_id, .. }
            | RosterCommand::LeavePanelPool { person_id }
            | RosterCommand::JoinSecretariat { person_id }
            | RosterCommand::LeaveSecretariat { person_id }
            | RosterCommand::RecordErasure { subject: person_id } => *person_id,
        }
    }
}
