//! Putting a notice in the outbox: written for each person it is for, sealed under their
//! key, keyed by what it is about so that it is put there once.

use crate::calendar::{self, CalendarEntry};
use crate::mail::CalendarMethod;
use crate::notice::{Notice, Recipient};
use crate::preferences::{self, Delivery};
use crate::texts::{self, Reader};
use charter_store::opening::open_texts_on;
use charter_store::personal_data::KeyRing;
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use uuid::Uuid;

/// What writing a message needs to know of the server.
#[derive(Debug, Clone)]
pub struct Writing {
    /// The server's public address, which links start with (no trailing slash).
    pub base_url: String,
    /// The address invitations are organized by (the sender's).
    pub organizer: String,
    /// The host that makes calendar UIDs unique worldwide (`interview-…@host`).
    pub calendar_host: String,
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
    /// Where the reader acts on it (for a digest to list).
    #[serde(default)]
    pub link: String,
    /// The reader's link that stops (or batches) this kind, without signing in.
    #[serde(default)]
    pub unsubscribe: Option<String>,
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
/// returns the messages that were new. A person without an address, whose data is erased,
/// or who switched the kind off gets none; one who chose a daily digest gets it held for
/// that. A notice carrying a calendar entry gets it as an invitation written for each.
pub async fn enqueue(
    conn: &mut PgConnection,
    writing: &Writing,
    key: &str,
    position: Option<i64>,
    notice: &Notice,
) -> Result<Vec<Uuid>, sqlx::Error> {
    let mut added = Vec::new();
    for addressee in addressees(conn, notice.recipient).await? {
        let delivery = if notice.kind.is_chosen() {
            preferences::delivery_of(&mut *conn, addressee.person, notice.kind).await?
        } else {
            Delivery::Immediate
        };
        if delivery == Delivery::Off {
            continue;
        }
        let ring = KeyRing::load(&mut *conn, &[addressee.person]).await?;
        let unsubscribe = if notice.kind.is_chosen() {
            let key = preferences::unsubscribe_key(&mut *conn, addressee.person).await?;
            Some(format!(
                "{}{}",
                writing.base_url,
                preferences::unsubscribe_path(&key, notice.kind)
            ))
        } else {
            None
        };
        let written = texts::write(
            notice,
            &Reader {
                name: &addressee.name,
                language: &addressee.language,
                base_url: &writing.base_url,
                unsubscribe_url: unsubscribe.as_deref(),
            },
        );
        let calendar = notice
            .calendar
            .as_ref()
            .map(|entry| invitation(notice, entry, writing, &addressee));
        let content = Content {
            to_name: addressee.name,
            to_address: addressee.address,
            subject: written.subject.clone(),
            text: written.text,
            html: written.html,
            calendar,
            link: format!("{}{}", writing.base_url, notice.link),
            unsubscribe,
        };
        let Ok(plain) = serde_json::to_string(&content) else {
            continue;
        };
        let Some(sealed) = ring.seal_value(addressee.person, &plain) else {
            // Erased since (or never given a key): nothing of theirs is written.
            continue;
        };
        let dedupe = format!("{key}/{}/{}", notice.kind, addressee.person);
        let status = match delivery {
            Delivery::DailyDigest => "held",
            Delivery::Immediate | Delivery::Off => "pending",
        };
        let message_id = Uuid::now_v7();
        let inserted = sqlx::query(
            "INSERT INTO notification_messages
                 (message_id, dedupe_key, kind, channel, recipient, application_id,
                  event_position, subject, sealed_content, status)
             VALUES ($1, $2, $3, 'email', $4, $5, $6, $7, $8, $9)
             ON CONFLICT ON CONSTRAINT notification_messages_once DO NOTHING",
        )
        .bind(message_id)
        .bind(dedupe)
        .bind(notice.kind.as_str())
        .bind(addressee.person)
        .bind(notice.application.map(|id| id.0))
        .bind(position)
        .bind(&written.subject)
        .bind(sealed)
        .bind(status)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if inserted > 0 {
            added.push(message_id);
        }
    }
    Ok(added)
}

/// The invitation `notice` carries, for one addressee.
fn invitation(
    notice: &Notice,
    entry: &CalendarEntry,
    writing: &Writing,
    addressee: &Addressee,
) -> Invitation {
    let mut entry = entry.clone();
    entry.uid = format!("{}@{}", entry.uid, writing.calendar_host);
    entry.summary = texts::line(notice, &addressee.language, "interview-summary");
    entry.url = Some(format!("{}{}", writing.base_url, notice.link));
    let method = if entry.cancelled {
        CalendarMethod::Cancel
    } else {
        CalendarMethod::Request
    };
    Invitation {
        cancel: entry.cancelled,
        ics: calendar::invitation(
            &entry,
            method,
            &writing.organizer,
            &[(addressee.name.clone(), addressee.address.clone())],
        ),
    }
}

/// The people `recipient` stands for, with an address. Names and addresses are sealed in
/// both tables they come from: opened here, and only then is an address told from none.
async fn addressees(
    conn: &mut PgConnection,
    recipient: Recipient,
) -> Result<Vec<Addressee>, sqlx::Error> {
    let mut rows: Vec<Known> = match recipient {
        // As the notifier knows them, or, before it has read their registration, as the
        // roster read model does (a sign-in code is sent at once). The language is the one
        // they chose on the pages, if any.
        Recipient::Person(person) => {
            sqlx::query_as(
                "SELECT x.person_id, n.person_id IS NOT NULL AS noticed, n.name, n.email,
                        p.name AS roster_name, p.email AS roster_email,
                        COALESCE(s.language, n.language, 'en') AS language
                 FROM (SELECT $1::uuid AS person_id) x
                 LEFT JOIN notice_people n USING (person_id)
                 LEFT JOIN people p USING (person_id)
                 LEFT JOIN person_settings s USING (person_id)",
            )
            .bind(person.0)
            .fetch_all(&mut *conn)
            .await?
        }
        // Whoever holds a live secretariat token, and has an address on the roster: as the
        // notifier knows them, or else as the roster read model does (a warning decided
        // outside the notifier, by the process manager, must not depend on how far the
        // notifier has read). A person erased has no key left: nothing is written to them.
        Recipient::Secretariat => {
            sqlx::query_as(
                "SELECT t.person_id, false AS noticed, n.name, n.email,
                        p.name AS roster_name, p.email AS roster_email,
                        COALESCE(s.language, n.language, 'en') AS language
                 FROM (SELECT DISTINCT person_id FROM api_tokens
                       WHERE role = 'secretariat' AND revoked_at IS NULL
                         AND (expires_at IS NULL OR expires_at > now())) t
                 LEFT JOIN notice_people n USING (person_id)
                 LEFT JOIN people p USING (person_id)
                 LEFT JOIN person_settings s USING (person_id)
                 ORDER BY t.person_id",
            )
            .fetch_all(&mut *conn)
            .await?
        }
    };
    open_texts_on(conn, rows.iter_mut().flat_map(Known::personal)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|known| {
            // A person is the notifier's once it has read them: its values, even an
            // address erased since, win over the roster's. Else each value is whichever
            // table has it.
            let (name, address) = if known.noticed {
                (known.name, known.email)
            } else {
                (
                    known.name.or(known.roster_name),
                    known.email.or(known.roster_email),
                )
            };
            let address = address.filter(|address| address.contains('@'))?;
            Some(Addressee {
                person: known.person_id,
                name: name.unwrap_or_default(),
                address,
                language: known.language,
            })
        })
        .collect())
}

/// A person a message may go to, as the notifier and the roster know them.
#[derive(sqlx::FromRow)]
struct Known {
    person_id: Uuid,
    /// Whether the notifier's table decides (see [`addressees`]).
    noticed: bool,
    name: Option<String>,
    email: Option<String>,
    roster_name: Option<String>,
    roster_email: Option<String>,
    language: String,
}

impl Known {
    /// The values kept sealed: names and addresses.
    fn personal(&mut self) -> impl Iterator<Item = &mut String> {
        [
            &mut self.name,
            &mut self.email,
            &mut self.roster_name,
            &mut self.roster_email,
        ]
        .into_iter()
        .flatten()
    }
}
