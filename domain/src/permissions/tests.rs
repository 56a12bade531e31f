//! The table as a reader would write it down, so that a change to who may do what shows
//! here.

use super::*;

/// Each kind of command and the roles that may give it, one line each.
fn table() -> String {
    CommandKind::ALL
        .iter()
        .map(|kind| {
            let roles: Vec<&str> = kind.roles().iter().map(|role| role.as_str()).collect();
            format!("{:<19} {}\n", format!("{kind:?}"), roles.join(" "))
        })
        .collect()
}

#[test]
fn the_table_reads_as_written() {
    let expected = "\
OpenApplication     applicant secretariat
GrantEligibility    secretariat
SubmitDocument      applicant
AssignPanelist      secretariat
DeclareConflict     panelist
FileReview          panelist
ReviseReview        panelist
ReleaseFeedback     secretariat
RequestRevision     secretariat
ScheduleInterview   secretariat
RescheduleInterview secretariat
RecordInterview     secretariat
CancelInterview     secretariat
AdvanceStage        secretariat system
Reject              secretariat system
MarkRevisionOverdue system
LodgeAppeal         applicant
DecideAppeal        secretariat system
Withdraw            applicant
Sign                applicant secretariat
OpenVote            secretariat
CastBallot          committee delegate
RecuseFromVote      committee delegate
CloseVote           secretariat system
RegisterPerson      secretariat system
TakeCommitteeSeat   secretariat system
LeaveCommitteeSeat  secretariat system
JoinPanelPool       secretariat system
LeavePanelPool      secretariat system
JoinSecretariat     secretariat system
LeaveSecretariat    secretariat system
RecordErasure       secretariat system
AdmitHub            secretariat system
ManageDelegates     secretariat system
ManageHubStanding   secretariat
";
    assert_eq!(table(), expected);
}

#[test]
fn only_charter_itself_marks_a_revision_overdue() {
    for role in Role::ALL {
        assert!(!MarkRevisionOverdue.permits(role), "{role}");
    }
    assert!(MarkRevisionOverdue.permits(Role::System));
}

#[test]
fn a_refusal_names_the_role_and_the_action() {
    assert_eq!(permit(Role::Secretariat, OpenApplication), Ok(()));
    let refused = permit(Role::Panelist, GrantEligibility).unwrap_err();
    assert_eq!(
        refused,
        NotPermitted {
            role: Role::Panelist,
            kind: GrantEligibility
        }
    );
    assert_eq!(
        refused.to_string(),
        "the panelist role may not grant eligibility"
    );
}
