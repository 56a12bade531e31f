//! The sessions' store, keyed by a keyed hash of each session's id: the id its cookie
//! carries is never in the database, so a reader of the database cannot take a session
//! over. What a session holds (the signed-in person's name, their roles) is sealed under
//! a key derived from that id, which only the cookie carries: no copy of the table tells
//! it, also after the person is erased.

use crate::state::ServerSecret;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use rand::RngCore;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Result, SessionStore};

/// `inner` (the PostgreSQL store), with every id replaced by its HMAC under the server's
/// secret on the way in, and given back on the way out.
#[derive(Clone)]
pub struct HashedIds<S> {
    inner: S,
    secret: ServerSecret,
}

impl<S> std::fmt::Debug for HashedIds<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HashedIds").finish_non_exhaustive()
    }
}

impl<S> HashedIds<S> {
    /// `inner`, keyed by hashed ids.
    pub fn new(inner: S, secret: ServerSecret) -> Self {
        Self { inner, secret }
    }

    /// What the database keeps for `id`.
    fn stored(&self, id: Id) -> Id {
        let hash = self.secret.hash("session", &[&id.0.to_le_bytes()]);
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&hash[..16]);
        Id(i128::from_le_bytes(bytes))
    }
}

#[async_trait::async_trait]
impl<S: SessionStore + Clone> SessionStore for HashedIds<S> {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // A new id is 128 random bits: a clash with a living session is not looked for
        // (the inner store's check would test the hashed id, which clashes as rarely).
        self.save(record).await
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let stored = Record {
            id: self.stored(record.id),
            data: seal(record.id, &record.data),
            expiry_date: record.expiry_date,
        };
        self.inner.save(&stored).await
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let Some(mut record) = self.inner.load(&self.stored(*id)).await? else {
            return Ok(None);
        };
        record.id = *id;
        // A record that does not open was altered: no session.
        Ok(open(*id, record.data).map(|data| Record { data, ..record }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.inner.delete(&self.stored(*id)).await
    }
}

/// The field a sealed record's data is kept under: the nonce and the ciphertext, in hex.
const SEALED: &str = "sealed";

/// The key a session's data is sealed under: derived from its id, which the database
/// never holds (only its HMAC, [`HashedIds::stored`]).
fn data_key(id: Id) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(b"charter session data\0");
    hash.update(id.0.to_le_bytes());
    hash.finalize().into()
}

fn seal(id: Id, data: &HashMap<String, Value>) -> HashMap<String, Value> {
    let plain = serde_json::to_vec(data).unwrap_or_default();
    let mut nonce = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut nonce);
    let cipher = ChaCha20Poly1305::new(&data_key(id).into());
    // Encryption with a valid key and nonce cannot fail.
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: &plain,
                aad: SEALED.as_bytes(),
            },
        )
        .unwrap_or_default();
    let text = format!("{}{}", hex::encode(nonce), hex::encode(sealed));
    HashMap::from([(SEALED.to_owned(), Value::String(text))])
}

/// The data of a record as [`seal`] kept it; a record kept before sealing is read as it is.
fn open(id: Id, data: HashMap<String, Value>) -> Option<HashMap<String, Value>> {
    let Some(Value::String(text)) = data.get(SEALED).filter(|_| data.len() == 1) else {
        return Some(data);
    };
    let bytes = hex::decode(text).ok().filter(|bytes| bytes.len() > 12)?;
    let (nonce, sealed) = bytes.split_at(12);
    let cipher = ChaCha20Poly1305::new(&data_key(id).into());
    let plain = cipher
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: sealed,
                aad: SEALED.as_bytes(),
            },
        )
        .ok()?;
    serde_json::from_slice(&plain).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_record_opens_with_its_id_only() {
        let data = HashMap::from([("visit".to_owned(), serde_json::json!({"name": "Ana Pool"}))]);
        let sealed = seal(Id(7), &data);
        assert!(!serde_json::to_string(&sealed)
            .unwrap_or_default()
            .contains("Ana"));
        assert_eq!(open(Id(7), sealed.clone()), Some(data));
        assert_eq!(open(Id(8), sealed), None);
    }
}
