//! The attendees of an interview as the API takes them (names, or people by id) and as the
//! command needs them: each with the subject their name is sealed under.

use crate::http::error::ApiError;
use crate::state::AppState;
use charter_domain::application::{Application, Attendee};
use charter_domain::roster::ROSTER_ID;
use charter_domain::{ApplicationId, PersonId};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Someone who attended an interview. Each attendee's name is sealed under a key of their
/// own, and erased with it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(
    untagged,
    expecting = "an attendee: a name, or {\"person_id\": \"<uuid>\"} for a founder or a \
                 person on the roster"
)]
pub enum AttendeeInput {
    /// Someone by name. A name that is a founder's of the application (ignoring case and
    /// spacing) is that founder; anyone else gets an id of their own, shown beside their
    /// name in the reads, by which their name is erased.
    #[schema(value_type = AttendeeName)]
    Name(String),
    /// A founder of the application or a person on the roster: their name on record is
    /// used, erased when their personal data is.
    Person(PersonRef),
}

/// How an attendee's name is described in the OpenAPI document, with the limit the domain
/// enforces (the derive takes no length on a variant's unnamed field).
pub struct AttendeeName;

impl utoipa::PartialSchema for AttendeeName {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .min_length(Some(1))
            .max_length(Some(200))
            .description(Some("Someone's name, 1 to 200 characters"))
            .into()
    }
}

impl ToSchema for AttendeeName {}

/// A founder or a person on the roster, by id.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonRef {
    pub person_id: Uuid,
}

/// Each attendee with their subject: a founder or roster person under their own id (their
/// name on record), anyone else by name under an id minted now. A name that is a
/// founder's is that founder, so that the founder's erasure also erases it here (as an
/// application's opener is known by their address).
pub(super) async fn resolve(
    state: &AppState,
    id: ApplicationId,
    given: Vec<AttendeeInput>,
) -> Result<Vec<Attendee>, ApiError> {
    let (application, version) = state.applications.load(&id.to_string()).await?;
    if version == 0 {
        // Nobody to resolve: the command is refused as any other on an application that
        // does not exist.
        return Ok(Vec::new());
    }
    let roster = if given.iter().any(|a| matches!(a, AttendeeInput::Person(_))) {
        Some(state.roster.load(ROSTER_ID).await?.0)
    } else {
        None
    };
    let mut attendees = Vec::with_capacity(given.len());
    for (i, attendee) in given.into_iter().enumerate() {
        attendees.push(match attendee {
            AttendeeInput::Name(name) => match founder_named(&application, &name) {
                Some(founder) => founder,
                None => Attendee::new(PersonId::new(), name),
            },
            AttendeeInput::Person(PersonRef { person_id }) => {
                let person = PersonId(person_id);
                let refused = |detail: String| ApiError::InvalidBody {
                    detail,
                    field: Some(format!("attendees[{i}].person_id")),
                };
                if roster.as_ref().is_some_and(|r| r.is_erased(person)) {
                    return Err(refused(format!(
                        "the personal data of {person_id} was erased: they cannot be named \
                         as an attendee"
                    )));
                }
                let name = application
                    .founder(person)
                    .map(|founder| founder.name.clone())
                    .or_else(|| {
                        roster
                            .as_ref()
                            .and_then(|r| r.person(person))
                            .map(|p| p.name.clone())
                    })
                    .ok_or_else(|| {
                        refused(format!(
                            "{person_id} is neither a founder of application {id} nor a \
                             person on the roster"
                        ))
                    })?;
                Attendee::new(person, name)
            }
        });
    }
    Ok(attendees)
}

/// The founder of `application` whose name is `name`, ignoring case and spacing, if
/// exactly one is.
fn founder_named(application: &Application, name: &str) -> Option<Attendee> {
    let same = |a: &str| {
        a.split_whitespace()
            .map(str::to_lowercase)
            .eq(name.split_whitespace().map(str::to_lowercase))
    };
    let mut named = application
        .founders()
        .iter()
        .filter(|founder| !founder.person_id.0.is_nil() && same(&founder.name));
    match (named.next(), named.next()) {
        (Some(founder), None) => Some(Attendee::new(founder.person_id, founder.name.clone())),
        _ => None,
    }
}
