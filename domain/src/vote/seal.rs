//! Sealing and opening secret ballots (see [`super::RecordedChoice`] for why).

use super::events::Choice;
use crate::ids::VoteId;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Bytes of a vote's sealing key.
pub const KEY_LEN: usize = 32;
/// Bytes of a ballot's nonce.
pub const NONCE_LEN: usize = 12;

/// A ciphertext is exactly as long as its plaintext (plus the tag), and "no", "yes" and
/// "abstain" differ in length: unpadded, the length of a sealed ballot would tell its
/// choice. So the plaintext is padded with spaces (which JSON ignores) to a multiple of
/// this many bytes, counted from the widest choice: the length then depends only on the
/// reason, and only coarsely.
const PAD_TO: usize = 256;

/// What a sealed ballot holds.
#[derive(Debug, Serialize, Deserialize)]
struct Sealed {
    choice: Choice,
    reason: Option<String>,
}

/// Binds a sealed ballot to its vote, member (the person in a committee vote, the hub in a
/// network vote) and revision.
fn binding(vote: VoteId, member: Uuid, revision: u32) -> Vec<u8> {
    let mut aad = Vec::with_capacity(36);
    aad.extend_from_slice(vote.0.as_bytes());
    aad.extend_from_slice(member.as_bytes());
    aad.extend_from_slice(&revision.to_be_bytes());
    aad
}

/// Seals `choice` and `reason`; hex nonce and ciphertext.
pub(crate) fn seal(
    key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    vote: VoteId,
    member: Uuid,
    revision: u32,
    choice: Choice,
    reason: Option<String>,
) -> Option<(String, String)> {
    let plain = padded(choice, reason)?;
    let cipher = ChaCha20Poly1305::new(Key::from_slice(key));
    let aad = binding(vote, member, revision);
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: &plain,
                aad: &aad,
            },
        )
        .ok()?;
    Some((hex::encode(nonce), hex::encode(sealed)))
}

/// The plaintext of a ballot, padded to a length that does not depend on `choice`.
fn padded(choice: Choice, reason: Option<String>) -> Option<Vec<u8>> {
    let mut widest = 0;
    for any in [Choice::Yes, Choice::No, Choice::Abstain] {
        let reason = reason.clone();
        let len = serde_json::to_vec(&Sealed {
            choice: any,
            reason,
        })
        .ok()?
        .len();
        widest = widest.max(len);
    }
    let mut plain = serde_json::to_vec(&Sealed { choice, reason }).ok()?;
    plain.resize(widest.div_ceil(PAD_TO) * PAD_TO, b' ');
    Some(plain)
}

/// Opens a sealed ballot; `None` when the key is wrong or the ballot was tampered with.
pub(crate) fn open(
    key: &[u8; KEY_LEN],
    nonce: &str,
    ciphertext: &str,
    vote: VoteId,
    member: Uuid,
    revision: u32,
) -> Option<Choice> {
    let nonce = hex::decode(nonce).ok().filter(|n| n.len() == NONCE_LEN)?;
    let sealed = hex::decode(ciphertext).ok()?;
    let cipher = ChaCha20Poly1305::new(Key::from_slice(key));
    let aad = binding(vote, member, revision);
    let plain = cipher
        .decrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: &sealed,
                aad: &aad,
            },
        )
        .ok()?;
    serde_json::from_slice::<Sealed>(&plain)
        .ok()
        .map(|ballot| ballot.choice)
}
