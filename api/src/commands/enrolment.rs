//! Enrolling people: putting them on the roster and issuing their token.

use crate::auth::{self, IssueToken, IssuedToken};
use crate::commands::{CommandBus, CommandContext, CommandError};
use crate::http::error::ApiError;
use charter_domain::ids::HubId;
use charter_domain::roster::{HubCommand, Roster, RosterCommand, RosterError, Standing, ROSTER_ID};
use charter_domain::{Actor, ApplicationId, Authored, PersonId, Policy, Role};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;

/// Who gets a token, and for what.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub role: Role,
    pub name: String,
    pub email: Option<String>,
    /// A person already on the roster; a new one is registered when absent.
    pub person: Option<PersonId>,
    /// For an applicant: the application they act for (a new id when absent).
    pub application: Option<ApplicationId>,
    /// For a new panelist: their areas of expertise in the panel pool.
    pub expertise: Vec<String>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Issues a token to a person on the roster. A new person is registered first; a new
/// panelist joins the panel pool, a new committee member takes a seat from today, and a
/// secretariat token goes to a member of the secretariat, whom it joins if they are not yet.
/// A delegate token goes to a person who represents a member hub today (a new delegate is
/// enrolled for their hub with [`enroll_delegate`]).
pub async fn enroll(
    pool: &PgPool,
    roster: &CommandBus<Roster>,
    policy: &Policy,
    now: DateTime<Utc>,
    enrolment: Enrolment,
) -> Result<IssuedToken, ApiError> {
    enrol_for(pool, roster, policy, now, enrolment, None).await
}

/// Issues a delegate token for member hub `hub`: a new person is registered and appointed
/// its delegate from today; a person already on the roster must represent it today.
pub async fn enroll_delegate(
    pool: &PgPool,
    roster: &CommandBus<Roster>,
    policy: &Policy,
    now: DateTime<Utc>,
    enrolment: Enrolment,
    hub: HubId,
) -> Result<IssuedToken, ApiError> {
    enrol_for(pool, roster, policy, now, enrolment, Some(hub)).await
}

