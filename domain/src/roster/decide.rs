//! How the roster turns a command into events or a refusal.

use super::aggregate::Roster;
use super::events::RosterEvent;
use crate::actor::{Actor, Authored, Role};
use crate::ids::PersonId;
use crate::text::{self, InputError, InputProblem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Every command the roster handles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RosterCommand {
    /// Puts a person on the roster.
    Register {
        person_id: PersonId,
        name: String,
        email: Option<String>,
    },
    /// The person sits on the Membership Committee from `since`.
    TakeCommitteeSeat {
        person_id: PersonId,
        since: NaiveDate,
    },
    /// The person's seat ends: from `on` they no longer sit.
    LeaveCommitteeSeat { person_id: PersonId, on: NaiveDate },
    /// The person joins the expert panel pool with these areas of expertise.
    JoinPanelPool {
        person_id: PersonId,
        expertise: Vec<String>,
    },
    /// The person leaves the expert panel pool.
    LeavePanelPool { person_id: PersonId },
    /// Records that the personal data of `subject` (a person on the roster or a founder)
    /// was erased: the caller has destroyed the key it was sealed under.
    RecordErasure { subject: PersonId },
}

/// Every reason the roster refuses a command.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RosterError {
    #[error("the {role} role may not manage the roster")]
    RoleNotPermitted { role: Role },
    #[error("{0}")]
    InvalidInput(#[from] InputError),
    #[error("person {0} is not on the roster")]
    UnknownPerson(PersonId),
    #[error("person {0} is already on the roster")]
    AlreadyRegistered(PersonId),
    #[error("{email} is already the address of person {holder}")]
    EmailTaken { email: String, holder: PersonId },
    #[error("the person already sits on the committee since {since}")]
    AlreadySeated { since: NaiveDate },
    #[error("the person does not sit on the committee")]
    NotSeated,
    #[error("a seat cannot start on {since}, before the previous one ended on {ended}")]
    SeatsOverlap { since: NaiveDate, ended: NaiveDate },
    #[error("a seat cannot end on {on}: it began on {since}, and a seat lasts at least a day")]
    EndsBeforeItBegins { on: NaiveDate, since: NaiveDate },
    #[error("the person is already in the expert panel pool")]
    AlreadyInPool,
    #[error("the person is not in the expert panel pool")]
    NotInPool,
    #[error("the personal data of {0} has already been erased")]
    AlreadyErased(PersonId),
}

impl RosterError {
    /// How the refusal should be reported.
    pub fn refusal(&self) -> crate::application::Refusal {
        use crate::application::Refusal;
        match self {
            RosterError::RoleNotPermitted { .. } => Refusal::Forbidden,
            RosterError::UnknownPerson(_) => Refusal::NotFound,
            RosterError::InvalidInput(_)
            | RosterError::SeatsOverlap { .. }
            | RosterError::EndsBeforeItBegins { .. } => Refusal::Unprocessable,
            RosterError::AlreadyRegistered(_)
            | RosterError::EmailTaken { .. }
            | RosterError::AlreadySeated { .. }
            | RosterError::NotSeated
            | RosterError::AlreadyInPool
            | RosterError::NotInPool
            | RosterError::AlreadyErased(_) => Refusal::Conflict,
        }
    }

    /// A stable, machine-readable name of the rule.
    pub fn code(&self) -> &'static str {
        match self {
            RosterError::RoleNotPermitted { .. } => "role-not-permitted",
            RosterError::InvalidInput(_) => "invalid-input",
            RosterError::UnknownPerson(_) => "person-not-found",
            RosterError::AlreadyRegistered(_) => "person-already-registered",
            RosterError::EmailTaken { .. } => "email-taken",
            RosterError::AlreadySeated { .. } => "already-seated",
            RosterError::NotSeated => "not-seated",
            RosterError::SeatsOverlap { .. } => "seats-overlap",
            RosterError::EndsBeforeItBegins { .. } => "seat-ends-before-it-begins",
            RosterError::AlreadyInPool => "already-in-panel-pool",
            RosterError::NotInPool => "not-in-panel-pool",
            RosterError::AlreadyErased(_) => "already-erased",
        }
    }
}

const EXPERTISE_MAX: usize = 20;

impl Roster {
    /// The events `command` produces, or why it is refused.
    pub fn decide(
        &self,
        command: Authored<RosterCommand>,
    ) -> Result<Vec<RosterEvent>, RosterError> {
        let Authored { by, at, command } = command;
        permit(&by)?;
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
                let expertise = areas(&expertise)?;
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
            RosterCommand::RecordErasure { subject } => {
                if self.erased.contains(&subject) {
                    return Err(RosterError::AlreadyErased(subject));
                }
                Ok(vec![RosterEvent::PersonalDataErased { subject, at }])
            }
        }
    }

    fn known(&self, id: PersonId) -> Result<&super::PersonRecord, RosterError> {
        self.people.get(&id).ok_or(RosterError::UnknownPerson(id))
    }
}

fn permit(by: &Actor) -> Result<(), RosterError> {
    match by.role {
        Role::Secretariat | Role::System => Ok(()),
        role => Err(RosterError::RoleNotPermitted { role }),
    }
}

/// Up to [`EXPERTISE_MAX`] distinct areas, each a short line.
fn areas(expertise: &[String]) -> Result<Vec<String>, InputError> {
    if expertise.len() > EXPERTISE_MAX {
        return Err(InputError::new(
            "expertise",
            InputProblem::TooMany { max: EXPERTISE_MAX },
        ));
    }
    let mut valid: Vec<String> = Vec::with_capacity(expertise.len());
    for (i, area) in expertise.iter().enumerate() {
        let area = text::line(&format!("expertise[{i}]"), area, 100)?;
        if valid.contains(&area) {
            return Err(InputError::new(
                format!("expertise[{i}]"),
                InputProblem::Duplicate,
            ));
        }
        valid.push(area);
    }
    Ok(valid)
}

impl crate::refusal::Refusable for RosterError {
    fn refusal(&self) -> crate::refusal::Refusal {
        RosterError::refusal(self)
    }
    fn code(&self) -> &'static str {
        RosterError::code(self)
    }
    fn field(&self) -> Option<String> {
        match self {
            RosterError::InvalidInput(input) => Some(input.field.clone()),
            _ => None,
        }
    }
}
