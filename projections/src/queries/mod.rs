//! Read-only queries that no single read model owns: over several read models' tables
//! (the dashboard, a panelist's review queue, the exports) or over the event store itself
//! (an application's audit log). They write nothing.

pub mod audit;
pub mod dashboard;
pub mod exports;
pub mod review_queue;
