//! Where a message sends its reader to act: paths under the server's public address, kept
//! in one place so that they follow the pages when the web pages arrive (issue 25).

use charter_domain::{ApplicationId, PersonId, VoteId};

/// What founders read about their own application.
pub fn applicant_status(application: ApplicationId) -> String {
    format!("/api/v1/applications/{application}/status")
}

/// An application as staff read it.
pub fn application(application: ApplicationId) -> String {
    format!("/api/v1/applications/{application}")
}

/// A panelist's reviews to do.
pub fn review_queue() -> String {
    "/api/v1/reviews/queue".to_owned()
}

/// A vote and its register.
pub fn vote(vote: VoteId) -> String {
    format!("/api/v1/votes/{vote}")
}

/// The deliveries the secretariat watches.
pub fn deliveries() -> String {
    "/api/v1/notifications/deliveries".to_owned()
}

/// Where a person chooses which messages they receive.
pub fn preferences() -> String {
    "/api/v1/notifications/preferences".to_owned()
}

/// An application's timeline of events.
pub fn timeline(application: ApplicationId) -> String {
    format!("/api/v1/applications/{application}/timeline")
}

/// A person on the roster, as the secretariat reads them.
pub fn person(person: PersonId) -> String {
    format!("/api/v1/people/{person}")
}

/// Where a person signs in with their e-mail address.
pub fn sign_in() -> String {
    "/sign-in".to_owned()
}
