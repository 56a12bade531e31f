//! The history anchored outside the database (issue 26, finding 3): the Merkle tree over
//! all events, its signed checkpoints, the proofs a committee member checks with the
//! public key alone, and `charter audit verify --checkpoint` naming each forgery that the
//! per-aggregate chains alone let through.

mod chains;
mod forgeries;
mod laundering;
mod proofs;
mod rollback;
mod support;
mod worker;
