//! The promises that must hold against whoever runs the database, tested as that attacker:
//! someone who reads every page of every relation (live and dead row versions alike, as a
//! backup, a replica or a stolen disk holds them) but not the key directory.

mod ballots;
mod erasure;
mod idempotency;
mod pages;
mod read_models;
mod serving_role;
mod sessions;
