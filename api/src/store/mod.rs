//! The database and the event store as the write side sees it: connecting and migrating,
//! and appending events with personal data sealed.

pub mod db;
pub mod sealing;
