//! The projector and the read models, on the database.

mod announcer;
mod dashboard;
mod guards;
mod integrity;
mod listener;
pub(crate) mod projector;
pub(crate) mod rebuild;
mod summary;
mod watermark;
