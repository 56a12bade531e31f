//! What runs beside the requests: the read models' projector on a thread of its own, the
//! process manager that carries out closed votes, the scheduler, and the listener that
//! empties caches when another process changes what they hold. Each reports a
//! status that `/readyz` and `/metrics` show (see [`status`]).

pub mod invalidation;
pub mod notifications;
pub mod projector_thread;
pub mod scheduler;
pub mod status;
pub mod vote_outcomes;
