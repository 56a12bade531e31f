//! Who issues a command, in which role, and when.

use crate::ids::{ApplicationId, PersonId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The part a person plays in the pipeline. A token carries exactly one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A founder candidate, scoped to their own application.
    Applicant,
    /// An expert panelist who reviews the documents of applications assigned to them.
    Panelist,
    /// A member of the Membership Committee.
    Committee,
    /// Staff of the association who run the process.
    Secretariat,
    /// A delegate of a member hub: casts the hub's ballot in network votes.
    Delegate,
    /// Charter itself, carrying out a recorded decision (a closed vote, a passed closing
    /// time). No token carries it.
    System,
}

impl Role {
    /// Every role a token can carry, in a stable order ([`Role::System`] is not one).
    pub const ALL: [Role; 5] = [
        Role::Applicant,
        Role::Panelist,
        Role::Committee,
        Role::Secretariat,
        Role::Delegate,
    ];

    /// The role's name as it appears in tokens, metadata and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Panelist => "panelist",
            Role::Committee => "committee",
            Role::Secretariat => "secretariat",
            Role::Delegate => "delegate",
            Role::System => "system",
        }
    }

    /// Parses the name of a role a token can carry.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == name)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The authenticated person behind a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: PersonId,
    pub name: String,
    pub role: Role,
    /// For an applicant, the one application they act for.
    pub application: Option<ApplicationId>,
}

impl Actor {
    /// Charter itself, acting on a recorded decision under `name` (which says what it
    /// carries out, such as "vote outcome").
    pub fn system(name: &str) -> Self {
        Actor {
            id: PersonId(uuid::Uuid::nil()),
            name: format!("Charter ({name})"),
            role: Role::System,
            application: None,
        }
    }
}

/// A command together with who issued it and when. Time is an input: aggregates never read
/// a clock, so a simulated history and a live server run the same code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Authored<C> {
    pub by: Actor,
    pub at: DateTime<Utc>,
    pub command: C,
}

impl<C> Authored<C> {
    /// Wraps `command` as issued by `by` at `at`.
    pub fn new(by: Actor, at: DateTime<Utc>, command: C) -> Self {
        Self { by, at, command }
    }
}
