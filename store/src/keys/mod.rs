//! Key material kept outside the database.
//!
//! Whoever can read PostgreSQL (its operator, a backup, a replica, a stolen disk) must not
//! be able to open a secret ballot, read an erased person's data, or sign a checkpoint of
//! the history. So every such key is held, or wrapped, under material in a key directory
//! given by configuration ([`KeyDirectory`]), which the database never sees.

pub mod directory;

pub use directory::KeyDirectory;
