//! Wrapping data keys under key-encryption keys (KEKs) kept outside the database.

use super::directory::KeyDirectory;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;
use std::collections::HashMap;
use std::io;
use std::sync::{Mutex, PoisonError};
use uuid::Uuid;
use zeroize::Zeroizing;

/// Bytes of a KEK.
const KEK_LEN: usize = 32;
/// Bytes of a wrapping's nonce, stored before its ciphertext.
const NONCE_LEN: usize = 12;

/// Where a store's KEKs are kept and used. [`DirectoryKeks`] keeps them as files in the
/// key directory; a key management service could implement the same operations, holding
/// the KEKs itself and wrapping and unwrapping on request.
pub trait KeyEncryption: Send + Sync + std::fmt::Debug {
    /// Makes a new KEK and names it.
    fn create(&self) -> io::Result<Uuid>;
    /// `key` wrapped under KEK `kek`, bound to `context` (what the key is the key of);
    /// `None` when no such KEK is held.
    fn wrap(&self, kek: Uuid, context: &[u8], key: &[u8]) -> io::Result<Option<Vec<u8>>>;
    /// The key `wrapped` under KEK `kek` for `context`; `None` when no such KEK is held
    /// (destroyed, or never this store's). A wrapping that does not open is an error.
    fn unwrap(
        &self,
        kek: Uuid,
        context: &[u8],
        wrapped: &[u8],
    ) -> io::Result<Option<Zeroizing<Vec<u8>>>>;
    /// Destroys every KEK but `keep`; how many were destroyed.
    fn destroy_all_but(&self, keep: Uuid) -> io::Result<usize>;
}

/// KEKs as owner-only files `kek-<id>.key` in a store's folder of the key directory.
#[derive(Debug)]
pub struct DirectoryKeks {
    directory: KeyDirectory,
    /// The KEKs read so far.
    held: Mutex<HashMap<Uuid, Zeroizing<[u8; KEK_LEN]>>>,
}

impl DirectoryKeks {
    /// The KEKs in `directory`.
    pub fn new(directory: KeyDirectory) -> Self {
        Self {
            directory,
            held: Mutex::default(),
        }
    }

    fn file(kek: Uuid) -> String {
        format!("kek-{}.key", kek.simple())
    }

    fn cipher(&self, kek: Uuid) -> io::Result<Option<ChaCha20Poly1305>> {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(key) = held.get(&kek) {
            return Ok(Some(ChaCha20Poly1305::new(Key::from_slice(&key[..]))));
        }
        let Some(bytes) = self.directory.read(&Self::file(kek), KEK_LEN)? else {
            return Ok(None);
        };
        let mut key = Zeroizing::new([0u8; KEK_LEN]);
        key.copy_from_slice(&bytes);
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&key[..]));
        held.insert(kek, key);
        Ok(Some(cipher))
    }
}

impl KeyEncryption for DirectoryKeks {
    fn create(&self) -> io::Result<Uuid> {
        // Time-ordered ids: a folder listing shows the KEKs in the order they were made.
        let kek = Uuid::now_v7();
        self.directory.read_or_create(&Self::file(kek), KEK_LEN)?;
        Ok(kek)
    }

    fn wrap(&self, kek: Uuid, context: &[u8], key: &[u8]) -> io::Result<Option<Vec<u8>>> {
        let Some(cipher) = self.cipher(kek)? else {
            return Ok(None);
        };
        let mut nonce = [0u8; NONCE_LEN];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: key,
                    aad: context,
                },
            )
            .map_err(|_| io::Error::other("a key could not be wrapped"))?;
        let mut wrapped = nonce.to_vec();
        wrapped.extend_from_slice(&sealed);
        Ok(Some(wrapped))
    }

    fn unwrap(
        &self,
        kek: Uuid,
        context: &[u8],
        wrapped: &[u8],
    ) -> io::Result<Option<Zeroizing<Vec<u8>>>> {
        let Some(cipher) = self.cipher(kek)? else {
            return Ok(None);
        };
        let corrupt = || {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "a key wrapped under KEK {kek} does not open: the stored bytes were changed"
                ),
            )
        };
        if wrapped.len() < NONCE_LEN {
            return Err(corrupt());
        }
        let (nonce, sealed) = wrapped.split_at(NONCE_LEN);
        cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: context,
                },
            )
            .map(|key| Some(Zeroizing::new(key)))
            .map_err(|_| corrupt())
    }

    fn destroy_all_but(&self, keep: Uuid) -> io::Result<usize> {
        let kept = Self::file(keep);
        let mut destroyed = 0;
        for name in self.directory.names()? {
            if name.starts_with("kek-") && name != kept {
                self.directory.remove(&name)?;
                destroyed += 1;
            }
        }
        self.held
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|kek, _| *kek == keep);
        Ok(destroyed)
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    fn keks() -> (DirectoryKeks, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("charter-keks-{}", Uuid::new_v4().simple()));
        let directory = KeyDirectory::open(&dir, Uuid::new_v4()).expect("the KEKs");
        (DirectoryKeks::new(directory), dir)
    }

    #[test]
    fn a_wrapped_key_opens_under_its_kek_and_context_only() {
        let (keks, dir) = keks();
        let kek = keks.create().expect("the KEKs");
        let wrapped = keks
            .wrap(kek, b"person:1", &[9; 32])
            .expect("the KEKs")
            .expect("the KEKs");
        assert!(!wrapped.windows(32).any(|w| w == [9; 32]));
        let opened = keks
            .unwrap(kek, b"person:1", &wrapped)
            .expect("the KEKs")
            .expect("the KEKs");
        assert_eq!(*opened, vec![9; 32]);
        assert!(keks.unwrap(kek, b"person:2", &wrapped).is_err());
        assert!(keks
            .unwrap(Uuid::now_v7(), b"person:1", &wrapped)
            .expect("the KEKs")
            .is_none());
        std::fs::remove_dir_all(dir).expect("the KEKs");
    }

    #[test]
    fn a_destroyed_kek_opens_nothing_even_for_a_fresh_reader_of_the_folder() {
        let (keks, dir) = keks();
        let old = keks.create().expect("the KEKs");
        let wrapped = keks
            .wrap(old, b"vote:1", &[3; 32])
            .expect("the KEKs")
            .expect("the KEKs");
        let new = keks.create().expect("the KEKs");
        assert_eq!(keks.destroy_all_but(new).expect("the KEKs"), 1);
        assert!(keks
            .unwrap(old, b"vote:1", &wrapped)
            .expect("the KEKs")
            .is_none());
        let fresh = DirectoryKeks::new(keks.directory.clone());
        assert!(fresh
            .unwrap(old, b"vote:1", &wrapped)
            .expect("the KEKs")
            .is_none());
        assert!(fresh
            .wrap(new, b"vote:2", &[1; 32])
            .expect("the KEKs")
            .is_some());
        std::fs::remove_dir_all(dir).expect("the KEKs");
    }
}
