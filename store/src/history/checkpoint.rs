//! Signed checkpoints: "the log had `tree_size` leaves with root `root_hash` at `time`",
//! signed with Ed25519 by a key kept in the key directory, outside the database.
//!
//! The signature covers this text (UTF-8, each line ending in a line feed), built from the
//! checkpoint's other fields exactly as its JSON holds them:
//!
//! ```text
//! charter-checkpoint/1
//! store_id <the store's id, lowercase and hyphenated>
//! tree_size <decimal>
//! root_hash <lowercase hexadecimal>
//! time <RFC 3339, UTC, microseconds: 2026-12-11T09:30:00.000000Z>
//! key_id <the key's id>
//! ```
//!
//! A key's id is the first 16 hexadecimal digits of the SHA-256 of its 32-byte public key.

use crate::keys::KeyDirectory;
use crate::merkle::Hash;
use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io;
use utoipa::ToSchema;
use uuid::Uuid;

/// The signing key's file in the store's key directory: its 32-byte seed.
pub const KEY_FILE: &str = "checkpoint-signing.key";

/// The first line of the signed text: the encoding's name and version.
pub const CHECKPOINT_ENCODING: &str = "charter-checkpoint/1";

/// A signed checkpoint of the log, as the server writes it to the anchor directory and
/// serves it, and as `charter audit checkpoint` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    /// The store the log is of (`store_identity`): a checkpoint of another store's log
    /// proves nothing about this one.
    pub store_id: Uuid,
    /// The number of leaves (events) the tree held.
    pub tree_size: u64,
    /// The tree's root (RFC 9162's MTH), hexadecimal.
    pub root_hash: String,
    /// When it was signed: RFC 3339, UTC, with microseconds.
    pub time: String,
    /// The signing key's id.
    pub key_id: String,
    /// The Ed25519 signature of the signed text, hexadecimal.
    pub signature: String,
}

/// Why a checkpoint is not to be believed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("the checkpoint is signed by key {found}, not by key {expected}")]
    OtherKey { expected: String, found: String },
    #[error(
        "the checkpoint's signature does not verify: it was altered or not signed by this key"
    )]
    BadSignature,
    #[error("the checkpoint's {0} is malformed")]
    Malformed(&'static str),
}

impl Checkpoint {
    /// The text the signature covers (see the module's documentation).
    pub fn signed_text(&self) -> String {
        format!(
            "{CHECKPOINT_ENCODING}\nstore_id {}\ntree_size {}\nroot_hash {}\ntime {}\nkey_id {}\n",
            self.store_id, self.tree_size, self.root_hash, self.time, self.key_id
        )
    }

    /// Whether `key` signed it as it stands.
    pub fn verify(&self, key: &PublicKey) -> Result<(), CheckpointError> {
        if self.key_id != key.key_id() {
            return Err(CheckpointError::OtherKey {
                expected: key.key_id(),
                found: self.key_id.clone(),
            });
        }
        let bytes: [u8; 64] = hex::decode(&self.signature)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(CheckpointError::Malformed("signature"))?;
        key.0
            .verify(
                self.signed_text().as_bytes(),
                &Signature::from_bytes(&bytes),
            )
            .map_err(|_| CheckpointError::BadSignature)
    }

    /// The root hash.
    pub fn root(&self) -> Result<Hash, CheckpointError> {
        hex::decode(&self.root_hash)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(CheckpointError::Malformed("root_hash"))
    }

    /// When it was signed.
    pub fn signed_at(&self) -> Result<DateTime<Utc>, CheckpointError> {
        DateTime::parse_from_rfc3339(&self.time)
            .map(|time| time.with_timezone(&Utc))
            .map_err(|_| CheckpointError::Malformed("time"))
    }
}

/// How a checkpoint writes its time.
pub fn checkpoint_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The key that signs checkpoints.
pub struct CheckpointKey(SigningKey);

impl std::fmt::Debug for CheckpointKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("CheckpointKey")
            .field(&self.public().key_id())
            .finish()
    }
}

