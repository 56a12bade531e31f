//! The projector and the read models, on the database.

mod application_summary;
mod dashboard;
mod deadlines;
mod hubs;
pub(crate) mod projector;
pub(crate) mod rebuild;
mod review_queue;
mod roster;
mod sealed_applications;
mod stream_guards;
mod watermark;