async fn enrol_for(
    pool: &PgPool,
    roster: &CommandBus<Roster>,
    policy: &Policy,
    now: DateTime<Utc>,
    enrolment: Enrolment,
    hub: Option<HubId>,
) -> Result<IssuedToken, ApiError> {
    // Everything that can refuse the token is checked before the roster is touched, so a
    // refused request leaves no person behind.
    let token_error = |error: auth::TokenError| match error {
        auth::TokenError::Database(error) => ApiError::from(error),
        other => ApiError::InvalidBody {
            detail: other.to_string(),
            field: None,
        },
    };
    let request = IssueToken {
        role: enrolment.role,
        name: enrolment.name.clone(),
        person: enrolment.person,
        application: enrolment.application,
        expires_at: enrolment.expires_at,
        label: None,
    };
    auth::check(&request).map_err(token_error)?;
    if enrolment.role == Role::Delegate {
        let (state, _) = roster.load(ROSTER_ID).await?;
        check_delegation(&state, enrolment.person, hub, now.date_naive())?;
    } else if hub.is_some() {
        return Err(refused("only a delegate's token names a hub", "hub"));
    }
    let actor = Actor::system("enrolment");
    let meta = CommandContext::of(actor.clone(), None).metadata(policy);
    let run = |command| {
        roster.execute(
            ROSTER_ID,
            Authored::new(actor.clone(), now, command),
            &meta,
            None,
        )
    };
    let (person, name) = match enrolment.person {
        Some(person) => {
            let (state, _) = roster.load(ROSTER_ID).await?;
            if state.is_erased(person) {
                return Err(ApiError::InvalidBody {
                    detail: format!(
                        "the personal data of person {person} was erased; register them anew"
                    ),
                    field: Some("person".to_owned()),
                });
            }
            let record = state.person(person).ok_or_else(|| ApiError::InvalidBody {
                detail: format!("person {person} is not on the roster"),
                field: Some("person".to_owned()),
            })?;
            if enrolment.role == Role::Secretariat && !state.is_secretariat(person) {
                match run(RosterCommand::JoinSecretariat { person_id: person }).await {
                    // Joined meanwhile by another request: what this one wanted.
                    Ok(_) | Err(CommandError::Refused(RosterError::AlreadyInSecretariat)) => {}
                    Err(error) => return Err(error.into()),
                }
            }
            (person, record.name.clone())
        }
        None => {
            let person = PersonId::new();
            run(RosterCommand::Register {
                person_id: person,
                name: enrolment.name.clone(),
                email: enrolment.email.clone(),
            })
            .await?;
            match enrolment.role {
                Role::Panelist => {
                    run(RosterCommand::JoinPanelPool {
                        person_id: person,
                        expertise: enrolment.expertise.clone(),
                    })
                    .await?;
                }
                Role::Committee => {
                    run(RosterCommand::TakeCommitteeSeat {
                        person_id: person,
                        since: now.date_naive(),
                    })
                    .await?;
                }
                Role::Secretariat => {
                    run(RosterCommand::JoinSecretariat { person_id: person }).await?;
                }
                Role::Delegate => {
                    // Checked above: a new delegate comes with their hub.
                    if let Some(hub) = hub {
                        run(RosterCommand::Hub(HubCommand::AppointDelegate {
                            hub_id: hub,
                            person_id: person,
                            since: now.date_naive(),
                        }))
                        .await?;
                    }
                }
                Role::Applicant | Role::System => {}
            }
            (person, enrolment.name.trim().to_owned())
        }
    };
    auth::issue(
        pool,
        IssueToken {
            name,
            person: Some(person),
            ..request
        },
    )
    .await
    .map_err(token_error)
}

/// A refusal of the request, naming the flag (or field) at fault.
fn refused(detail: &str, field: &str) -> ApiError {
    ApiError::InvalidBody {
        detail: detail.to_owned(),
        field: Some(field.to_owned()),
    }
}

/// Refuses a delegate's token that the roster would not bear out on `today`: a person on
/// the roster who represents no member hub (or another one than `hub`), or a new person
/// for a hub that is not a member (or none named). An unknown or erased person is refused
/// later, as for any role.
fn check_delegation(
    state: &Roster,
    person: Option<PersonId>,
    hub: Option<HubId>,
    today: NaiveDate,
) -> Result<(), ApiError> {
    let Some(person) = person else {
        return match hub {
            Some(hub) => still_a_member(state, hub),
            None => Err(refused(
                "a new delegate is enrolled for a member hub: name the hub",
                "hub",
            )),
        };
    };
    if state.person(person).is_none() || state.is_erased(person) {
        return Ok(());
    }
    match state.delegation_of(person, today) {
        Some(delegation) if hub.is_some_and(|hub| hub != delegation.hub) => Err(refused(
            &format!(
                "person {person} represents hub {}, not the hub named",
                delegation.hub
            ),
            "hub",
        )),
        Some(delegation) => still_a_member(state, delegation.hub),
        None => Err(refused(
            &format!(
                "person {person} represents no member hub today: the secretariat appoints \
                 them a delegate first"
            ),
            "person",
        )),
    }
}

/// Refuses a hub that is not a member of the network, or has left it.
fn still_a_member(state: &Roster, hub: HubId) -> Result<(), ApiError> {
    match state.hub(hub).map(|record| &record.standing) {
        Some(Standing::Member | Standing::Suspended { .. }) => Ok(()),
        Some(Standing::Left { .. }) => {
            Err(refused(&format!("hub {hub} has left the network"), "hub"))
        }
        None => Err(refused(
            &format!("hub {hub} is not a member of the network"),
            "hub",
        )),
    }
}