impl CheckpointKey {
    /// The store's key from its key directory, made at first use.
    pub fn from_key_dir(keys: &KeyDirectory) -> io::Result<Self> {
        let seed = keys.read_or_create(KEY_FILE, 32)?;
        Self::from_seed(&seed)
    }

    /// The key of a 32-byte seed.
    pub fn from_seed(seed: &[u8]) -> io::Result<Self> {
        let seed: &[u8; 32] = seed.try_into().map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                "a checkpoint key's seed is 32 bytes",
            )
        })?;
        Ok(Self(SigningKey::from_bytes(seed)))
    }

    /// Its public half.
    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// Signs the checkpoint of the tree of `tree_size` leaves and root `root` of store
    /// `store_id`, at `time` (kept to the microsecond).
    pub fn sign(
        &self,
        store_id: Uuid,
        tree_size: u64,
        root: &Hash,
        time: DateTime<Utc>,
    ) -> Checkpoint {
        let mut checkpoint = Checkpoint {
            store_id,
            tree_size,
            root_hash: hex::encode(root),
            time: checkpoint_time(time),
            key_id: self.public().key_id(),
            signature: String::new(),
        };
        let signature = self.0.sign(checkpoint.signed_text().as_bytes());
        checkpoint.signature = hex::encode(signature.to_bytes());
        checkpoint
    }
}

/// A checkpoint key's public half: all that is needed to check checkpoints and proofs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// The key from its 32 bytes in hexadecimal (as `GET /api/v1/audit/public-key` gives it).
    pub fn from_hex(text: &str) -> Result<Self, CheckpointError> {
        let bytes: [u8; 32] = hex::decode(text.trim())
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(CheckpointError::Malformed("public key"))?;
        VerifyingKey::from_bytes(&bytes)
            .map(Self)
            .map_err(|_| CheckpointError::Malformed("public key"))
    }

    /// The 32 bytes, hexadecimal.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0.as_bytes())
    }

    /// The first 16 hexadecimal digits of the SHA-256 of the 32 bytes.
    pub fn key_id(&self) -> String {
        let mut id = hex::encode(Sha256::digest(self.0.as_bytes()));
        id.truncate(16);
        id
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn signed() -> (CheckpointKey, Checkpoint) {
        let key = CheckpointKey::from_seed(&[7; 32]).unwrap();
        let time = DateTime::from_timestamp_micros(1_800_000_000_123_456).unwrap();
        let checkpoint = key.sign(Uuid::nil(), 12, &[1; 32], time);
        (key, checkpoint)
    }

    #[test]
    fn a_checkpoint_verifies_with_its_key_and_with_nothing_changed() {
        let (key, checkpoint) = signed();
        assert_eq!(checkpoint.time, "2027-01-15T08:00:00.123456Z");
        assert!(checkpoint
            .signed_text()
            .starts_with("charter-checkpoint/1\nstore_id 0000"));
        assert_eq!(checkpoint.verify(&key.public()), Ok(()));
        let hex = key.public().to_hex();
        assert_eq!(PublicKey::from_hex(&hex), Ok(key.public()));
        for changed in [
            Checkpoint {
                tree_size: 13,
                ..checkpoint.clone()
            },
            Checkpoint {
                root_hash: hex::encode([2; 32]),
                ..checkpoint.clone()
            },
            Checkpoint {
                time: "2027-01-15T08:00:00.123457Z".to_owned(),
                ..checkpoint.clone()
            },
            Checkpoint {
                store_id: Uuid::max(),
                ..checkpoint.clone()
            },
        ] {
            assert_eq!(
                changed.verify(&key.public()),
                Err(CheckpointError::BadSignature)
            );
        }
        let other = CheckpointKey::from_seed(&[8; 32]).unwrap().public();
        assert!(matches!(
            checkpoint.verify(&other),
            Err(CheckpointError::OtherKey { .. })
        ));
    }
}
