//! The projector and the read models, on the database.

mod announcer;
mod dashboard;
mod guards;
mod integrity;
pub(crate) mod projector;
pub(crate) mod rebuild;
mod summary;
