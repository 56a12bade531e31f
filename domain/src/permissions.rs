//! Which role may give which command: the one table, for every command of every aggregate.
//!
//! The aggregates refuse a command whose role is not in it; the HTTP routes check the same
//! table before they parse a body, so both give the same answer. Further rules about *who*
//! (an applicant only for their own application, a panelist only while assigned, Charter
//! itself only on a recorded decision) stay with the aggregate that knows the state.

use crate::actor::Role;
use std::fmt;

/// Declares [`CommandKind`] and its list of every kind from one list of names.
macro_rules! command_kinds {
    ($($(#[$comment:meta])* $kind:ident,)*) => {
        /// Every kind of command Charter's aggregates handle, without its data.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum CommandKind {
            $($(#[$comment])* $kind,)*
        }

        impl CommandKind {
            /// Every kind, in the order of the table.
            pub const ALL: &'static [CommandKind] = &[$(CommandKind::$kind,)*];
        }
    };
}

command_kinds! {
    // The `Application` aggregate.
    OpenApplication,
    GrantEligibility,
    SubmitDocument,
    AssignPanelist,
    DeclareConflict,
    FileReview,
    ReviseReview,
    ReleaseFeedback,
    RequestRevision,
    ScheduleInterview,
    RescheduleInterview,
    RecordInterview,
    CancelInterview,
    AdvanceStage,
    Reject,
    MarkRevisionOverdue,
    LodgeAppeal,
    DecideAppeal,
    Withdraw,
    Sign,
    // The `CommitteeVote` aggregate.
    OpenVote,
    CastBallot,
    RecuseFromVote,
    CloseVote,
    // The roster.
    RegisterPerson,
    TakeCommitteeSeat,
    LeaveCommitteeSeat,
    JoinPanelPool,
    LeavePanelPool,
    JoinSecretariat,
    LeaveSecretariat,
    RecordErasure,
    // The hubs of the network, kept in the roster.
    AdmitHub,
    ManageDelegates,
    ManageHubStanding,
}

use CommandKind::*;
use Role::{Applicant, Committee, Delegate, Panelist, Secretariat, System};

impl CommandKind {
    /// The roles that may give a command of this kind: the table.
    ///
    /// [`Role::System`] is Charter carrying out a recorded decision (a closed vote, a
    /// passed deadline); no token carries it, so for a caller with a token the table reads
    /// the same without it.
    pub fn roles(self) -> &'static [Role] {
        match self {
            OpenApplication | Sign => &[Applicant, Secretariat],
            SubmitDocument | Withdraw | LodgeAppeal => &[Applicant],
            DeclareConflict | FileReview | ReviseReview => &[Panelist],
            GrantEligibility | AssignPanelist | ReleaseFeedback | RequestRevision
            | ScheduleInterview | RescheduleInterview | RecordInterview | CancelInterview => {
                &[Secretariat]
            }
            AdvanceStage | Reject | DecideAppeal => &[Secretariat, System],
            MarkRevisionOverdue => &[System],
            OpenVote => &[Secretariat],
            CastBallot | RecuseFromVote => &[Committee, Delegate],
            CloseVote => &[Secretariat, System],
            RegisterPerson | TakeCommitteeSeat | LeaveCommitteeSeat | JoinPanelPool
            | LeavePanelPool | JoinSecretariat | LeaveSecretariat | RecordErasure | AdmitHub => {
                &[Secretariat, System]
            }
            // Charter appoints the delegate it enrols (`charter token issue --hub`), as it
            // seats the committee member it enrols.
            ManageDelegates => &[Secretariat, System],
            ManageHubStanding => &[Secretariat],
        }
    }

    /// Whether `role` may give a command of this kind.
    pub fn permits(self, role: Role) -> bool {
        self.roles().contains(&role)
    }

    /// What the command does, as a refusal words it ("the panelist role may not ...").
    pub fn action(self) -> &'static str {
        match self {
            OpenApplication => "open an application",
            GrantEligibility => "grant eligibility",
            SubmitDocument => "submit a document",
            AssignPanelist => "assign a panelist",
            DeclareConflict => "declare a conflict of interest",
            FileReview => "file a panel review",
            ReviseReview => "revise a panel review",
            ReleaseFeedback => "release panel feedback",
            RequestRevision => "request a revision",
            ScheduleInterview => "schedule an interview",
            RescheduleInterview => "reschedule an interview",
            RecordInterview => "record an interview",
            CancelInterview => "cancel an interview",
            AdvanceStage => "advance the stage",
            Reject => "reject an application",
            MarkRevisionOverdue => "mark a revision request overdue",
            LodgeAppeal => "lodge an appeal",
            DecideAppeal => "decide an appeal",
            Withdraw => "withdraw an application",
            Sign => "sign the membership agreement",
            OpenVote => "open a vote",
            CastBallot => "cast a ballot",
            RecuseFromVote => "recuse from a vote",
            CloseVote => "close a vote",
            RegisterPerson | TakeCommitteeSeat | LeaveCommitteeSeat | JoinPanelPool
            | LeavePanelPool | JoinSecretariat | LeaveSecretariat => "manage the roster",
            RecordErasure => "erase personal data",
            AdmitHub => "admit a member hub",
            ManageDelegates => "manage a hub's delegates",
            ManageHubStanding => "change a hub's standing",
        }
    }
}

impl fmt::Display for CommandKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.action())
    }
}

/// A role that the table does not allow to give a kind of command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the {role} role may not {kind}")]
pub struct NotPermitted {
    pub role: Role,
    pub kind: CommandKind,
}

/// Refuses `role` a command of `kind` unless the table allows it.
pub fn permit(role: Role, kind: CommandKind) -> Result<(), NotPermitted> {
    if kind.permits(role) {
        Ok(())
    } else {
        Err(NotPermitted { role, kind })
    }
}

#[cfg(test)]
mod tests;
