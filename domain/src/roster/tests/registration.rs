//! Putting people on the roster, and who may manage it.

use super::*;

fn register(person_id: PersonId, name: &str, email: Option<&str>) -> RosterCommand {
    RosterCommand::Register {
        person_id,
        name: name.to_owned(),
        email: email.map(str::to_owned),
    }
}

#[tokio::test]
async fn the_secretariat_registers_a_person_with_a_trimmed_name_and_a_lower_cased_address() {
    given(vec![])
        .when_async(by_secretary(register(
            amara(),
            "  Amara Diallo ",
            Some(" Amara@Example.ORG "),
        )))
        .await
        .then_expect_events(vec![registered(
            amara(),
            "Amara Diallo",
            Some("amara@example.org"),
        )]);
}

#[tokio::test]
async fn a_person_may_be_registered_without_an_address() {
    for email in [None, Some("   ")] {
        given(vec![])
            .when_async(by_secretary(register(jonas(), "Jonas Weber", email)))
            .await
            .then_expect_events(vec![registered(jonas(), "Jonas Weber", None)]);
    }
}

#[tokio::test]
async fn a_person_needs_a_name_of_one_line_and_reasonable_length() {
    let too_long = "x".repeat(201);
    let cases = [
        ("  ", InputProblem::Blank),
        ("Amara\nDiallo", InputProblem::ControlCharacters),
        (too_long.as_str(), InputProblem::TooLong { max: 200 }),
    ];
    for (name, problem) in cases {
        given(vec![])
            .when_async(by_secretary(register(amara(), name, None)))
            .await
            .then_expect_error(invalid("name", problem));
    }
}

#[tokio::test]
async fn a_malformed_address_is_refused() {
    for email in ["amara", "amara@example", "@example.org", "a b@example.org"] {
        given(vec![])
            .when_async(by_secretary(register(amara(), "Amara Diallo", Some(email))))
            .await
            .then_expect_error(invalid(
                "email",
                InputProblem::Malformed {
                    expected: "an e-mail address",
                },
            ));
    }
}

#[tokio::test]
async fn a_person_is_registered_only_once() {
    given(two_people())
        .when_async(by_secretary(register(amara(), "Amara Diallo", None)))
        .await
        .then_expect_error(RosterError::AlreadyRegistered(amara()));
}

#[tokio::test]
async fn an_address_belongs_to_one_person_whatever_its_case() {
    given(two_people())
        .when_async(by_secretary(register(
            person(23),
            "Amara D.",
            Some("AMARA@example.org"),
        )))
        .await
        .then_expect_error(RosterError::EmailTaken {
            email: "amara@example.org".to_owned(),
            holder: amara(),
        });
}

#[tokio::test]
async fn two_people_without_an_address_do_not_clash() {
    given(two_people())
        .when_async(by_secretary(register(person(23), "Noor Haddad", None)))
        .await
        .then_expect_events(vec![registered(person(23), "Noor Haddad", None)]);
}

#[tokio::test]
async fn applicants_panelists_and_committee_members_do_not_manage_the_roster() {
    let commands = [
        register(person(23), "Noor Haddad", None),
        RosterCommand::TakeCommitteeSeat {
            person_id: amara(),
            since: date(2026, 1, 1),
        },
        RosterCommand::JoinPanelPool {
            person_id: amara(),
            expertise: vec![],
        },
    ];
    for role in [Role::Applicant, Role::Panelist, Role::Committee] {
        for command in commands.clone() {
            given(two_people())
                .when_async(Authored::new(someone_in(role), now(), command))
                .await
                .then_expect_error(RosterError::RoleNotPermitted { role });
        }
    }
}

#[tokio::test]
async fn charter_itself_may_manage_the_roster() {
    given(vec![])
        .when_async(Authored::new(
            Actor::system("directory sync"),
            now(),
            register(amara(), "Amara Diallo", None),
        ))
        .await
        .then_expect_events(vec![registered(amara(), "Amara Diallo", None)]);
}

#[tokio::test]
async fn seats_and_the_pool_are_only_for_people_on_the_roster() {
    let commands = [
        RosterCommand::TakeCommitteeSeat {
            person_id: stranger(),
            since: date(2026, 1, 1),
        },
        RosterCommand::LeaveCommitteeSeat {
            person_id: stranger(),
            on: date(2026, 1, 1),
        },
        RosterCommand::JoinPanelPool {
            person_id: stranger(),
            expertise: vec!["finance".to_owned()],
        },
        RosterCommand::LeavePanelPool {
            person_id: stranger(),
        },
    ];
    for command in commands {
        given(two_people())
            .when_async(by_secretary(command))
            .await
            .then_expect_error(RosterError::UnknownPerson(stranger()));
    }
}

#[test]
fn the_roster_shows_a_registered_person() {
    let roster = replayed(two_people());
    let amara = roster.person(amara()).expect("Amara is registered");
    assert_eq!(amara.name, "Amara Diallo");
    assert_eq!(amara.email.as_deref(), Some("amara@example.org"));
    assert!(amara.seats.is_empty());
    assert!(roster.person(stranger()).is_none());
}
