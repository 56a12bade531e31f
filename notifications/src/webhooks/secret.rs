//! A webhook's signing secret and the signature of a message (Standard Webhooks): the
//! secret is `whsec_` and the base64 of random bytes; a message is signed with
//! HMAC-SHA256 over `{id}.{timestamp}.{body}` keyed with those bytes, and the signature
//! is sent as `v1,<base64>`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// How a secret starts.
pub const PREFIX: &str = "whsec_";

/// The random bytes of a new secret (the specification asks for 24 to 64).
const SECRET_BYTES: usize = 32;

/// A signing secret. Its `Debug` never shows it, so that it cannot reach a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    /// A new random secret.
    pub fn generate() -> Self {
        let mut bytes = [0u8; SECRET_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(format!("{PREFIX}{}", STANDARD.encode(bytes)))
    }

    /// A secret as stored.
    pub fn from_stored(secret: String) -> Self {
        Self(secret)
    }

    /// The secret as it is stored and shown (once).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The key bytes, if the secret is well formed.
    fn key(&self) -> Option<Vec<u8>> {
        STANDARD.decode(self.0.strip_prefix(PREFIX)?).ok()
    }

    /// The `webhook-signature` header of message `id` sent at `timestamp` (unix seconds)
    /// with `body`; `None` if the stored secret is not one this module made.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> Option<String> {
        let key = self.key()?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        Some(format!(
            "v1,{}",
            STANDARD.encode(mac.finalize().into_bytes())
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_secret_is_prefixed_random_bytes() {
        let secret = Secret::generate();
        assert!(secret.expose().starts_with(PREFIX));
        assert_eq!(secret.key().map(|key| key.len()), Some(SECRET_BYTES));
        assert_ne!(secret, Secret::generate());
        assert_eq!(format!("{secret:?}"), "Secret(..)");
    }

    /// The example of the Standard Webhooks specification's reference libraries.
    #[test]
    fn a_signature_matches_the_specification_example() {
        let secret = Secret::from_stored("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_owned());
        let signature = secret.sign(
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(
            signature.as_deref(),
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
    }

    #[test]
    fn a_malformed_secret_signs_nothing() {
        let secret = Secret::from_stored("not a secret".to_owned());
        assert_eq!(secret.sign("id", 1, b"{}"), None);
    }
}
