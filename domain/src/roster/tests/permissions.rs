//! The roster refuses a role exactly where the table of who may give which command does.

use super::*;

/// One command of each kind.
fn every_kind() -> Vec<RosterCommand> {
    vec![
        RosterCommand::Register {
            person_id: stranger(),
            name: "Pat Doe".to_owned(),
            email: None,
        },
        RosterCommand::TakeCommitteeSeat {
            person_id: amara(),
            since: date(2026, 3, 2),
        },
        RosterCommand::LeaveCommitteeSeat {
            person_id: amara(),
            on: date(2026, 3, 2),
        },
        RosterCommand::JoinPanelPool {
            person_id: jonas(),
            expertise: vec!["finance".to_owned()],
        },
        RosterCommand::LeavePanelPool { person_id: jonas() },
        RosterCommand::JoinSecretariat { person_id: jonas() },
        RosterCommand::LeaveSecretariat { person_id: amara() },
        RosterCommand::RecordErasure { subject: jonas() },
        RosterCommand::Hub(HubCommand::AdmitHub {
            hub_id: hub(0x4B03),
            name: "Impact Hub Braga".to_owned(),
            city: "Braga".to_owned(),
            country: "PT".to_owned(),
            joined: date(2026, 3, 2),
            application_id: None,
        }),
        RosterCommand::Hub(HubCommand::AppointDelegate {
            hub_id: porto(),
            person_id: amara(),
            since: date(2026, 3, 2),
        }),
        RosterCommand::Hub(HubCommand::EndDelegation {
            hub_id: porto(),
            person_id: amara(),
            on: date(2026, 3, 2),
        }),
        RosterCommand::Hub(HubCommand::SuspendHub {
            hub_id: porto(),
            reason: "Fees unpaid.".to_owned(),
        }),
        RosterCommand::Hub(HubCommand::ReinstateHub { hub_id: porto() }),
        RosterCommand::Hub(HubCommand::RecordHubDeparture {
            hub_id: porto(),
            reason: "The hub closed.".to_owned(),
        }),
    ]
}

#[test]
fn every_role_the_table_leaves_out_is_refused_before_anything_else() {
    let roster = replayed(two_hubs());
    let roles = Role::ALL.into_iter().chain([Role::System]);
    for role in roles {
        for command in every_kind() {
            let kind = command.kind();
            let decided = roster.decide(Authored::new(someone_in(role), now(), command));
            let refused = Err(RosterError::RoleNotPermitted { role });
            assert_eq!(decided == refused, !kind.permits(role), "{role} {kind:?}");
        }
    }
}
