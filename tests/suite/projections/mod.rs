//! The projector and the read models, on the database.

mod dashboard;
mod projector;
mod rebuild;
