//! Each person's own version: the sequence of the roster's last event about them.

use super::*;
use crate::Versioned;

fn joined_pool(person_id: PersonId) -> RosterEvent {
    RosterEvent::PanelPoolJoined {
        person_id,
        expertise: vec!["finance".to_owned()],
        at: now(),
    }
}

#[test]
fn each_person_is_at_the_sequence_of_the_last_event_about_them() {
    // 1: Amara registered, 2: Jonas registered, 3: Amara seated, 4: Jonas in the pool.
    let roster = replayed(
        [
            two_people(),
            vec![seat_taken(amara(), date(2026, 1, 1)), joined_pool(jonas())],
        ]
        .concat(),
    );
    assert_eq!(roster.version_of(amara()), 3);
    assert_eq!(roster.version_of(jonas()), 4);
    assert_eq!(roster.version_of(stranger()), 0, "no event about them");
}

#[test]
fn a_change_to_one_person_leaves_another_persons_version_as_it_was() {
    let before = replayed(two_people());
    let after = replayed([two_people(), vec![joined_pool(jonas())]].concat());
    assert_eq!(before.version_of(amara()), after.version_of(amara()));
    assert_ne!(before.version_of(jonas()), after.version_of(jonas()));
}

#[test]
fn a_command_is_conditional_on_the_version_of_the_person_it_names() {
    let roster = replayed([two_people(), vec![joined_pool(jonas())]].concat());
    let seat = |person_id| {
        by_secretary(RosterCommand::TakeCommitteeSeat {
            person_id,
            since: date(2026, 4, 1),
        })
    };
    assert_eq!(roster.version_for(&seat(amara()), 3), 1);
    assert_eq!(roster.version_for(&seat(jonas()), 3), 3);
    let newcomer = by_secretary(RosterCommand::Register {
        person_id: stranger(),
        name: "Noor Haddad".to_owned(),
        email: None,
    });
    assert_eq!(roster.version_for(&newcomer, 3), 0, "not yet on the roster");
}

#[test]
fn an_erasure_moves_its_subjects_version_even_off_the_roster() {
    let founder = person(77);
    let roster = replayed(
        [
            two_people(),
            vec![RosterEvent::PersonalDataErased {
                subject: founder,
                at: now(),
            }],
        ]
        .concat(),
    );
    assert_eq!(roster.version_of(founder), 3);
    assert_eq!(roster.version_of(amara()), 1);
}
