//! What the demo needs of the server it tells its story to, besides HTTP.
//!
//! The demo drives Charter's own server, built in this process, over HTTP on loopback.
//! Three things it cannot do over HTTP: start that server with the story's clock, give
//! people their tokens (as `charter token issue` does), and run the server's scheduler at
//! the simulated moments the story needs. The server crate provides them by implementing
//! [`Host`]; the demo does not depend on it.

use crate::clock::SimulatedClock;
use charter_domain::{ApplicationId, PersonId, Role};
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// A failure of the host, as the demo reports it.
pub type HostError = Box<dyn std::error::Error + Send + Sync>;

/// A person to enrol, as `charter token issue` enrols them: registered, then a panelist
/// joins the panel pool and a committee member takes a seat from `at`; or, given `person`,
/// someone already on the roster who gets a token for another role (a founder who becomes
/// their hub's delegate).
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub role: Role,
    pub name: String,
    pub person: Option<PersonId>,
    pub email: Option<String>,
    pub expertise: Vec<String>,
    /// The simulated time of the enrolment.
    pub at: DateTime<Utc>,
}

/// What the host issued: the token (shown once), the person and, for founders, the
/// application the token acts for.
#[derive(Debug, Clone)]
pub struct Issued {
    pub token: String,
    pub person: PersonId,
    pub application: Option<ApplicationId>,
}

/// The server the demo tells its story to.
#[async_trait::async_trait]
pub trait Host: Send + Sync + std::fmt::Debug {
    /// Brings the database's schema up to date, before anything is read.
    async fn migrate(&self) -> Result<(), HostError>;

    /// Builds and starts the server on a loopback port, reading its time from `clock`;
    /// the port it serves on.
    async fn start(&mut self, clock: Arc<SimulatedClock>) -> Result<u16, HostError>;

    /// Enrols a person and issues their token.
    async fn enrol(&self, enrolment: Enrolment) -> Result<Issued, HostError>;

    /// One round of the server's own scheduler, at the clock's time.
    async fn scheduler_round(&self) -> Result<(), HostError>;

    /// Stops the server, letting what it does finish.
    async fn stop(&mut self) -> Result<(), HostError>;
}
