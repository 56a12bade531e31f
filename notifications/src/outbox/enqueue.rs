//! Putting a notice in the outbox: written for each person it is for, sealed under their
//! key, keyed by what it is about so that it is put there once.

use crate::mail::CalendarMethod;
use crate::notice::{Notice, Recipient};
use crate::texts::{self, Reader};
use charter_store::personal_data::KeyRing;
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use uuid::Uuid;

/// What writing a message needs to know of the server.
#[derive(Debug, Clone)]
pub struct Writing {
    /// The server's public address, which links start with (no trailing slash).
    pub base_url: String,
}

/// Everything a message says, and to whom: the part of an outbox row sealed under the
/// recipient's key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Content {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    #[serde(default)]
    pub calendar: Option<Invitation>,
}

/// A calendar invitation attached to a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invitation {
    pub cancel: bool,
    pub ics: String,
}

impl Invitation {
    /// The iTIP method it carries.
    pub fn method(&self) -> CalendarMethod {
        if self.cancel {
            CalendarMethod::Cancel
        } else {
            CalendarMethod::Request
        }
    }
}

/// A person a message goes to, as the notifier knows them.
struct Addressee {
    person: Uuid,
    name: String,
    address: String,
    language: String,
}

/// Puts `notice` in the outbox for each person it is for, keyed `<key>/<kind>/<person>`;
/// returns how many messages were new. A person without an address, or whose data is
/// erased, gets none. `calendar` is attached as it is to each.
pub async fn enqueue(
    conn: &mut PgConnection,
    writing: &Writing,
    key: &str,
    position: Option<i64>,
    notice: &Notice,
    calendar: Option<&Invitation>,
) -> Result<u64, sqlx::Error> {
    let mut added = 0;
    for addressee in addressees(conn, notice.recipient).await? {
        let ring = KeyRing::load(&mut *conn, &[addressee.person]).await?;
        let written = texts::write(
            notice,
            &Reader {
                name: &addressee.name,
                language: &addressee.language,
                base_url: &writing.base_url,
                preferences_url: None,
            },
        );
        let content = Content {
            to_name: addressee.name,
            to_address: addressee.address,
            subject: written.subject.clone(),
            text: written.text,
            html: written.html,
            calendar: calendar.cloned(),
        };
        let Ok(plain) = serde_json::to_string(&content) else {
            continue;
        };
        let Some(sealed) = ring.seal_value(addressee.person, &plain) else {
            // Erased since (or never given a key): nothing of theirs is written.
            continue;
        };
        let dedupe = format!("{key}/{}/{}", notice.kind, addressee.person);
        added += sqlx::query(
            "INSERT INTO notification_messages
                 (message_id, dedupe_key, kind, channel, recipient, application_id,
                  event_position, subject, sealed_content)
             VALUES ($1, $2, $3, 'email', $4, $5, $6, $7, $8)
             ON CONFLICT ON CONSTRAINT notification_messages_once DO NOTHING",
        )
        .bind(Uuid::now_v7())
        .bind(dedupe)
        .bind(notice.kind.as_str())
        .bind(addressee.person)
        .bind(notice.application.map(|id| id.0))
        .bind(position)
        .bind(&written.subject)
        .bind(sealed)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    }
    Ok(added)
}

/// The people `recipient` stands for, with an address.
async fn addressees(
    conn: &mut PgConnection,
    recipient: Recipient,
) -> Result<Vec<Addressee>, sqlx::Error> {
    let rows: Vec<(Uuid, String, String, String)> = match recipient {
        Recipient::Person(person) => {
            sqlx::query_as(
                "SELECT person_id, name, email, language FROM notice_people
                 WHERE person_id = $1 AND email IS NOT NULL",
            )
            .bind(person.0)
            .fetch_all(conn)
            .await?
        }
        // Whoever holds a live secretariat token, and has an address on the roster.
        Recipient::Secretariat => {
            sqlx::query_as(
                "SELECT p.person_id, p.name, p.email, p.language FROM notice_people p
                 WHERE p.email IS NOT NULL AND EXISTS (
                     SELECT 1 FROM api_tokens t
                     WHERE t.person_id = p.person_id AND t.role = 'secretariat'
                       AND t.revoked_at IS NULL
                       AND (t.expires_at IS NULL OR t.expires_at > now()))
                 ORDER BY p.person_id",
            )
            .fetch_all(conn)
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|(person, name, address, language)| Addressee {
            person,
            name,
            address,
            language,
        })
        .collect())
}
