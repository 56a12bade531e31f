//! A hub's standing (suspended, reinstated, left) and the network electorate it makes on
//! a given day: the hubs in good standing, one vote each.

use super::*;
use crate::roster::{Delegation, Standing};

fn suspend(hub_id: HubId, reason: &str) -> RosterCommand {
    RosterCommand::Hub(HubCommand::SuspendHub {
        hub_id,
        reason: reason.to_owned(),
    })
}

fn reinstate(hub_id: HubId) -> RosterCommand {
    RosterCommand::Hub(HubCommand::ReinstateHub { hub_id })
}

fn depart(hub_id: HubId, reason: &str) -> RosterCommand {
    RosterCommand::Hub(HubCommand::RecordHubDeparture {
        hub_id,
        reason: reason.to_owned(),
    })
}

fn suspended(hub_id: HubId) -> RosterEvent {
    RosterEvent::HubSuspended {
        hub_id,
        reason: "Fees unpaid for two years.".to_owned(),
        at: now(),
    }
}

fn left(hub_id: HubId) -> RosterEvent {
    RosterEvent::HubLeft {
        hub_id,
        reason: "The hub closed.".to_owned(),
        at: now(),
    }
}

/// Porto suspended.
fn porto_suspended() -> Vec<RosterEvent> {
    [two_hubs(), vec![suspended(porto())]].concat()
}

/// Porto left the network.
fn porto_left() -> Vec<RosterEvent> {
    [two_hubs(), vec![left(porto())]].concat()
}

/// The ids of the network electorate on `day`.
fn network_on(roster: &Roster, day: NaiveDate) -> Vec<HubId> {
    roster
        .network_on(day)
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

// ---- suspending and reinstating ------------------------------------------------------------

#[tokio::test]
async fn the_secretariat_suspends_a_hub_for_a_reason() {
    given(two_hubs())
        .when_async(by_secretary(suspend(
            porto(),
            "  Fees unpaid for two years.\n",
        )))
        .await
        .then_expect_events(vec![suspended(porto())]);
}

#[tokio::test]
async fn a_suspension_needs_a_reason() {
    given(two_hubs())
        .when_async(by_secretary(suspend(porto(), " \n ")))
        .await
        .then_expect_error(invalid("reason", InputProblem::Blank));
}

#[tokio::test]
async fn a_suspended_hub_is_not_suspended_again() {
    given(porto_suspended())
        .when_async(by_secretary(suspend(porto(), "Still unpaid.")))
        .await
        .then_expect_error(RosterError::HubAlreadySuspended);
}

#[tokio::test]
async fn the_secretariat_reinstates_a_suspended_hub() {
    given(porto_suspended())
        .when_async(by_secretary(reinstate(porto())))
        .await
        .then_expect_events(vec![RosterEvent::HubReinstated {
            hub_id: porto(),
            at: now(),
        }]);
}

#[tokio::test]
async fn only_a_suspended_hub_is_reinstated() {
    given(two_hubs())
        .when_async(by_secretary(reinstate(porto())))
        .await
        .then_expect_error(RosterError::HubNotSuspended);
}

// ---- leaving ---------------------------------------------------------------------------------

#[tokio::test]
async fn a_hub_leaves_the_network_for_a_reason_suspended_or_not() {
    for history in [two_hubs(), porto_suspended()] {
        given(history)
            .when_async(by_secretary(depart(porto(), " The hub closed. ")))
            .await
            .then_expect_events(vec![left(porto())]);
    }
}

#[tokio::test]
async fn a_departure_needs_a_reason() {
    given(two_hubs())
        .when_async(by_secretary(depart(porto(), "")))
        .await
        .then_expect_error(invalid("reason", InputProblem::Blank));
}

#[tokio::test]
async fn a_hub_that_left_is_neither_suspended_reinstated_nor_leaves_again() {
    let commands = [
        suspend(porto(), "Fees unpaid."),
        reinstate(porto()),
        depart(porto(), "Closed again."),
    ];
    for command in commands {
        given(porto_left())
            .when_async(by_secretary(command))
            .await
            .then_expect_error(RosterError::HubHasLeft);
    }
}

#[tokio::test]
async fn the_standing_of_a_hub_the_roster_does_not_know_is_not_changed() {
    let commands = [
        suspend(unknown_hub(), "Fees unpaid."),
        reinstate(unknown_hub()),
        depart(unknown_hub(), "Closed."),
    ];
    for command in commands {
        given(two_hubs())
            .when_async(by_secretary(command))
            .await
            .then_expect_error(RosterError::UnknownHub(unknown_hub()));
    }
}

#[test]
fn each_event_leaves_the_hub_in_its_standing() {
    let standing = |history| {
        replayed(history)
            .hub(porto())
            .map(|hub| hub.standing.clone())
    };
    assert_eq!(standing(two_hubs()), Some(Standing::Member));
    assert_eq!(
        standing(porto_suspended()),
        Some(Standing::Suspended {
            reason: "Fees unpaid for two years.".to_owned()
        })
    );
    let reinstated = RosterEvent::HubReinstated {
        hub_id: porto(),
        at: now(),
    };
    assert_eq!(
        standing([porto_suspended(), vec![reinstated]].concat()),
        Some(Standing::Member)
    );
    assert_eq!(
        standing(porto_left()),
        Some(Standing::Left {
            reason: "The hub closed.".to_owned()
        })
    );
}

// ---- the network electorate ------------------------------------------------------------------

#[test]
fn the_network_on_a_day_is_the_hubs_in_good_standing_with_their_names() {
    let roster = replayed(two_hubs());
    assert_eq!(
        roster.network_on(date(2026, 3, 2)),
        vec![
            (porto(), "Impact Hub Porto".to_owned()),
            (lisbon(), "Impact Hub Lisbon".to_owned()),
        ]
    );
}

#[test]
fn a_hub_votes_from_the_day_it_joined() {
    let roster = replayed(two_hubs());
    // Lisbon joined on 1 September 2021.
    assert_eq!(network_on(&roster, date(2021, 8, 31)), vec![porto()]);
    assert_eq!(
        network_on(&roster, date(2021, 9, 1)),
        vec![porto(), lisbon()]
    );
    assert_eq!(network_on(&roster, date(2019, 4, 30)), Vec::<HubId>::new());
}

#[test]
fn suspended_hubs_and_hubs_that_left_are_not_in_the_network() {
    let day = date(2026, 3, 2);
    assert_eq!(
        network_on(&replayed(porto_suspended()), day),
        vec![lisbon()]
    );
    assert_eq!(network_on(&replayed(porto_left()), day), vec![lisbon()]);
    let reinstated = RosterEvent::HubReinstated {
        hub_id: porto(),
        at: now(),
    };
    assert_eq!(
        network_on(
            &replayed([porto_suspended(), vec![reinstated]].concat()),
            day
        ),
        vec![porto(), lisbon()]
    );
}

#[test]
fn the_delegate_of_a_suspended_hub_or_one_that_left_represents_a_hub_without_a_vote() {
    let appointed = delegate_appointed(porto(), amara(), date(2026, 1, 1));
    let day = date(2026, 3, 2);
    for (then, in_good_standing) in [
        (vec![], true),
        (vec![suspended(porto())], false),
        (vec![left(porto())], false),
    ] {
        let roster = replayed([two_hubs(), vec![appointed.clone()], then].concat());
        assert_eq!(
            roster.delegation_of(amara(), day),
            Some(Delegation {
                hub: porto(),
                in_good_standing,
            })
        );
    }
}
