//! The roster's state and its wiring into cqrs-es: `handle` decides, `apply` evolves.

use super::commands::RosterCommand;
use super::errors::RosterError;
use super::events::RosterEvent;
use super::hub_record::HubRecord;
use super::seat::Seat;
use crate::actor::Authored;
use crate::ids::{HubId, PersonId};
use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The id of the network's one roster stream.
pub const ROSTER_ID: &str = "network";

/// The roster needs nothing from outside.
#[derive(Debug, Clone, Copy, Default)]
pub struct RosterServices;

/// One person on the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRecord {
    pub name: String,
    pub email: Option<String>,
    /// Every committee seat the person has held or holds, oldest first.
    pub seats: Vec<Seat>,
    /// Areas of expertise while in the expert panel pool.
    pub panel_pool: Option<Vec<String>>,
    /// Whether the person is a member of the secretariat.
    pub secretariat: bool,
}

impl PersonRecord {
    /// The seat still open (without an end), if any.
    pub fn open_seat(&self) -> Option<&Seat> {
        self.seats.last().filter(|seat| seat.until.is_none())
    }
}

/// The people of the network.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Roster {
    pub(crate) people: BTreeMap<PersonId, PersonRecord>,
    /// Everyone whose personal data has been erased.
    pub(crate) erased: BTreeSet<PersonId>,
    /// How many events the roster has applied: the sequence of its stream's last event.
    #[serde(default)]
    pub(crate) sequence: i64,
    /// The sequence of the last event about each person (or erased subject): the version
    /// of that person alone.
    #[serde(default)]
    pub(crate) versions: BTreeMap<PersonId, i64>,
    /// The member hubs, past and present.
    #[serde(default)]
    pub(crate) hubs: BTreeMap<HubId, HubRecord>,
    /// The sequence of the last event about each hub: the version of that hub alone.
    #[serde(default)]
    pub(crate) hub_versions: BTreeMap<HubId, i64>,
}

impl Roster {
    /// Whether the personal data of `id` has been erased.
    pub fn is_erased(&self, id: PersonId) -> bool {
        self.erased.contains(&id)
    }

    /// The version of `id` alone: the sequence of the roster's last event about them, 0
    /// for someone it has no event about. One stream holds everyone, so its own version
    /// moves with each change to anyone; a condition on one person (`If-Match`) is checked
    /// against theirs, and another's change does not make it stale.
    pub fn version_of(&self, id: PersonId) -> i64 {
        self.versions.get(&id).copied().unwrap_or(0)
    }

    /// A person on the roster.
    pub fn person(&self, id: PersonId) -> Option<&PersonRecord> {
        self.people.get(&id)
    }

    /// Whoever holds a committee seat on `day`, with their names: the electorate of a vote
    /// opened that day.
    pub fn committee_on(&self, day: NaiveDate) -> Vec<(PersonId, String)> {
        self.people
            .iter()
            .filter(|(_, person)| person.seats.iter().any(|seat| seat.held_on(day)))
            .map(|(id, person)| (*id, person.name.clone()))
            .collect()
    }

    /// Whether `id` is a member of the secretariat.
    pub fn is_secretariat(&self, id: PersonId) -> bool {
        self.people
            .get(&id)
            .is_some_and(|person| person.secretariat)
    }

    /// Whether `id` is in the expert panel pool.
    pub fn in_panel_pool(&self, id: PersonId) -> bool {
        self.people
            .get(&id)
            .is_some_and(|person| person.panel_pool.is_some())
    }
}

impl Aggregate for Roster {
    const TYPE: &'static str = "Roster";
    type Command = Authored<RosterCommand>;
    type Event = RosterEvent;
    type Error = RosterError;
    type Services = RosterServices;

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let events = self.decide(command)?;
        crate::record(self, sink, events).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        self.evolve(event);
    }
}

/// A roster command acts on one hub or one person: its version is that hub's, or theirs.
impl crate::Versioned for Roster {
    fn version_for(&self, command: &Self::Command, _sequence: i64) -> i64 {
        match (command.command.hub(), command.command.person()) {
            (Some(hub), _) => self.version_of_hub(hub),
            (None, Some(person)) => self.version_of(person),
            (None, None) => 0,
        }
    }
}
