//! The projector and the read models, on the database.

mod dashboard;
mod integrity;
mod projector;
pub(crate) mod rebuild;
