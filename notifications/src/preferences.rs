//! How each person receives each kind of message: at once, in a daily digest, or not at
//! all, except that a kind about a deadline, an appointment or a vote in their electorate
//! ([`NoticeKind::is_required`]) can be batched but never switched off. Their unsubscribe
//! links change their own choices, and nothing else, without signing in.

use crate::notice::NoticeKind;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// How a kind of message reaches its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// As soon as it is decided (the default).
    Immediate,
    /// Batched with the others into one message a day.
    DailyDigest,
    /// Not sent.
    Off,
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Immediate => "immediate",
            Delivery::DailyDigest => "daily_digest",
            Delivery::Off => "off",
        }
    }

    fn parse(name: &str) -> Delivery {
        match name {
            "daily_digest" => Delivery::DailyDigest,
            "off" => Delivery::Off,
            _ => Delivery::Immediate,
        }
    }
}

/// One kind of message and how the person receives it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Preference {
    pub kind: String,
    pub delivery: Delivery,
    /// Whether it can be switched off (`false`: only batched into the daily digest).
    pub can_switch_off: bool,
}

/// Why a choice was refused; nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum PreferenceError {
    #[error("no kind of message {0:?}")]
    UnknownKind(String),
    #[error("{0} cannot be switched off, only batched into the daily digest")]
    Required(NoticeKind),
    #[error("the unsubscribe link is not valid")]
    UnknownKey,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// How `person` receives `kind`.
pub async fn delivery_of(
    conn: &mut PgConnection,
    person: Uuid,
    kind: NoticeKind,
) -> Result<Delivery, sqlx::Error> {
    let chosen: Option<String> = sqlx::query_scalar(
        "SELECT delivery FROM notification_preferences WHERE person_id = $1 AND kind = $2",
    )
    .bind(person)
    .bind(kind.as_str())
    .fetch_optional(conn)
    .await?;
    Ok(chosen.map_or(Delivery::Immediate, |name| Delivery::parse(&name)))
}

/// Every kind a person chooses for, with their choice.
pub async fn list(pool: &PgPool, person: Uuid) -> Result<Vec<Preference>, sqlx::Error> {
    let chosen: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, delivery FROM notification_preferences WHERE person_id = $1")
            .bind(person)
            .fetch_all(pool)
            .await?;
    Ok(NoticeKind::ALL
        .into_iter()
        .filter(|kind| kind.is_chosen())
        .map(|kind| Preference {
            kind: kind.as_str().to_owned(),
            delivery: chosen
                .iter()
                .find(|(name, _)| name == kind.as_str())
                .map_or(Delivery::Immediate, |(_, delivery)| {
                    Delivery::parse(delivery)
                }),
            can_switch_off: !kind.is_required(),
        })
        .collect())
}

/// Sets `person`'s choices, all or none.
pub async fn set(
    pool: &PgPool,
    person: Uuid,
    choices: &[(String, Delivery)],
) -> Result<(), PreferenceError> {
    let mut checked = Vec::with_capacity(choices.len());
    for (name, delivery) in choices {
        let kind = NoticeKind::parse(name)
            .filter(|kind| kind.is_chosen())
            .ok_or_else(|| PreferenceError::UnknownKind(name.clone()))?;
        if kind.is_required() && *delivery == Delivery::Off {
            return Err(PreferenceError::Required(kind));
        }
        checked.push((kind, *delivery));
    }
    let mut tx = pool.begin().await?;
    for (kind, delivery) in checked {
        sqlx::query(
            "INSERT INTO notification_preferences (person_id, kind, delivery)
             VALUES ($1, $2, $3)
             ON CONFLICT (person_id, kind)
             DO UPDATE SET delivery = EXCLUDED.delivery, changed_at = now()",
        )
        .bind(person)
        .bind(kind.as_str())
        .bind(delivery.as_str())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The key of `person`'s unsubscribe links, made on first use.
pub async fn unsubscribe_key(conn: &mut PgConnection, person: Uuid) -> Result<String, sqlx::Error> {
    let mut bytes = [0u8; 24];
    rand::thread_rng().fill_bytes(&mut bytes);
    sqlx::query(
        "INSERT INTO notification_unsubscribe_keys (person_id, key) VALUES ($1, $2)
         ON CONFLICT (person_id) DO NOTHING",
    )
    .bind(person)
    .bind(hex::encode(bytes))
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar("SELECT key FROM notification_unsubscribe_keys WHERE person_id = $1")
        .bind(person)
        .fetch_one(conn)
        .await
}

/// The path of the link that stops `kind` for the holder of `key` (or batches it).
pub fn unsubscribe_path(key: &str, kind: NoticeKind) -> String {
    format!("/api/v1/notifications/unsubscribe/{key}?kind={kind}")
}

/// What following an unsubscribe link for `kind` does: off, or into the daily digest for
/// a kind that cannot be switched off. Returns the new choice.
pub fn unsubscribed(kind: NoticeKind) -> Delivery {
    if kind.is_required() {
        Delivery::DailyDigest
    } else {
        Delivery::Off
    }
}

/// Applies an unsubscribe link: the choice of the key's holder for `kind`, and nothing
/// else, changes. Returns the new choice.
pub async fn unsubscribe(
    pool: &PgPool,
    key: &str,
    kind: &str,
) -> Result<Delivery, PreferenceError> {
    let person = holder(pool, key).await?;
    let kind = NoticeKind::parse(kind)
        .filter(|kind| kind.is_chosen())
        .ok_or_else(|| PreferenceError::UnknownKind(kind.to_owned()))?;
    let delivery = unsubscribed(kind);
    set(pool, person, &[(kind.as_str().to_owned(), delivery)]).await?;
    Ok(delivery)
}

/// The person whose unsubscribe key `key` is.
pub async fn holder(pool: &PgPool, key: &str) -> Result<Uuid, PreferenceError> {
    sqlx::query_scalar("SELECT person_id FROM notification_unsubscribe_keys WHERE key = $1")
        .bind(key)
        .fetch_optional(pool)
        .await?
        .ok_or(PreferenceError::UnknownKey)
}
