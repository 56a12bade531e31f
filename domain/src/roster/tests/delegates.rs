//! A hub's delegates: people on the roster who cast its ballot in network votes, each for
//! one hub at a time.

use super::*;
use crate::roster::Delegation;

fn appoint(hub_id: HubId, person_id: PersonId, since: NaiveDate) -> RosterCommand {
    RosterCommand::Hub(HubCommand::AppointDelegate {
        hub_id,
        person_id,
        since,
    })
}

fn end(hub_id: HubId, person_id: PersonId, on: NaiveDate) -> RosterCommand {
    RosterCommand::Hub(HubCommand::EndDelegation {
        hub_id,
        person_id,
        on,
    })
}

/// Amara represents Porto from 1 January 2026.
fn amara_for_porto() -> Vec<RosterEvent> {
    [
        two_hubs(),
        vec![delegate_appointed(porto(), amara(), date(2026, 1, 1))],
    ]
    .concat()
}

/// Amara represented Porto from 1 January until 1 March 2026 (her last day was 28
/// February).
fn amara_was_for_porto() -> Vec<RosterEvent> {
    [
        amara_for_porto(),
        vec![delegation_ended(porto(), amara(), date(2026, 3, 1))],
    ]
    .concat()
}

// ---- appointing ----------------------------------------------------------------------------

#[tokio::test]
async fn the_secretariat_appoints_a_person_on_the_roster_as_a_hubs_delegate() {
    given(two_hubs())
        .when_async(by_secretary(appoint(porto(), amara(), date(2026, 1, 1))))
        .await
        .then_expect_events(vec![delegate_appointed(porto(), amara(), date(2026, 1, 1))]);
}

#[tokio::test]
async fn a_hub_may_have_several_delegates_at_once() {
    given(amara_for_porto())
        .when_async(by_secretary(appoint(porto(), jonas(), date(2026, 2, 1))))
        .await
        .then_expect_events(vec![delegate_appointed(porto(), jonas(), date(2026, 2, 1))]);
}

#[tokio::test]
async fn only_a_person_on_the_roster_is_appointed() {
    given(two_hubs())
        .when_async(by_secretary(appoint(porto(), stranger(), date(2026, 1, 1))))
        .await
        .then_expect_error(RosterError::UnknownPerson(stranger()));
}

#[tokio::test]
async fn a_person_whose_data_was_erased_is_not_appointed() {
    let erased = RosterEvent::PersonalDataErased {
        subject: jonas(),
        at: now(),
    };
    given([two_hubs(), vec![erased]].concat())
        .when_async(by_secretary(appoint(porto(), jonas(), date(2026, 1, 1))))
        .await
        .then_expect_error(RosterError::PersonErased(jonas()));
}

#[tokio::test]
async fn a_delegate_is_appointed_only_for_a_current_member_hub() {
    given(two_hubs())
        .when_async(by_secretary(appoint(
            unknown_hub(),
            amara(),
            date(2026, 1, 1),
        )))
        .await
        .then_expect_error(RosterError::UnknownHub(unknown_hub()));
    let left = RosterEvent::HubLeft {
        hub_id: porto(),
        reason: "The hub closed.".to_owned(),
        at: now(),
    };
    given([two_hubs(), vec![left]].concat())
        .when_async(by_secretary(appoint(porto(), amara(), date(2026, 1, 1))))
        .await
        .then_expect_error(RosterError::HubHasLeft);
}

#[tokio::test]
async fn a_delegate_is_not_appointed_twice_for_the_same_hub() {
    given(amara_for_porto())
        .when_async(by_secretary(appoint(porto(), amara(), date(2026, 2, 1))))
        .await
        .then_expect_error(RosterError::AlreadyDelegate {
            since: date(2026, 1, 1),
        });
}

#[tokio::test]
async fn a_person_represents_one_hub_at_a_time() {
    given(amara_for_porto())
        .when_async(by_secretary(appoint(lisbon(), amara(), date(2026, 2, 1))))
        .await
        .then_expect_error(RosterError::DelegateOfAnotherHub { hub: porto() });
}

