//! The sessions' store, keyed by a keyed hash of each session's id: the id its cookie
//! carries is never in the database, so a reader of the database cannot take a session
//! over.

use crate::state::ServerSecret;
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
        let mut stored = record.clone();
        stored.id = self.stored(record.id);
        self.inner.save(&stored).await
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        Ok(self.inner.load(&self.stored(*id)).await?.map(|mut record| {
            record.id = *id;
            record
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.inner.delete(&self.stored(*id)).await
    }
}
