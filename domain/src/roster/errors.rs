//! Every reason the roster refuses a command, and how each is reported.

use crate::actor::Role;
use crate::ids::{HubId, PersonId};
use crate::permissions::NotPermitted;
use crate::refusal::{Refusable, Refusal};
use crate::text::InputError;
use chrono::NaiveDate;

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
    #[error("the person is already a member of the secretariat")]
    AlreadyInSecretariat,
    #[error("the person is not a member of the secretariat")]
    NotInSecretariat,
    #[error("the personal data of person {0} was erased: register them anew")]
    PersonErased(PersonId),
    #[error("the personal data of {0} has already been erased")]
    AlreadyErased(PersonId),
    #[error("hub {0} is not a member of the network")]
    UnknownHub(HubId),
    #[error("hub {0} is already a member of the network")]
    HubAlreadyAdmitted(HubId),
    #[error("the application has already admitted hub {hub}")]
    ApplicationAlreadyAdmitted { hub: HubId },
    #[error("{name} is already the name of member hub {holder}")]
    HubNameTaken { name: String, holder: HubId },
    #[error("a hub cannot join on {joined}, a day still to come")]
    JoinedInFuture { joined: NaiveDate },
    #[error("the person already represents this hub since {since}")]
    AlreadyDelegate { since: NaiveDate },
    #[error("the person represents hub {hub}: a person is the delegate of one hub at a time")]
    DelegateOfAnotherHub { hub: HubId },
    #[error("the person does not represent this hub")]
    NotADelegate,
    #[error("a delegation cannot start on {since}, before the previous one ended on {ended}")]
    DelegationsOverlap { since: NaiveDate, ended: NaiveDate },
    #[error("a delegation cannot end on {on}: it began on {since}, and lasts at least a day")]
    DelegationEndsBeforeItBegins { on: NaiveDate, since: NaiveDate },
    #[error("the hub is already suspended")]
    HubAlreadySuspended,
    #[error("the hub is not suspended")]
    HubNotSuspended,
    #[error("the hub has left the network")]
    HubHasLeft,
}

impl RosterError {
    /// How the refusal should be reported.
    pub fn refusal(&self) -> Refusal {
        use Refusal;
        match self {
            RosterError::RoleNotPermitted { .. } => Refusal::Forbidden,
            RosterError::UnknownPerson(_) | RosterError::UnknownHub(_) => Refusal::NotFound,
            RosterError::JoinedInFuture { .. }
            | RosterError::DelegationsOverlap { .. }
            | RosterError::DelegationEndsBeforeItBegins { .. }
            | RosterError::InvalidInput(_)
            | RosterError::SeatsOverlap { .. }
            | RosterError::EndsBeforeItBegins { .. } => Refusal::Unprocessable,
            RosterError::AlreadyRegistered(_)
            | RosterError::EmailTaken { .. }
            | RosterError::AlreadySeated { .. }
            | RosterError::NotSeated
            | RosterError::AlreadyInPool
            | RosterError::NotInPool
            | RosterError::AlreadyInSecretariat
            | RosterError::NotInSecretariat
            | RosterError::PersonErased(_)
            | RosterError::AlreadyErased(_)
            | RosterError::HubAlreadyAdmitted(_)
            | RosterError::ApplicationAlreadyAdmitted { .. }
            | RosterError::HubNameTaken { .. }
            | RosterError::AlreadyDelegate { .. }
            | RosterError::DelegateOfAnotherHub { .. }
            | RosterError::NotADelegate
            | RosterError::HubAlreadySuspended
            | RosterError::HubNotSuspended
            | RosterError::HubHasLeft => Refusal::Conflict,
        }
    }
}

crate::refusal_rules!(RosterError {
    RoleNotPermitted { role } => "role-not-permitted" (role),
    InvalidInput(input) => "invalid-input"
        (problem = input.problem.code(), max = input.problem.max(), min = input.problem.min()),
    UnknownPerson(_) => "person-not-found",
    AlreadyRegistered(_) => "person-already-registered",
    EmailTaken { email, .. } => "email-taken" (email),
    AlreadySeated { since } => "already-seated" (since),
    NotSeated => "not-seated",
    SeatsOverlap { since, ended } => "seats-overlap" (since, ended),
    EndsBeforeItBegins { on, since } => "seat-ends-before-it-begins" (on, since),
    AlreadyInPool => "already-in-panel-pool",
    NotInPool => "not-in-panel-pool",
    AlreadyInSecretariat => "already-in-secretariat",
    NotInSecretariat => "not-in-secretariat",
    PersonErased(_) => "person-erased",
    AlreadyErased(_) => "already-erased",
    UnknownHub(_) => "hub-not-found",
    HubAlreadyAdmitted(_) => "hub-already-admitted",
    ApplicationAlreadyAdmitted { hub } => "application-already-admitted" (hub),
    HubNameTaken { name, holder } => "hub-name-taken" (name, holder),
    JoinedInFuture { joined } => "joined-in-future" (joined),
    AlreadyDelegate { since } => "already-delegate" (since),
    DelegateOfAnotherHub { hub } => "delegate-of-another-hub" (hub),
    NotADelegate => "not-delegate-of-hub",
    DelegationsOverlap { since, ended } => "delegations-overlap" (since, ended),
    DelegationEndsBeforeItBegins { on, since } => "delegation-ends-before-it-begins" (on, since),
    HubAlreadySuspended => "hub-already-suspended",
    HubNotSuspended => "hub-not-suspended",
    HubHasLeft => "hub-has-left",
});

impl From<NotPermitted> for RosterError {
    fn from(refused: NotPermitted) -> Self {
        RosterError::RoleNotPermitted { role: refused.role }
    }
}

impl Refusable for RosterError {
    fn refusal(&self) -> Refusal {
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
    fn values(&self) -> crate::refusal::Values {
        RosterError::values(self)
    }
}
