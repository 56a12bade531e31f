//! Committee seats, and the electorate they make on a given day.

use super::*;

fn take(person_id: PersonId, since: NaiveDate) -> RosterCommand {
    RosterCommand::TakeCommitteeSeat { person_id, since }
}

fn leave(person_id: PersonId, on: NaiveDate) -> RosterCommand {
    RosterCommand::LeaveCommitteeSeat { person_id, on }
}

/// Amara sits from 1 January 2026.
fn amara_seated() -> Vec<RosterEvent> {
    [two_people(), vec![seat_taken(amara(), date(2026, 1, 1))]].concat()
}

/// Amara sat from 1 January until 1 July 2026 (her last day was 30 June).
fn amara_left() -> Vec<RosterEvent> {
    [amara_seated(), vec![seat_left(amara(), date(2026, 7, 1))]].concat()
}

#[tokio::test]
async fn a_registered_person_takes_a_committee_seat() {
    given(two_people())
        .when_async(by_secretary(take(amara(), date(2026, 1, 1))))
        .await
        .then_expect_events(vec![seat_taken(amara(), date(2026, 1, 1))]);
}

#[tokio::test]
async fn a_person_holds_one_seat_at_a_time() {
    given(amara_seated())
        .when_async(by_secretary(take(amara(), date(2026, 2, 1))))
        .await
        .then_expect_error(RosterError::AlreadySeated {
            since: date(2026, 1, 1),
        });
}

#[tokio::test]
async fn a_seated_person_leaves_the_committee() {
    given(amara_seated())
        .when_async(by_secretary(leave(amara(), date(2026, 7, 1))))
        .await
        .then_expect_events(vec![seat_left(amara(), date(2026, 7, 1))]);
}

#[tokio::test]
async fn only_a_seated_person_leaves_the_committee() {
    for history in [two_people(), amara_left()] {
        given(history)
            .when_async(by_secretary(leave(amara(), date(2026, 8, 1))))
            .await
            .then_expect_error(RosterError::NotSeated);
    }
}

#[tokio::test]
async fn a_seat_cannot_end_before_it_began() {
    given(amara_seated())
        .when_async(by_secretary(leave(amara(), date(2025, 12, 31))))
        .await
        .then_expect_error(RosterError::EndsBeforeItBegins {
            on: date(2025, 12, 31),
            since: date(2026, 1, 1),
        });
}

#[tokio::test]
async fn a_seat_cannot_end_on_the_day_it_began() {
    // A seat of no days holds no vote, and a new seat on the same day would then repeat
    // the first one's start.
    given(amara_seated())
        .when_async(by_secretary(leave(amara(), date(2026, 1, 1))))
        .await
        .then_expect_error(RosterError::EndsBeforeItBegins {
            on: date(2026, 1, 1),
            since: date(2026, 1, 1),
        });
}

#[tokio::test]
async fn a_new_seat_cannot_begin_before_the_previous_one_ended() {
    given(amara_left())
        .when_async(by_secretary(take(amara(), date(2026, 6, 30))))
        .await
        .then_expect_error(RosterError::SeatsOverlap {
            since: date(2026, 6, 30),
            ended: date(2026, 7, 1),
        });
}

#[tokio::test]
async fn a_person_who_left_may_take_a_seat_again_from_the_day_the_last_one_ended() {
    for since in [date(2026, 7, 1), date(2027, 1, 1)] {
        given(amara_left())
            .when_async(by_secretary(take(amara(), since)))
            .await
            .then_expect_events(vec![seat_taken(amara(), since)]);
    }
}

// ---- the electorate ----------------------------------------------------------------------

fn names_on(roster: &Roster, day: NaiveDate) -> Vec<String> {
    roster
        .committee_on(day)
        .into_iter()
        .map(|(_, name)| name)
        .collect()
}

#[test]
fn a_seat_counts_from_its_first_day() {
    let roster = replayed(amara_seated());
    assert_eq!(names_on(&roster, date(2025, 12, 31)), Vec::<String>::new());
    assert_eq!(names_on(&roster, date(2026, 1, 1)), vec!["Amara Diallo"]);
    assert_eq!(
        roster.committee_on(date(2030, 1, 1)),
        vec![(amara(), "Amara Diallo".to_owned())]
    );
}

#[test]
fn a_seat_no_longer_counts_on_the_day_it_ends() {
    let roster = replayed(amara_left());
    assert_eq!(names_on(&roster, date(2026, 6, 30)), vec!["Amara Diallo"]);
    assert_eq!(names_on(&roster, date(2026, 7, 1)), Vec::<String>::new());
}

#[test]
fn a_second_seat_counts_again_and_the_gap_between_does_not() {
    let history = [amara_left(), vec![seat_taken(amara(), date(2027, 1, 1))]].concat();
    let roster = replayed(history);
    assert_eq!(names_on(&roster, date(2026, 3, 1)), vec!["Amara Diallo"]);
    assert_eq!(names_on(&roster, date(2026, 9, 1)), Vec::<String>::new());
    assert_eq!(names_on(&roster, date(2027, 1, 1)), vec!["Amara Diallo"]);
}

#[test]
fn the_electorate_is_everyone_seated_that_day_and_nobody_else() {
    let history = [
        amara_seated(),
        vec![
            seat_taken(jonas(), date(2026, 3, 1)),
            registered(person(23), "Noor Haddad", None),
        ],
    ]
    .concat();
    let roster = replayed(history);
    assert_eq!(names_on(&roster, date(2026, 2, 28)), vec!["Amara Diallo"]);
    assert_eq!(
        roster.committee_on(date(2026, 3, 1)),
        vec![
            (amara(), "Amara Diallo".to_owned()),
            (jonas(), "Jonas Weber".to_owned()),
        ]
    );
}
