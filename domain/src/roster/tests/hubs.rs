//! Admitting member hubs, each hub's own version, and who may give the hub commands.

use super::*;
use crate::ids::ApplicationId;
use crate::Versioned;

/// The hub of the application that became an initiative in these tests.
fn braga() -> HubId {
    hub(0x4B03)
}

fn braga_application() -> ApplicationId {
    ApplicationId(Uuid::from_u128(0xA991))
}

fn admit(
    hub_id: HubId,
    name: &str,
    country: &str,
    joined: NaiveDate,
    application_id: Option<ApplicationId>,
) -> RosterCommand {
    RosterCommand::Hub(HubCommand::AdmitHub {
        hub_id,
        name: name.to_owned(),
        city: "Braga".to_owned(),
        country: country.to_owned(),
        joined,
        application_id,
    })
}

/// Charter admits Braga's hub on the day its application became an initiative.
fn admit_braga() -> RosterCommand {
    admit(
        braga(),
        "Impact Hub Braga",
        "PT",
        now().date_naive(),
        Some(braga_application()),
    )
}

fn braga_admitted() -> RosterEvent {
    RosterEvent::HubAdmitted {
        hub_id: braga(),
        name: "Impact Hub Braga".to_owned(),
        city: "Braga".to_owned(),
        country: "PT".to_owned(),
        joined: now().date_naive(),
        application_id: Some(braga_application()),
        at: now(),
    }
}

// ---- admitting ---------------------------------------------------------------------------

#[tokio::test]
async fn the_secretariat_registers_a_hub_older_than_charter_with_the_day_it_joined() {
    let command = admit(
        braga(),
        "  Impact Hub Braga ",
        " pt",
        date(2018, 6, 1),
        None,
    );
    given(two_hubs())
        .when_async(by_secretary(command))
        .await
        .then_expect_events(vec![RosterEvent::HubAdmitted {
            hub_id: braga(),
            name: "Impact Hub Braga".to_owned(),
            city: "Braga".to_owned(),
            country: "PT".to_owned(),
            joined: date(2018, 6, 1),
            application_id: None,
            at: now(),
        }]);
}

#[tokio::test]
async fn charter_admits_the_hub_of_an_application_that_became_an_initiative() {
    given(two_hubs())
        .when_async(by_charter(admit_braga()))
        .await
        .then_expect_events(vec![braga_admitted()]);
}

#[tokio::test]
async fn a_hub_cannot_join_on_a_day_still_to_come() {
    let tomorrow = date(2026, 3, 3);
    given(two_hubs())
        .when_async(by_secretary(admit(
            braga(),
            "Impact Hub Braga",
            "PT",
            tomorrow,
            None,
        )))
        .await
        .then_expect_error(RosterError::JoinedInFuture { joined: tomorrow });
}

#[tokio::test]
async fn a_hub_is_admitted_once() {
    let again = admit(porto(), "Impact Hub Porto 2", "PT", date(2020, 1, 1), None);
    given(two_hubs())
        .when_async(by_secretary(again))
        .await
        .then_expect_error(RosterError::HubAlreadyAdmitted(porto()));
}

#[tokio::test]
async fn an_application_admits_one_hub() {
    let another = admit(
        hub(0x4B04),
        "Impact Hub Guimarães",
        "PT",
        now().date_naive(),
        Some(braga_application()),
    );
    given([two_hubs(), vec![braga_admitted()]].concat())
        .when_async(by_charter(another))
        .await
        .then_expect_error(RosterError::ApplicationAlreadyAdmitted { hub: braga() });
}

#[tokio::test]
async fn two_current_hubs_do_not_share_a_name_whatever_its_case() {
    let namesake = admit(braga(), "impact hub PORTO", "PT", date(2020, 1, 1), None);
    given(two_hubs())
        .when_async(by_secretary(namesake))
        .await
        .then_expect_error(RosterError::HubNameTaken {
            name: "impact hub PORTO".to_owned(),
            holder: porto(),
        });
}

