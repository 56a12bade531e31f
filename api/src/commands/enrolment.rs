//! Enrolling people: putting them on the roster and issuing their token.

use crate::auth::{self, IssueToken, IssuedToken};
use crate::commands::{CommandBus, CommandContext, CommandError};
use crate::http::error::ApiError;
use charter_domain::roster::{Roster, RosterCommand, RosterError, ROSTER_ID};
use charter_domain::{Actor, ApplicationId, Authored, PersonId, Policy, Role};
use chrono::{DateTime, Utc};
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
pub async fn enroll(
    pool: &PgPool,
    roster: &CommandBus<Roster>,
    policy: &Policy,
    now: DateTime<Utc>,
    enrolment: Enrolment,
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
