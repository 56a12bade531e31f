//! How each event changes the roster's state. Never refuses: the event already happened.

use super::aggregate::{PersonRecord, Roster};
use super::events::RosterEvent;
use super::seat::Seat;

impl Roster {
    /// The state after `event`.
    pub(super) fn evolve(&mut self, event: RosterEvent) {
        // Every event of the stream is applied once, in order, from the first: counting
        // them gives each its sequence without asking the store.
        self.sequence += 1;
        if let Some(person) = event.person() {
            self.versions.insert(person, self.sequence);
        }
        if let Some(hub) = event.hub() {
            self.hub_versions.insert(hub, self.sequence);
        }
        if self.evolve_hub(&event) {
            return;
        }
        match event {
            RosterEvent::PersonRegistered {
                person_id,
                name,
                email,
                ..
            } => {
                self.people.insert(
                    person_id,
                    PersonRecord {
                        name,
                        email,
                        seats: Vec::new(),
                        panel_pool: None,
                        secretariat: false,
                    },
                );
            }
            RosterEvent::CommitteeSeatTaken {
                person_id, since, ..
            } => {
                if let Some(person) = self.people.get_mut(&person_id) {
                    person.seats.push(Seat { since, until: None });
                }
            }
            RosterEvent::CommitteeSeatLeft { person_id, on, .. } => {
                if let Some(seat) = self
                    .people
                    .get_mut(&person_id)
                    .and_then(|person| person.seats.last_mut())
                {
                    seat.until = Some(on);
                }
            }
            RosterEvent::PanelPoolJoined {
                person_id,
                expertise,
                ..
            } => {
                if let Some(person) = self.people.get_mut(&person_id) {
                    person.panel_pool = Some(expertise);
                }
            }
            RosterEvent::PanelPoolLeft { person_id, .. } => {
                if let Some(person) = self.people.get_mut(&person_id) {
                    person.panel_pool = None;
                }
            }
            RosterEvent::SecretariatJoined { person_id, .. } => {
                if let Some(person) = self.people.get_mut(&person_id) {
                    person.secretariat = true;
                }
            }
            RosterEvent::SecretariatLeft { person_id, .. } => {
                if let Some(person) = self.people.get_mut(&person_id) {
                    person.secretariat = false;
                }
            }
            RosterEvent::PersonalDataErased { subject, .. } => {
                if let Some(person) = self.people.get_mut(&subject) {
                    person.name = crate::personal::ERASED.to_owned();
                    person.email = None;
                    // Seats and the pool stay, as the record of what the person did; the
                    // secretariat is a role one signs in to, and an erased person has no
                    // address to sign in with, so their membership ends with their data.
                    person.secretariat = false;
                }
                self.erased.insert(subject);
            }
            RosterEvent::HubAdmitted { .. }
            | RosterEvent::DelegateAppointed { .. }
            | RosterEvent::DelegationEnded { .. }
            | RosterEvent::HubSuspended { .. }
            | RosterEvent::HubReinstated { .. }
            | RosterEvent::HubLeft { .. } => {}
        }
    }
}
