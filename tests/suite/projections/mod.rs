//! The projector and the read models, on the database.

mod dashboard;
mod integrity;
pub(crate) mod projector;
pub(crate) mod rebuild;
mod summary;
