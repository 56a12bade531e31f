//! The projector and the read models, on the database.

mod announcer;
mod application_summary;
mod dashboard;
mod integrity;
mod listener;
pub(crate) mod projector;
pub(crate) mod rebuild;
mod stream_guards;
mod watermark;
