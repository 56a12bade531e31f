//! Recording that a person's personal data was erased.

use super::*;

fn record(subject: PersonId) -> RosterCommand {
    RosterCommand::RecordErasure { subject }
}

fn erased(subject: PersonId) -> RosterEvent {
    RosterEvent::PersonalDataErased { subject, at: now() }
}

#[tokio::test]
async fn an_erasure_is_recorded_for_a_person_on_the_roster() {
    given(two_people())
        .when_async(by_secretary(record(amara())))
        .await
        .then_expect_events(vec![erased(amara())]);
}

#[tokio::test]
async fn an_erasure_is_recorded_for_a_founder_who_is_not_on_the_roster() {
    given(two_people())
        .when_async(by_secretary(record(stranger())))
        .await
        .then_expect_events(vec![erased(stranger())]);
}

#[tokio::test]
async fn a_person_is_erased_once() {
    given([two_people(), vec![erased(amara())]].concat())
        .when_async(by_secretary(record(amara())))
        .await
        .then_expect_error(RosterError::AlreadyErased(amara()));
}

#[tokio::test]
async fn only_the_secretariat_records_an_erasure() {
    for role in [Role::Applicant, Role::Panelist, Role::Committee] {
        given(two_people())
            .when_async(Authored::new(someone_in(role), now(), record(amara())))
            .await
            .then_expect_error(RosterError::RoleNotPermitted { role });
    }
}

#[test]
fn the_erased_person_keeps_their_seats_but_not_their_name_or_address() {
    let roster = replayed(
        [
            two_people(),
            vec![seat_taken(amara(), date(2026, 1, 1)), erased(amara())],
        ]
        .concat(),
    );
    let amara = roster.person(amara()).expect("still on the roster");
    assert_eq!(amara.name, crate::personal::ERASED);
    assert_eq!(amara.email, None);
    assert_eq!(amara.seats.len(), 1);
    assert!(roster.is_erased(super::amara()));
    assert!(!roster.is_erased(jonas()));
}
