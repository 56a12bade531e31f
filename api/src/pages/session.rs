//! A browser's visit: the server-side session (tower-sessions, stored in PostgreSQL) and
//! what the pages keep in it: the form key against cross-site forms, the language chosen,
//! a sign-in under way, and who is signed in.

use super::session_store::HashedIds;
use super::texts::{self, Texts};
use crate::settings::Settings;
use crate::state::ServerSecret;
use axum::http::request::Parts;
use charter_domain::Role;
use chrono::{DateTime, Duration as Span, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;
use uuid::Uuid;

/// A session ends after this long without a request...
pub const IDLE: Span = Span::minutes(60);
/// ...and this long after its sign-in, whatever happened since.
pub const ABSOLUTE: Span = Span::hours(12);
/// A session's expiry is pushed back at most this often (each push is a write).
const REFRESH: Span = Span::minutes(1);

/// The key the pages' state is kept under in the session.
const KEY: &str = "visit";

/// The session layer of the pages: sessions in the `web_sessions` table, keyed by a keyed
/// hash of their ids (see [`HashedIds`]); the cookie
/// HttpOnly, SameSite=Lax, and Secure (with the `__Host-` prefix) when the public address
/// is HTTPS.
pub fn layer(
    pool: &PgPool,
    settings: &Settings,
    secret: &ServerSecret,
) -> anyhow::Result<SessionManagerLayer<HashedIds<PostgresStore>>> {
    let store = PostgresStore::new(pool.clone())
        .with_schema_name("public")
        .and_then(|store| store.with_table_name("web_sessions"))
        .map_err(|error| anyhow::anyhow!("session store: {error}"))?;
    let secure = settings
        .mail
        .public_url
        .as_deref()
        .is_some_and(|url| url.starts_with("https://"));
    let name = if secure { "__Host-charter" } else { "charter" };
    Ok(
        SessionManagerLayer::new(HashedIds::new(store, secret.clone()))
            .with_name(name)
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(secure)
            .with_path("/")
            .with_expiry(Expiry::OnInactivity(
                tower_sessions::cookie::time::Duration::minutes(IDLE.num_minutes()),
            )),
    )
}

/// What the pages keep in a browser's session.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Visit {
    /// The key every form of this session carries back.
    pub csrf: String,
    /// The language the reader chose on the pages, if any.
    pub language: Option<String>,
    /// A code sent and not yet entered.
    pub pending: Option<PendingSignIn>,
    /// Who is signed in, if anyone.
    pub signed_in: Option<SignedIn>,
    /// The position of the last command given from this session: its reads wait for it.
    pub last_position: i64,
    /// A message for the next page, by its text id ("it is done").
    pub flash: Option<String>,
}

/// A sign-in waiting for its code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingSignIn {
    pub code: Uuid,
    /// The address the code went to, to name it on the page that asks for it.
    pub address: String,
}

/// The person signed in, and the role they act in on the pages.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignedIn {
    pub person: Uuid,
    pub name: String,
    pub role: Role,
    /// For a founder: their application.
    pub application: Option<Uuid>,
    /// Every role the person may act in, when they signed in: more than one offers a switch.
    pub roles: Vec<Capacity>,
    pub time_zone: Option<String>,
    pub since: DateTime<Utc>,
    /// The last time the session's expiry was pushed back.
    pub seen: DateTime<Utc>,
}

/// One role a person may act in: a role, and for a founder the application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capacity {
    /// The person acting: an address may belong to more than one (a founder of two
    /// applications, say).
    pub person: Uuid,
    pub role: Role,
    pub application: Option<Uuid>,
    /// How the choice is shown: the hub's name for a founder.
    pub label: String,
}

impl Visit {
    /// The visit kept in `session`, made (with a fresh form key) when there is none.
    pub async fn load(session: &Session) -> Result<Self, tower_sessions::session::Error> {
        match session.get::<Visit>(KEY).await? {
            Some(visit) if !visit.csrf.is_empty() => Ok(visit),
            _ => {
                let visit = Visit {
                    csrf: fresh_key(),
                    ..Visit::default()
                };
                session.insert(KEY, &visit).await?;
                Ok(visit)
            }
        }
    }

    /// Keeps the visit as it is now.
    pub async fn save(&self, session: &Session) -> Result<(), tower_sessions::session::Error> {
        session.insert(KEY, self).await
    }

    /// Whether the sign-in has lasted longer than any session may.
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        self.signed_in
            .as_ref()
            .is_some_and(|signed| now - signed.since > ABSOLUTE)
    }

    /// Whether the session's expiry is due to be pushed back (a write).
    pub fn due_refresh(&self, now: DateTime<Utc>) -> bool {
        self.signed_in
            .as_ref()
            .is_some_and(|signed| now - signed.seen > REFRESH)
    }

    /// The reader's texts: their language as chosen, else as their browser asks, else
    /// English; their time zone as chosen.
    pub fn texts(&self, parts: &Parts) -> Texts {
        let chosen = self.language.as_deref().and_then(texts::supported);
        let asked = || {
            parts
                .headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(texts::from_accept_language)
        };
        let language = chosen.or_else(asked).unwrap_or(texts::DEFAULT_LANGUAGE);
        let zone = self
            .signed_in
            .as_ref()
            .and_then(|signed| signed.time_zone.as_deref());
        Texts::new(language, zone)
    }
}

/// 32 random bytes, hex: a form key, a link's key.
pub fn fresh_key() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}
