//! The `Application` aggregate: one founding team's road from `applied` to `initiative`.

mod aggregate;
mod attendee;
mod commands;
mod decide;
mod documents;
mod errors;
mod events;
mod evolve;
mod gate;
mod interviews;
mod model;
mod panel;
mod validate;

#[cfg(test)]
mod tests;

pub use aggregate::{AppealStatus, Application, ApplicationServices};
pub use attendee::Attendee;
pub use commands::{ApplicationCommand, VoteDecision};
pub use errors::{ApplicationError, InterviewStatusName, Missing, Refusal, Requirement};
pub use events::ApplicationEvent;
pub use gate::{Check, Checklist};
pub use model::{
    Assessment, DocumentKind, Founder, Interview, InterviewStatus, PanelReview, PanelSeat, Party,
    Recommendation, RevisionRequest, Scores, Stage, SubmittedDocument,
};
pub use validate::country as validate_country;
pub use validate::email as validate_email;
