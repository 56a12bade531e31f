//! The member hubs of the network, kept in the roster.
//!
//! Why in the roster and not an aggregate of their own: a hub's delegates are people on the
//! roster, and a network vote fixes its electorate (the hubs in good standing) the way a
//! committee vote fixes the seated members. One stream keeps both facts consistent with
//! each other: a delegate is appointed only while the person is on the roster and not
//! erased, a person represents one hub at a time, and the electorate of any vote, of the
//! committee or of the network, is read from one state. Hubs change a few times a year; the
//! roster's one stream is no bottleneck for them.

use super::aggregate::Roster;
use super::commands::HubCommand;
use super::errors::RosterError;
use super::events::RosterEvent;
use super::hub_record::{Delegation, HubRecord, Standing};
use super::seat::Seat;
use crate::ids::{ApplicationId, HubId, PersonId};
use crate::text;
use chrono::{DateTime, NaiveDate, Utc};

impl Roster {
    /// A member hub, whatever its standing.
    pub fn hub(&self, id: HubId) -> Option<&HubRecord> {
        self.hubs.get(&id)
    }

    /// Every hub the roster knows, in id order.
    pub fn hubs(&self) -> impl Iterator<Item = (HubId, &HubRecord)> {
        self.hubs.iter().map(|(id, hub)| (*id, hub))
    }

    /// The hubs in good standing on `day`, with their names: the electorate of a network
    /// vote opened that day.
    pub fn network_on(&self, day: NaiveDate) -> Vec<(HubId, String)> {
        self.hubs
            .iter()
            .filter(|(_, hub)| hub.in_good_standing_on(day))
            .map(|(id, hub)| (*id, hub.name.clone()))
            .collect()
    }

    /// The hub `person` represents on `day`, if any.
    pub fn delegation_of(&self, person: PersonId, day: NaiveDate) -> Option<Delegation> {
        self.hubs.iter().find_map(|(id, hub)| {
            hub.delegates
                .iter()
                .any(|(delegate, term)| *delegate == person && term.held_on(day))
                .then(|| Delegation {
                    hub: *id,
                    in_good_standing: hub.in_good_standing_on(day),
                })
        })
    }

    /// The version of hub `id` alone: the sequence of the roster's last event about it.
    pub fn version_of_hub(&self, id: HubId) -> i64 {
        self.hub_versions.get(&id).copied().unwrap_or(0)
    }

    fn known_hub(&self, id: HubId) -> Result<&HubRecord, RosterError> {
        self.hubs.get(&id).ok_or(RosterError::UnknownHub(id))
    }

    /// A hub that has not left.
    fn current_hub(&self, id: HubId) -> Result<&HubRecord, RosterError> {
        let hub = self.known_hub(id)?;
        if matches!(hub.standing, Standing::Left { .. }) {
            return Err(RosterError::HubHasLeft);
        }
        Ok(hub)
    }