#[tokio::test]
async fn the_name_of_a_hub_that_left_may_be_taken_again() {
    let left = RosterEvent::HubLeft {
        hub_id: porto(),
        reason: "The hub closed.".to_owned(),
        at: now(),
    };
    let result = given([two_hubs(), vec![left]].concat())
        .when_async(by_secretary(admit(
            braga(),
            "Impact Hub Porto",
            "PT",
            date(2026, 1, 1),
            None,
        )))
        .await
        .inspect_result();
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn a_hub_needs_a_country_code_and_a_name() {
    let malformed = InputProblem::Malformed {
        expected: "an ISO 3166-1 alpha-2 country code such as \"PT\"",
    };
    let cases = [
        (
            "Impact Hub Braga",
            "Portugal",
            invalid("country", malformed.clone()),
        ),
        ("Impact Hub Braga", "P1", invalid("country", malformed)),
        ("   ", "PT", invalid("name", InputProblem::Blank)),
    ];
    for (name, country, refusal) in cases {
        given(two_hubs())
            .when_async(by_secretary(admit(
                braga(),
                name,
                country,
                date(2020, 1, 1),
                None,
            )))
            .await
            .then_expect_error(refusal);
    }
}

#[test]
fn an_admitted_hub_is_a_member_in_good_standing() {
    let roster = replayed([two_hubs(), vec![braga_admitted()]].concat());
    let braga = roster.hub(braga()).expect("admitted");
    assert_eq!(braga.standing, crate::roster::Standing::Member);
    assert_eq!(braga.application_id, Some(braga_application()));
    assert!(braga.delegates.is_empty());
    assert_eq!(roster.hubs().count(), 3);
}

// ---- versions ----------------------------------------------------------------------------

#[test]
fn each_hub_is_at_the_sequence_of_the_last_event_about_it() {
    // 1, 2: Amara and Jonas registered; 3: Porto admitted; 4: Lisbon admitted; 5: Amara
    // appointed for Porto.
    let roster = replayed(
        [
            two_hubs(),
            vec![delegate_appointed(porto(), amara(), date(2026, 1, 1))],
        ]
        .concat(),
    );
    assert_eq!(roster.version_of_hub(porto()), 5);
    assert_eq!(roster.version_of_hub(lisbon()), 4);
    assert_eq!(roster.version_of_hub(unknown_hub()), 0, "no event about it");
}

#[test]
fn an_appointment_moves_both_the_hubs_version_and_the_persons() {
    let before = replayed(two_hubs());
    let after = replayed(
        [
            two_hubs(),
            vec![delegate_appointed(porto(), amara(), date(2026, 1, 1))],
        ]
        .concat(),
    );
    assert_eq!(after.version_of_hub(porto()), 5);
    assert_eq!(after.version_of(amara()), 5);
    assert_eq!(before.version_of(jonas()), after.version_of(jonas()));
    assert_eq!(
        before.version_of_hub(lisbon()),
        after.version_of_hub(lisbon())
    );
}

#[test]
fn a_hub_command_is_conditional_on_the_version_of_the_hub_it_names() {
    let roster = replayed(
        [
            two_hubs(),
            vec![delegate_appointed(porto(), amara(), date(2026, 1, 1))],
        ]
        .concat(),
    );
    let suspend = |hub_id| {
        by_secretary(RosterCommand::Hub(HubCommand::SuspendHub {
            hub_id,
            reason: "Fees unpaid.".to_owned(),
        }))
    };
    assert_eq!(roster.version_for(&suspend(porto()), 5), 5);
    assert_eq!(roster.version_for(&suspend(lisbon()), 5), 4);
    // An appointment names both: the hub's version is the one it is conditional on.
    let appoint = by_secretary(RosterCommand::Hub(HubCommand::AppointDelegate {
        hub_id: lisbon(),
        person_id: amara(),
        since: date(2026, 3, 1),
    }));
    assert_eq!(roster.version_for(&appoint, 5), 4);
    assert_eq!(roster.version_for(&by_charter(admit_braga()), 5), 0);
}

// ---- who may ------------------------------------------------------------------------------

#[tokio::test]
async fn the_secretariat_and_charter_admit_hubs_and_no_one_else() {
    for role in [
        Role::Applicant,
        Role::Panelist,
        Role::Committee,
        Role::Delegate,
    ] {
        given(two_hubs())
            .when_async(Authored::new(someone_in(role), now(), admit_braga()))
            .await
            .then_expect_error(RosterError::RoleNotPermitted { role });
    }
}

#[tokio::test]
async fn only_the_secretariat_changes_a_hubs_standing_and_only_it_or_charter_its_delegates() {
    // Charter appoints the delegate it enrols (`charter token issue --hub`), as it seats
    // the committee member it enrols; a hub's standing is the secretariat's alone.
    let commands = [
        (
            HubCommand::AppointDelegate {
                hub_id: porto(),
                person_id: amara(),
                since: date(2026, 3, 1),
            },
            true,
        ),
        (
            HubCommand::EndDelegation {
                hub_id: porto(),
                person_id: amara(),
                on: date(2026, 3, 1),
            },
            true,
        ),
        (
            HubCommand::SuspendHub {
                hub_id: porto(),
                reason: "Fees unpaid.".to_owned(),
            },
            false,
        ),
        (HubCommand::ReinstateHub { hub_id: porto() }, false),
        (
            HubCommand::RecordHubDeparture {
                hub_id: porto(),
                reason: "The hub closed.".to_owned(),
            },
            false,
        ),
    ];
    for (command, charter_may) in commands {
        let refused = [Role::System, Role::Committee, Role::Delegate]
            .into_iter()
            .filter(|role| !(charter_may && *role == Role::System));
        for role in refused {
            given(two_hubs())
                .when_async(Authored::new(
                    someone_in(role),
                    now(),
                    RosterCommand::Hub(command.clone()),
                ))
                .await
                .then_expect_error(RosterError::RoleNotPermitted { role });
        }
    }
}
