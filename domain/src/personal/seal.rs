//! Sealing a personal value under its subjects' keys, and opening it again.
//!
//! A sealed value is a string `sealed:v1:<subject>[,<subject>...]:<hex nonce and
//! ciphertext>`, so it fits wherever the plain string stood. It is ChaCha20-Poly1305 under
//! the subject's key or, for a value about several people, under a key derived from all of
//! theirs: erasing any one of them makes it unreadable. The subjects are bound in as
//! associated data, so a sealed value cannot be passed off as another person's.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Bytes of a subject's key.
pub const KEY_LEN: usize = 32;
/// A subject's key.
pub type Key = [u8; KEY_LEN];
const NONCE_LEN: usize = 12;
const PREFIX: &str = "sealed:v1:";

/// Why a sealed value could not be opened although every key it needs is there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("a sealed personal value is malformed")]
    Malformed,
    #[error("a sealed personal value does not open with its subjects' keys: it was altered")]
    Altered,
}

/// Seals `plain` under the keys of `subjects` (at least one, sorted, without repeats).
pub fn seal(plain: &str, subjects: &[(Uuid, Key)], nonce: [u8; NONCE_LEN]) -> String {
    let header = header(subjects.iter().map(|(id, _)| *id));
    let key = derive(subjects.iter().map(|(_, key)| key));
    let cipher = ChaCha20Poly1305::new(&key.into());
    // Encryption with a valid key and nonce cannot fail; an empty seal would not open.
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plain.as_bytes(),
                aad: header.as_bytes(),
            },
        )
        .unwrap_or_default();
    format!("{header}:{}{}", hex::encode(nonce), hex::encode(sealed))
}

/// Whether `value` is sealed (a value written before sealing existed, or not personal at
/// all, is not).
pub fn is_sealed(value: &str) -> bool {
    value.starts_with(PREFIX)
}

/// The subjects a sealed value is sealed under; `None` when `value` is not sealed.
pub fn subjects(value: &str) -> Option<Vec<Uuid>> {
    let rest = value.strip_prefix(PREFIX)?;
    let (ids, _) = rest.split_once(':')?;
    ids.split(',').map(|id| Uuid::parse_str(id).ok()).collect()
}

/// Opens a sealed value: `Ok(None)` when a key it needs is gone (the person was erased).
pub fn open(
    value: &str,
    key_of: impl Fn(Uuid) -> Option<Key>,
) -> Result<Option<String>, SealError> {
    let ids = subjects(value).ok_or(SealError::Malformed)?;
    let mut keys = Vec::with_capacity(ids.len());
    for id in &ids {
        match key_of(*id) {
            Some(key) => keys.push(key),
            None => return Ok(None),
        }
    }
    let header = header(ids.iter().copied());
    let body = value
        .get(header.len() + 1..)
        .and_then(|hexed| hex::decode(hexed).ok())
        .ok_or(SealError::Malformed)?;
    if body.len() < NONCE_LEN {
        return Err(SealError::Malformed);
    }
    let (nonce, sealed) = body.split_at(NONCE_LEN);
    let cipher = ChaCha20Poly1305::new(&derive(keys.iter()).into());
    let plain = cipher
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: sealed,
                aad: header.as_bytes(),
            },
        )
        .map_err(|_| SealError::Altered)?;
    String::from_utf8(plain)
        .map(Some)
        .map_err(|_| SealError::Altered)
}

fn header(ids: impl Iterator<Item = Uuid>) -> String {
    let ids: Vec<String> = ids.map(|id| id.to_string()).collect();
    format!("{PREFIX}{}", ids.join(","))
}

/// One subject's own key, or a key that only all of the subjects' keys together give.
fn derive<'a>(keys: impl Iterator<Item = &'a Key>) -> Key {
    let keys: Vec<&Key> = keys.collect();
    if let [only] = keys.as_slice() {
        return **only;
    }
    let mut hash = Sha256::new();
    hash.update(b"charter personal data v1");
    for key in keys {
        hash.update(key);
    }
    hash.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Uuid = Uuid::from_u128(0xa);
    const B: Uuid = Uuid::from_u128(0xb);
    const KA: Key = [1; KEY_LEN];
    const KB: Key = [2; KEY_LEN];

    fn keys(id: Uuid) -> Option<Key> {
        match id {
            A => Some(KA),
            B => Some(KB),
            _ => None,
        }
    }

    #[test]
    fn a_sealed_value_opens_with_its_subjects_keys_and_shows_nothing_plain() {
        let sealed = seal("Ana Sousa", &[(A, KA)], [7; NONCE_LEN]);
        assert!(!sealed.contains("Ana"));
        assert_eq!(subjects(&sealed), Some(vec![A]));
        assert_eq!(open(&sealed, keys), Ok(Some("Ana Sousa".to_owned())));
    }

    #[test]
    fn a_value_about_two_people_is_gone_when_either_is_erased() {
        let sealed = seal("notes on both", &[(A, KA), (B, KB)], [7; NONCE_LEN]);
        assert_eq!(open(&sealed, keys), Ok(Some("notes on both".to_owned())));
        assert_eq!(open(&sealed, |id| (id == A).then_some(KA)), Ok(None));
        assert_eq!(open(&sealed, |id| (id == B).then_some(KB)), Ok(None));
    }

    #[test]
    fn a_changed_ciphertext_or_a_changed_subject_is_caught() {
        let sealed = seal("Ana Sousa", &[(A, KA)], [7; NONCE_LEN]);
        let mut flipped = sealed.clone();
        let last = flipped
            .pop()
            .map_or('0', |c| if c == '0' { '1' } else { '0' });
        flipped.push(last);
        assert_eq!(open(&flipped, keys), Err(SealError::Altered));
        // Re-labelled as B's (with B's key it cannot open).
        let relabelled = sealed.replace(&A.to_string(), &B.to_string());
        assert_eq!(open(&relabelled, keys), Err(SealError::Altered));
    }

    #[test]
    fn plain_and_garbled_values_are_told_apart_from_sealed_ones() {
        assert_eq!(subjects("Ana Sousa"), None);
        assert_eq!(
            open("sealed:v1:not-a-uuid:00", keys),
            Err(SealError::Malformed)
        );
        assert_eq!(
            open(&format!("sealed:v1:{A}:zz"), keys),
            Err(SealError::Malformed)
        );
    }
}
