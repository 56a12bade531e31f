//! Key material kept outside the database.
//!
//! Whoever can read PostgreSQL (its operator, a backup, a replica, a stolen disk) must not
//! be able to open a secret ballot or an erased person's data, nor sign a checkpoint of the
//! history. So every such key is held, or wrapped, under material in a key directory given
//! by configuration ([`KeyDirectory`]), which the database never sees:
//!
//! - each person's and each open vote's data key is stored wrapped under the current
//!   key-encryption key (KEK, [`wrapping`]), a file of the key directory;
//! - destroying a data key (an erasure, a vote's close) marks a rotation due, and the
//!   rotation ([`rotation`]) wraps every living key under a new KEK and removes the old
//!   one's file, so that no copy of the database opens the destroyed key any more.

pub mod data_keys;
pub mod directory;
pub mod registry;
pub mod rotation;
pub mod vote_keys;
pub mod wrapping;

pub use directory::KeyDirectory;
pub use registry::open;

use uuid::Uuid;

/// Why a key could not be kept, found or opened.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "no key directory is open for store {0}: start with the key directory (--key-dir, \
         CHARTER_KEY_DIR) this store was first started with"
    )]
    NotOpen(Uuid),
    #[error(
        "the key directory holds no key-encryption key {0}: is --key-dir (CHARTER_KEY_DIR) \
         the directory this store's server instances share?"
    )]
    UnknownKek(Uuid),
    #[error("a stored key cannot be used: {0}")]
    Corrupt(String),
    #[error("the key directory cannot be used: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl From<KeyError> for sqlx::Error {
    fn from(error: KeyError) -> Self {
        match error {
            KeyError::Database(error) => error,
            other => sqlx::Error::Configuration(Box::new(other)),
        }
    }
}
