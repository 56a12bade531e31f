//! The read models: tables shaped for reading, each fed by the projector from the events
//! of one aggregate. Each file (or, for a large one, folder) holds a read model's
//! projection (event to SQL), its queries and the rows they return; `incoming.rs` is how
//! every one of them takes an event in.

mod incoming;

pub mod applicant_status;
pub mod application_summary;
pub mod application_timeline;
pub mod roster;
pub mod vote_register;
