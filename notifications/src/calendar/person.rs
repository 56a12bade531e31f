//! A person's private calendar feed: their open interviews, deadlines and vote closings,
//! from the deadlines read model, at an unguessable URL their calendar subscribes to.

use super::{deadline_uid, feed, interview_uid, vote_closing_uid, CalendarEntry};
use crate::notice::{Arg, Notice, NoticeKind, Recipient};
use crate::notifier::facts::hub_name;
use crate::texts;
use charter_domain::vote::Motion;
use charter_domain::{ApplicationId, PersonId, Policy};
use charter_projections::read_models::deadlines::{self, Deadline, DeadlineKind};
use charter_store::opening::open_texts;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// The key of `person`'s feed, made on first use.
pub async fn feed_key(conn: &mut PgConnection, person: Uuid) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_feed_keys (person_id, key) VALUES ($1, $2)
         ON CONFLICT (person_id) DO NOTHING",
    )
    .bind(person)
    .bind(fresh_key())
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar("SELECT key FROM calendar_feed_keys WHERE person_id = $1")
        .bind(person)
        .fetch_one(conn)
        .await
}

/// Replaces `person`'s feed key: the old URL stops working at once.
pub async fn replace_key(pool: &PgPool, person: Uuid) -> Result<String, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO calendar_feed_keys (person_id, key) VALUES ($1, $2)
         ON CONFLICT (person_id) DO UPDATE SET key = EXCLUDED.key, created_at = now()
         RETURNING key",
    )
    .bind(person)
    .bind(fresh_key())
    .fetch_one(pool)
    .await
}

fn fresh_key() -> String {
    let mut bytes = [0u8; 24];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The feed behind `key`, as of `now`, with UIDs ending in `@host`; `None` for a key that
/// is not one.
pub async fn feed_of(
    pool: &PgPool,
    key: &str,
    policy: &Policy,
    host: &str,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, sqlx::Error> {
    let holder: Option<(Uuid, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT k.person_id, p.name, p.language FROM calendar_feed_keys k
         LEFT JOIN notice_people p USING (person_id) WHERE k.key = $1",
    )
    .bind(key)
    .fetch_optional(pool)
    .await?;
    let Some((person, mut name, language)) = holder else {
        return Ok(None);
    };
    open_texts(pool, name.as_mut()).await?;
    let language = language.unwrap_or_else(|| "en".to_owned());
    // An applicant's token is not a founder: their feed holds what their application's
    // founders attend and owe.
    let founders: Vec<Uuid> = sqlx::query_scalar(
        "SELECT DISTINCT unnest(a.founders) FROM notice_applications a
         JOIN api_tokens t ON t.application_id = a.application_id
         WHERE t.person_id = $1 AND t.role = 'applicant' AND t.revoked_at IS NULL",
    )
    .bind(person)
    .fetch_all(pool)
    .await?;
    let mut found: Vec<Deadline> = Vec::new();
    for whom in std::iter::once(person).chain(founders) {
        for deadline in deadlines::for_person(pool, PersonId(whom), policy).await? {
            if !found
                .iter()
                .any(|d| d.deadline_key == deadline.deadline_key)
            {
                found.push(deadline);
            }
        }
    }
    let mut entries = Vec::new();
    let mut conn = pool.acquire().await?;
    for deadline in found {
        let hub = hub_name(&mut conn, ApplicationId(deadline.application_id)).await?;
        if let Some(entry) = entry(&deadline, hub, &language, host, now) {
            entries.push(CalendarEntry {
                url: Some(format!(
                    "{base_url}/api/v1/applications/{}",
                    deadline.application_id
                )),
                ..entry
            });
        }
    }
    let title = texts::line(
        &Notice::new(NoticeKind::DailyDigest, Recipient::Secretariat, "")
            .text("name", name.unwrap_or_default()),
        &language,
        "calendar-name",
    );
    Ok(Some(feed(&title, &entries)))
}

/// One deadline as a calendar entry.
fn entry(
    deadline: &Deadline,
    hub: String,
    language: &str,
    host: &str,
    now: DateTime<Utc>,
) -> Option<CalendarEntry> {
    let application = deadline.application_id;
    let mut words =
        Notice::new(NoticeKind::DailyDigest, Recipient::Secretariat, "").text("hub", hub);
    if let Some(document) = &deadline.document_kind {
        words = words.text("document", document);
    }
    let (uid, end) = match deadline.kind {
        DeadlineKind::Interview => (
            interview_uid(application, u32::try_from(deadline.interview?).ok()?, host),
            Some(deadline.due_at + crate::decide::INTERVIEW_LENGTH),
        ),
        DeadlineKind::RevisionDue => (
            deadline_uid(application, u32::try_from(deadline.request?).ok()?, host),
            None,
        ),
        DeadlineKind::ReviewDue => (
            format!(
                "review-{application}-{}-{}@{host}",
                deadline.document_kind.clone()?,
                deadline.document_version?
            ),
            None,
        ),
        DeadlineKind::VoteCloses => {
            let motion = deadline
                .motion
                .as_ref()
                .and_then(|motion| serde_json::from_value::<Motion>(motion.0.clone()).ok())?;
            words = words.with("motion", Arg::motion(&motion));
            (vote_closing_uid(deadline.vote_id?, host), None)
        }
        DeadlineKind::StageLimit => return None,
    };
    Some(CalendarEntry {
        uid,
        sequence: 0,
        stamp: now,
        start: deadline.due_at,
        end,
        summary: texts::line(&words, language, &format!("calendar-{}", deadline.kind)),
        description: String::new(),
        location: deadline.location.clone(),
        url: None,
        cancelled: false,
    })
}
