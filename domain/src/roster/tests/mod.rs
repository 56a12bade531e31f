//! Given/when/then tests of the `Roster` aggregate: registering people, committee seats
//! and the electorate they make, the expert panel pool, the secretariat, and the member
//! hubs with their delegates and the network electorate they make.

mod delegates;
mod erasure;
mod hub_standing;
mod hubs;
mod permissions;
mod pool;
mod registration;
mod seats;
mod secretariat;
mod versions;

use super::{HubCommand, Roster, RosterCommand, RosterError, RosterEvent, RosterServices};
use crate::actor::{Actor, Authored, Role};
use crate::ids::{HubId, PersonId};
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

// ---- hubs --------------------------------------------------------------------------------

fn hub(n: u128) -> HubId {
    HubId(Uuid::from_u128(n))
}

/// Impact Hub Porto, a member since 2019, before Charter.
fn porto() -> HubId {
    hub(0x4B01)
}

/// Impact Hub Lisbon, a member since 2021, before Charter.
fn lisbon() -> HubId {
    hub(0x4B02)
}

/// A hub the roster has never heard of.
fn unknown_hub() -> HubId {
    hub(0x4B99)
}

/// Hub `hub_id`, named `name`, in Portugal, a member from `joined`, with no application.
fn hub_admitted(hub_id: HubId, name: &str, joined: NaiveDate) -> RosterEvent {
    RosterEvent::HubAdmitted {
        hub_id,
        name: name.to_owned(),
        city: name.trim_start_matches("Impact Hub ").to_owned(),
        country: "PT".to_owned(),
        joined,
        application_id: None,
        at: now(),
    }
}

fn delegate_appointed(hub_id: HubId, person_id: PersonId, since: NaiveDate) -> RosterEvent {
    RosterEvent::DelegateAppointed {
        hub_id,
        person_id,
        since,
        at: now(),
    }
}

fn delegation_ended(hub_id: HubId, person_id: PersonId, on: NaiveDate) -> RosterEvent {
    RosterEvent::DelegationEnded {
        hub_id,
        person_id,
        on,
        at: now(),
    }
}

/// Amara and Jonas on the roster; Porto (from 1 May 2019) and Lisbon (from 1 September
/// 2021) are member hubs, neither with a delegate yet.
fn two_hubs() -> Vec<RosterEvent> {
    [
        two_people(),
        vec![
            hub_admitted(porto(), "Impact Hub Porto", date(2019, 5, 1)),
            hub_admitted(lisbon(), "Impact Hub Lisbon", date(2021, 9, 1)),
        ],
    ]
    .concat()
}

// ---- given / when ------------------------------------------------------------------------

fn given(history: Vec<RosterEvent>) -> AggregateTestExecutor<Roster> {
    TestFramework::<Roster>::with(RosterServices).given(history)
}

/// `command` issued by the secretariat at `now()`.
fn by_secretary(command: RosterCommand) -> Authored<RosterCommand> {
    Authored::new(secretary(), now(), command)
}

/// `command` issued by Charter itself at `now()`.
fn by_charter(command: RosterCommand) -> Authored<RosterCommand> {
    Authored::new(Actor::system("admission"), now(), command)
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
