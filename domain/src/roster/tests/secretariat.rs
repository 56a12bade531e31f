//! The secretariat: joining and leaving it, and how an erasure ends membership.

use super::*;

fn join(person_id: PersonId) -> RosterCommand {
    RosterCommand::JoinSecretariat { person_id }
}

fn leave(person_id: PersonId) -> RosterCommand {
    RosterCommand::LeaveSecretariat { person_id }
}

fn joined(person_id: PersonId) -> RosterEvent {
    RosterEvent::SecretariatJoined {
        person_id,
        at: now(),
    }
}

fn left(person_id: PersonId) -> RosterEvent {
    RosterEvent::SecretariatLeft {
        person_id,
        at: now(),
    }
}

fn erased(subject: PersonId) -> RosterEvent {
    RosterEvent::PersonalDataErased { subject, at: now() }
}

/// Amara is a member of the secretariat.
fn amara_in_secretariat() -> Vec<RosterEvent> {
    [two_people(), vec![joined(amara())]].concat()
}

#[tokio::test]
async fn a_person_on_the_roster_joins_the_secretariat() {
    given(two_people())
        .when_async(by_secretary(join(amara())))
        .await
        .then_expect_events(vec![joined(amara())]);
}

#[tokio::test]
async fn charter_itself_joins_someone_it_enrols_to_the_secretariat() {
    let enrolment = Actor::system("enrolment");
    given(two_people())
        .when_async(Authored::new(enrolment, now(), join(jonas())))
        .await
        .then_expect_events(vec![joined(jonas())]);
}

#[tokio::test]
async fn a_person_is_in_the_secretariat_only_once() {
    given(amara_in_secretariat())
        .when_async(by_secretary(join(amara())))
        .await
        .then_expect_error(RosterError::AlreadyInSecretariat);
}

#[tokio::test]
async fn nobody_off_the_roster_joins_or_leaves_the_secretariat() {
    for command in [join(stranger()), leave(stranger())] {
        given(two_people())
            .when_async(by_secretary(command))
            .await
            .then_expect_error(RosterError::UnknownPerson(stranger()));
    }
}

#[tokio::test]
async fn a_person_whose_data_was_erased_neither_joins_nor_leaves_the_secretariat() {
    for command in [join(amara()), leave(amara())] {
        given([amara_in_secretariat(), vec![erased(amara())]].concat())
            .when_async(by_secretary(command))
            .await
            .then_expect_error(RosterError::PersonErased(amara()));
    }
}

#[tokio::test]
async fn a_member_of_the_secretariat_leaves_it() {
    given(amara_in_secretariat())
        .when_async(by_secretary(leave(amara())))
        .await
        .then_expect_events(vec![left(amara())]);
}

#[tokio::test]
async fn only_a_member_of_the_secretariat_leaves_it() {
    for history in [
        two_people(),
        [amara_in_secretariat(), vec![left(amara())]].concat(),
    ] {
        given(history)
            .when_async(by_secretary(leave(amara())))
            .await
            .then_expect_error(RosterError::NotInSecretariat);
    }
}

#[tokio::test]
async fn a_person_who_left_the_secretariat_may_join_again() {
    given([amara_in_secretariat(), vec![left(amara())]].concat())
        .when_async(by_secretary(join(amara())))
        .await
        .then_expect_events(vec![joined(amara())]);
}

#[tokio::test]
async fn only_the_secretariat_and_charter_itself_change_who_is_in_it() {
    for role in [Role::Applicant, Role::Panelist, Role::Committee] {
        for command in [join(jonas()), leave(amara())] {
            given(amara_in_secretariat())
                .when_async(Authored::new(someone_in(role), now(), command))
                .await
                .then_expect_error(RosterError::RoleNotPermitted { role });
        }
    }
}

#[test]
fn the_roster_knows_who_is_in_the_secretariat() {
    let roster = replayed(amara_in_secretariat());
    assert!(roster.is_secretariat(amara()));
    assert!(!roster.is_secretariat(jonas()));
    assert!(!roster.is_secretariat(stranger()));
    let roster = replayed([amara_in_secretariat(), vec![left(amara())]].concat());
    assert!(!roster.is_secretariat(amara()));
}

#[test]
fn an_erased_person_is_no_longer_in_the_secretariat() {
    let roster = replayed(
        [
            amara_in_secretariat(),
            vec![seat_taken(amara(), date(2026, 1, 1)), erased(amara())],
        ]
        .concat(),
    );
    assert!(!roster.is_secretariat(amara()));
    // Unlike a seat, which stays on the record of who voted.
    assert_eq!(roster.person(amara()).map(|p| p.seats.len()), Some(1));
}

#[test]
fn a_refusal_to_join_twice_is_a_conflict_with_its_own_code() {
    use crate::refusal::Refusal;
    for (error, code) in [
        (RosterError::AlreadyInSecretariat, "already-in-secretariat"),
        (RosterError::NotInSecretariat, "not-in-secretariat"),
        (RosterError::PersonErased(amara()), "person-erased"),
    ] {
        assert_eq!(error.refusal(), Refusal::Conflict, "{error}");
        assert_eq!(error.code(), code);
    }
}