#[tokio::test]
async fn a_new_delegation_cannot_start_before_the_last_one_ended() {
    given(amara_was_for_porto())
        .when_async(by_secretary(appoint(lisbon(), amara(), date(2026, 2, 15))))
        .await
        .then_expect_error(RosterError::DelegationsOverlap {
            since: date(2026, 2, 15),
            ended: date(2026, 3, 1),
        });
}

#[tokio::test]
async fn a_former_delegate_represents_another_hub_from_the_day_the_last_delegation_ended() {
    given(amara_was_for_porto())
        .when_async(by_secretary(appoint(lisbon(), amara(), date(2026, 3, 1))))
        .await
        .then_expect_events(vec![delegate_appointed(
            lisbon(),
            amara(),
            date(2026, 3, 1),
        )]);
}

// ---- ending --------------------------------------------------------------------------------

#[tokio::test]
async fn the_secretariat_ends_a_delegation() {
    given(amara_for_porto())
        .when_async(by_secretary(end(porto(), amara(), date(2026, 3, 1))))
        .await
        .then_expect_events(vec![delegation_ended(porto(), amara(), date(2026, 3, 1))]);
}

#[tokio::test]
async fn a_delegation_cannot_end_before_it_began_and_lasts_at_least_a_day() {
    for on in [date(2025, 12, 1), date(2026, 1, 1)] {
        given(amara_for_porto())
            .when_async(by_secretary(end(porto(), amara(), on)))
            .await
            .then_expect_error(RosterError::DelegationEndsBeforeItBegins {
                on,
                since: date(2026, 1, 1),
            });
    }
}

#[tokio::test]
async fn only_a_current_delegate_of_the_hub_stops_representing_it() {
    let cases = [
        (two_hubs(), porto()),
        (amara_was_for_porto(), porto()),
        (amara_for_porto(), lisbon()),
    ];
    for (history, hub_id) in cases {
        given(history)
            .when_async(by_secretary(end(hub_id, amara(), date(2026, 4, 1))))
            .await
            .then_expect_error(RosterError::NotADelegate);
    }
    given(two_hubs())
        .when_async(by_secretary(end(unknown_hub(), amara(), date(2026, 4, 1))))
        .await
        .then_expect_error(RosterError::UnknownHub(unknown_hub()));
}

// ---- whom a delegate represents ------------------------------------------------------------

#[test]
fn a_delegate_represents_the_hub_from_the_first_day_of_the_term_until_the_day_before_its_end() {
    let roster = replayed(amara_was_for_porto());
    let porto_in_good_standing = Some(Delegation {
        hub: porto(),
        in_good_standing: true,
    });
    assert_eq!(roster.delegation_of(amara(), date(2025, 12, 31)), None);
    assert_eq!(
        roster.delegation_of(amara(), date(2026, 1, 1)),
        porto_in_good_standing
    );
    assert_eq!(
        roster.delegation_of(amara(), date(2026, 2, 28)),
        porto_in_good_standing
    );
    assert_eq!(roster.delegation_of(amara(), date(2026, 3, 1)), None);
    assert_eq!(roster.delegation_of(jonas(), date(2026, 2, 1)), None);
}

#[test]
fn a_delegate_who_moved_represents_each_hub_in_turn() {
    let roster = replayed(
        [
            amara_was_for_porto(),
            vec![delegate_appointed(lisbon(), amara(), date(2026, 3, 1))],
        ]
        .concat(),
    );
    let hub_on = |day| roster.delegation_of(amara(), day).map(|d| d.hub);
    assert_eq!(hub_on(date(2026, 2, 28)), Some(porto()));
    assert_eq!(hub_on(date(2026, 3, 1)), Some(lisbon()));
    let porto = roster.hub(porto()).expect("a member");
    assert_eq!(
        porto.delegates,
        vec![(
            amara(),
            crate::roster::Seat {
                since: date(2026, 1, 1),
                until: Some(date(2026, 3, 1)),
            }
        )]
    );
}
