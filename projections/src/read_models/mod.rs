//! The read models: tables shaped for reading, each fed by the projector from the events
//! of one aggregate. Each file (or, for a large one, folder) holds a read model's
//! projection (event to SQL), its queries and the rows they return. `read_model.rs` says
//! what each of them is: a [`ReadModel`], which the engine sees as a
//! [`Projection`](crate::Projection).

mod audience;
mod read_model;

pub use audience::Audience;
pub use read_model::ReadModel;

pub mod applicant_status;
pub mod application_summary;
pub mod application_timeline;
pub mod attendees;
pub mod deadlines;
pub mod hubs;
pub mod roster;
pub mod vote_register;
