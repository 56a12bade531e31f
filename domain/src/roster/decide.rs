//! How the roster turns a command into events or a refusal.

use super::aggregate::{PersonRecord, Roster};
use super::commands::RosterCommand;
use super::errors::RosterError;
use super::events::RosterEvent;
use super::validate;
use crate::actor::Authored;
use crate::ids::PersonId;
use crate::permissions;
use crate::text;

impl Roster {
    /// The events `command` produces, or why it is refused.
    pub fn decide(
        &self,
        command: Authored<RosterCommand>,
    ) -> Result<Vec<RosterEvent>, RosterError> {
        let Authored { by, at, command } = command;
        permissions::permit(by.role, command.kind())?;
        match command {
            RosterCommand::Register {
                person_id,
                name,
                email,
            } => {
                let name = text::line("name", &name, 200)?;
                let email = match email.as_deref().map(str::trim) {
                    None | Some("") => None,
                    Some(email) => Some(crate::application::validate_email("email", email)?),
                };
                if self.people.contains_key(&person_id) {
                    return Err(RosterError::AlreadyRegistered(person_id));
                }
                if let Some(email) = &email {
                    if let Some((holder, _)) = self
                        .people
                        .iter()
                        .find(|(_, person)| person.email.as_ref() == Some(email))
                    {
                        return Err(RosterError::EmailTaken {
                            email: email.clone(),
                            holder: *holder,
                        });
                    }
                }
                Ok(vec![RosterEvent::PersonRegistered {
                    person_id,
                    name,
                    email,
                    at,
                }])
            }
            RosterCommand::TakeCommitteeSeat { person_id, since } => {
                let person = self.known(person_id)?;
                if let Some(seat) = person.open_seat() {
                    return Err(RosterError::AlreadySeated { since: seat.since });
                }
                if let Some(ended) = person.seats.last().and_then(|seat| seat.until) {
                    if since < ended {
                        return Err(RosterError::SeatsOverlap { since, ended });
                    }
                }
                Ok(vec![RosterEvent::CommitteeSeatTaken {
                    person_id,
                    since,
                    at,
                }])
            }
            RosterCommand::LeaveCommitteeSeat { person_id, on } => {
                let seat = self
                    .known(person_id)?
                    .open_seat()
                    .ok_or(RosterError::NotSeated)?;
                // A seat of no days would hold no vote, and a later seat could then start on
                // the same day as it: refuse it.
                if on <= seat.since {
                    return Err(RosterError::EndsBeforeItBegins {
                        on,
                        since: seat.since,
                    });
                }
                Ok(vec![RosterEvent::CommitteeSeatLeft { person_id, on, at }])
            }
            RosterCommand::JoinPanelPool {
                person_id,
                expertise,
            } => {
                let expertise = validate::areas(&expertise)?;
                if self.known(person_id)?.panel_pool.is_some() {
                    return Err(RosterError::AlreadyInPool);
                }
                Ok(vec![RosterEvent::PanelPoolJoined {
                    person_id,
                    expertise,
                    at,
                }])
            }
            RosterCommand::LeavePanelPool { person_id } => {
                if self.known(person_id)?.panel_pool.is_none() {
                    return Err(RosterError::NotInPool);
                }
                Ok(vec![RosterEvent::PanelPoolLeft { person_id, at }])
            }
            RosterCommand::JoinSecretariat { person_id } => {
                if self.present(person_id)?.secretariat {
                    return Err(RosterError::AlreadyInSecretariat);
                }
                Ok(vec![RosterEvent::SecretariatJoined { person_id, at }])
            }
            RosterCommand::LeaveSecretariat { person_id } => {
                if !self.present(person_id)?.secretariat {
                    return Err(RosterError::NotInSecretariat);
                }
                Ok(vec![RosterEvent::SecretariatLeft { person_id, at }])
            }
            RosterCommand::RecordErasure { subject } => {
                if self.erased.contains(&subject) {
                    return Err(RosterError::AlreadyErased(subject));
                }
                Ok(vec![RosterEvent::PersonalDataErased { subject, at }])
            }
            RosterCommand::Hub(command) => self.decide_hub(command, at),
        }
    }

    fn known(&self, id: PersonId) -> Result<&PersonRecord, RosterError> {
        self.people.get(&id).ok_or(RosterError::UnknownPerson(id))
    }

    /// A person on the roster whose personal data is still there: someone who can sign
    /// in, and so hold a role that is signed in with.
    fn present(&self, id: PersonId) -> Result<&PersonRecord, RosterError> {
        let person = self.known(id)?;
        if self.erased.contains(&id) {
            return Err(RosterError::PersonErased(id));
        }
        Ok(person)
    }
}
