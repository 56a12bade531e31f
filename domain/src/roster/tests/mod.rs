//! Given/when/then tests of the `Roster` aggregate: registering people, committee seats
//! and the electorate they make, the expert panel pool and the secretariat.

mod erasure;
mod permissions;
mod pool;
mod registration;
mod seats;
mod secretariat;
mod versions;

use super::{Roster, RosterCommand, RosterError, RosterEvent, RosterServices};
use crate::actor::{Actor, Authored, Role};
use crate::ids::PersonId;
use crate::text::{InputError, InputProblem};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use cqrs_es::test::{AggregateTestExecutor, TestFramework};
use uuid::Uuid;

// ---- people ------------------------------------------------------------------------------

fn person(n: u128) -> PersonId {
    PersonId(Uuid::from_u128(n))
}

/// Amara, registered with an address in every history that names her.
fn amara() -> PersonId {
    person(21)
}

/// Jonas, registered without an address.
fn jonas() -> PersonId {
    person(22)
}

/// Nobody on the roster.
fn stranger() -> PersonId {
    person(99)
}

fn secretary() -> Actor {
    Actor {
        id: person(3),
        name: "Ingrid Berg".to_owned(),
        role: Role::Secretariat,
        application: None,
    }
}

fn someone_in(role: Role) -> Actor {
    Actor {
        id: person(5),
        name: "Pat Doe".to_owned(),
        role,
        application: None,
    }
}

// ---- time --------------------------------------------------------------------------------

/// When the command under test is issued.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0)
        .single()
        .expect("a valid time")
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid date")
}

// ---- events ------------------------------------------------------------------------------

fn registered(person_id: PersonId, name: &str, email: Option<&str>) -> RosterEvent {
    RosterEvent::PersonRegistered {
        person_id,
        name: name.to_owned(),
        email: email.map(str::to_owned),
        at: now(),
    }
}

fn seat_taken(person_id: PersonId, since: NaiveDate) -> RosterEvent {
    RosterEvent::CommitteeSeatTaken {
        person_id,
        since,
        at: now(),
    }
}

fn seat_left(person_id: PersonId, on: NaiveDate) -> RosterEvent {
    RosterEvent::CommitteeSeatLeft {
        person_id,
        on,
        at: now(),
    }
}

/// Amara (with her address) and Jonas (without one) on the roster, neither seated nor in
/// the pool.
fn two_people() -> Vec<RosterEvent> {
    vec![
        registered(amara(), "Amara Diallo", Some("amara@example.org")),
        registered(jonas(), "Jonas Weber", None),
    ]
}

// ---- given / when ------------------------------------------------------------------------

fn given(history: Vec<RosterEvent>) -> AggregateTestExecutor<Roster> {
    TestFramework::<Roster>::with(RosterServices).given(history)
}

/// `command` issued by the secretariat at `now()`.
fn by_secretary(command: RosterCommand) -> Authored<RosterCommand> {
    Authored::new(secretary(), now(), command)
}

/// The roster after `history`.
fn replayed(history: Vec<RosterEvent>) -> Roster {
    use cqrs_es::Aggregate;
    let mut roster = Roster::default();
    for event in history {
        roster.apply(event);
    }
    roster
}

fn invalid(field: &str, problem: InputProblem) -> RosterError {
    RosterError::InvalidInput(InputError::new(field, problem))
}
