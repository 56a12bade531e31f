//! The daily digest: the messages a person chose to receive once a day are held, and sent
//! together in one message once the oldest of them has waited a day. Each held message is
//! then `digested`, pointing at the digest it went out in.

use super::enqueue::{enqueue, Content, Writing};
use crate::links;
use crate::notice::{Arg, Notice, NoticeKind, Recipient};
use charter_domain::PersonId;
use charter_store::personal_data::KeyRing;
use sqlx::PgPool;
use std::time::Duration;
use uuid::Uuid;

/// Writes a digest for each person whose oldest held message has waited `after`; returns
/// how many digests were written.
pub async fn write_due(
    pool: &PgPool,
    writing: &Writing,
    after: Duration,
) -> Result<usize, sqlx::Error> {
    let due: Vec<Uuid> = sqlx::query_scalar(
        "SELECT recipient FROM notification_messages
         WHERE status = 'held' AND recipient IS NOT NULL
         GROUP BY recipient
         HAVING min(created_at) <= now() - make_interval(secs => $1)",
    )
    .bind(after.as_secs_f64())
    .fetch_all(pool)
    .await?;
    let mut written = 0;
    for person in due {
        if write_one(pool, writing, person).await? {
            written += 1;
        }
    }
    Ok(written)
}

/// One person's digest, in one transaction with marking what it holds.
async fn write_one(pool: &PgPool, writing: &Writing, person: Uuid) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // Locked, skipping rows another instance is digesting at this moment.
    let held: Vec<(Uuid, Option<String>)> = sqlx::query_as(
        "SELECT message_id, sealed_content FROM notification_messages
         WHERE status = 'held' AND recipient = $1
         ORDER BY created_at, message_id
         FOR UPDATE SKIP LOCKED",
    )
    .bind(person)
    .fetch_all(&mut *tx)
    .await?;
    let Some((first, _)) = held.first() else {
        return Ok(false);
    };
    let first = *first;
    let ring = KeyRing::load(&mut tx, &[person]).await?;
    let mut items = Vec::new();
    for (_, sealed) in &held {
        let Some(mut plain) = sealed.clone() else {
            continue;
        };
        if ring.open_text(&mut plain).is_err() {
            continue;
        }
        if let Ok(content) = serde_json::from_str::<Content>(&plain) {
            items.push(format!("- {}: {}", content.subject, content.link));
        }
    }
    let ids: Vec<Uuid> = held.iter().map(|(id, _)| *id).collect();
    let digest = if items.is_empty() {
        // Erased meanwhile: nothing can be written to them.
        None
    } else {
        let notice = Notice::new(
            NoticeKind::DailyDigest,
            Recipient::Person(PersonId(person)),
            links::preferences(),
        )
        .with(
            "count",
            Arg::Number(i64::try_from(items.len()).unwrap_or(i64::MAX)),
        )
        .text("items", items.join("\n"));
        let key = format!("digest/{person}/{first}");
        enqueue(&mut tx, writing, &key, None, &notice)
            .await?
            .first()
            .copied()
    };
    let status = if digest.is_some() {
        "digested"
    } else {
        "dropped"
    };
    sqlx::query(
        "UPDATE notification_messages SET status = $2, digest_id = $3
         WHERE message_id = ANY($1)",
    )
    .bind(&ids)
    .bind(status)
    .bind(digest)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(digest.is_some())
}