    /// The events of a command about a hub.
    pub(super) fn decide_hub(
        &self,
        command: HubCommand,
        at: DateTime<Utc>,
    ) -> Result<Vec<RosterEvent>, RosterError> {
        match command {
            HubCommand::AdmitHub {
                hub_id,
                name,
                city,
                country,
                joined,
                application_id,
            } => self.admit(hub_id, &name, &city, &country, joined, application_id, at),
            HubCommand::AppointDelegate {
                hub_id,
                person_id,
                since,
            } => self.appoint(hub_id, person_id, since, at),
            HubCommand::EndDelegation {
                hub_id,
                person_id,
                on,
            } => self.end_delegation(hub_id, person_id, on, at),
            HubCommand::SuspendHub { hub_id, reason } => self.current_hub(hub_id).and_then(|hub| {
                let reason = text::paragraph("reason", &reason, 4_000)?;
                if hub.standing != Standing::Member {
                    return Err(RosterError::HubAlreadySuspended);
                }
                Ok(vec![RosterEvent::HubSuspended { hub_id, reason, at }])
            }),
            HubCommand::ReinstateHub { hub_id } => self.current_hub(hub_id).and_then(|hub| {
                if hub.standing == Standing::Member {
                    return Err(RosterError::HubNotSuspended);
                }
                Ok(vec![RosterEvent::HubReinstated { hub_id, at }])
            }),
            HubCommand::RecordHubDeparture { hub_id, reason } => {
                self.current_hub(hub_id).and_then(|_| {
                    let reason = text::paragraph("reason", &reason, 4_000)?;
                    Ok(vec![RosterEvent::HubLeft { hub_id, reason, at }])
                })
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn admit(
        &self,
        hub_id: HubId,
        name: &str,
        city: &str,
        country: &str,
        joined: NaiveDate,
        application_id: Option<ApplicationId>,
        at: DateTime<Utc>,
    ) -> Result<Vec<RosterEvent>, RosterError> {
        let name = text::line("name", name, 150)?;
        let city = text::line("city", city, 150)?;
        let country = crate::application::validate_country(country)?;
        if joined > at.date_naive() {
            return Err(RosterError::JoinedInFuture { joined });
        }
        if self.hubs.contains_key(&hub_id) {
            return Err(RosterError::HubAlreadyAdmitted(hub_id));
        }
        for (id, hub) in &self.hubs {
            if application_id.is_some() && hub.application_id == application_id {
                return Err(RosterError::ApplicationAlreadyAdmitted { hub: *id });
            }
            let current = !matches!(hub.standing, Standing::Left { .. });
            if current && hub.name.to_lowercase() == name.to_lowercase() {
                return Err(RosterError::HubNameTaken { name, holder: *id });
            }
        }
        Ok(vec![RosterEvent::HubAdmitted {
            hub_id,
            name,
            city,
            country,
            joined,
            application_id,
            at,
        }])
    }

    fn appoint(
        &self,
        hub_id: HubId,
        person_id: PersonId,
        since: NaiveDate,
        at: DateTime<Utc>,
    ) -> Result<Vec<RosterEvent>, RosterError> {
        let hub = self.current_hub(hub_id)?;
        if self.is_erased(person_id) {
            return Err(RosterError::PersonErased(person_id));
        }
        if self.person(person_id).is_none() {
            return Err(RosterError::UnknownPerson(person_id));
        }
        if let Some(term) = hub.open_delegation(person_id) {
            return Err(RosterError::AlreadyDelegate { since: term.since });
        }
        if let Some((other, _)) = self.hubs.iter().find(|(id, other)| {
            **id != hub_id
                && !matches!(other.standing, Standing::Left { .. })
                && other.open_delegation(person_id).is_some()
        }) {
            return Err(RosterError::DelegateOfAnotherHub { hub: *other });
        }
        let ended = self
            .hubs
            .values()
            .flat_map(|hub| hub.delegates.iter())
            .filter(|(id, _)| *id == person_id)
            .filter_map(|(_, term)| term.until)
            .max();
        if let Some(ended) = ended.filter(|ended| since < *ended) {
            return Err(RosterError::DelegationsOverlap { since, ended });
        }
        Ok(vec![RosterEvent::DelegateAppointed {
            hub_id,
            person_id,
            since,
            at,
        }])
    }

    fn end_delegation(
        &self,
        hub_id: HubId,
        person_id: PersonId,
        on: NaiveDate,
        at: DateTime<Utc>,
    ) -> Result<Vec<RosterEvent>, RosterError> {
        let term = self
            .known_hub(hub_id)?
            .open_delegation(person_id)
            .ok_or(RosterError::NotADelegate)?;
        if on <= term.since {
            return Err(RosterError::DelegationEndsBeforeItBegins {
                on,
                since: term.since,
            });
        }
        Ok(vec![RosterEvent::DelegationEnded {
            hub_id,
            person_id,
            on,
            at,
        }])
    }

    /// The state after a hub's event; `false` for any other event.
    pub(super) fn evolve_hub(&mut self, event: &RosterEvent) -> bool {
        match event {
            RosterEvent::HubAdmitted {
                hub_id,
                name,
                city,
                country,
                joined,
                application_id,
                ..
            } => {
                self.hubs.insert(
                    *hub_id,
                    HubRecord {
                        name: name.clone(),
                        city: city.clone(),
                        country: country.clone(),
                        joined: *joined,
                        application_id: *application_id,
                        standing: Standing::Member,
                        delegates: Vec::new(),
                    },
                );
            }
            RosterEvent::DelegateAppointed {
                hub_id,
                person_id,
                since,
                ..
            } => {
                if let Some(hub) = self.hubs.get_mut(hub_id) {
                    let term = Seat {
                        since: *since,
                        until: None,
                    };
                    hub.delegates.push((*person_id, term));
                }
            }
            RosterEvent::DelegationEnded {
                hub_id,
                person_id,
                on,
                ..
            } => {
                if let Some(term) = self.hubs.get_mut(hub_id).and_then(|hub| {
                    hub.delegates
                        .iter_mut()
                        .rev()
                        .find(|(id, term)| id == person_id && term.until.is_none())
                }) {
                    term.1.until = Some(*on);
                }
            }
            RosterEvent::HubSuspended { hub_id, reason, .. } => {
                self.set_standing(
                    *hub_id,
                    Standing::Suspended {
                        reason: reason.clone(),
                    },
                );
            }
            RosterEvent::HubReinstated { hub_id, .. } => {
                self.set_standing(*hub_id, Standing::Member);
            }
            RosterEvent::HubLeft { hub_id, reason, .. } => {
                self.set_standing(
                    *hub_id,
                    Standing::Left {
                        reason: reason.clone(),
                    },
                );
            }
            _ => return false,
        }
        true
    }

    fn set_standing(&mut self, hub: HubId, standing: Standing) {
        if let Some(hub) = self.hubs.get_mut(&hub) {
            hub.standing = standing;
        }
    }
}
