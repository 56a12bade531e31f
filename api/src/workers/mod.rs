//! What runs beside the requests: the read models' projector on a thread of its own, the
//! process managers that carry out closed votes and admit the hubs of new initiatives, the
//! scheduler, the history worker that logs events in the Merkle tree and signs its
//! checkpoints, and the listener that empties caches when another process changes what
//! they hold. Each reports a status that `/readyz` and `/metrics` show (see [`status`]).

pub mod admissions;
pub mod history;
pub mod invalidation;
pub mod notifications;
pub mod projector_thread;
pub mod scheduler;
pub mod status;
pub mod vote_outcomes;
