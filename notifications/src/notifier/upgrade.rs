//! The people the notifier knows, kept in the clear by a version before their names and
//! addresses were sealed: sealed in place under each person's key. The notifier is not
//! rebuilt from the events (the messages it wrote are not derived again), so its rows are
//! sealed where they stand; the hourly upkeep runs this, and after the first pass it finds
//! nothing.

use charter_domain::personal::ERASED;
use charter_store::personal_data::KeyRing;
use sqlx::PgPool;
use uuid::Uuid;

/// How many rows one pass seals at most.
const BATCH: i64 = 500;

/// Seals the names and addresses of `notice_people` kept in the clear; returns how many
/// rows it sealed. A row of someone without a key (registered before sealing existed, or
/// erased) is left: there is nothing to seal it under, and an erasure scrubs it.
pub async fn seal_kept_in_clear(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let (mut sealed, mut after) = (0, Uuid::nil());
    loop {
        let rows: Vec<(Uuid, String, Option<String>)> = sqlx::query_as(
            "SELECT person_id, name, email FROM notice_people
             WHERE ((name NOT LIKE 'sealed:v1:%' AND name <> $1)
                    OR (email IS NOT NULL AND email NOT LIKE 'sealed:v1:%'))
               AND person_id > $2
             ORDER BY person_id LIMIT $3",
        )
        .bind(ERASED)
        .bind(after)
        .bind(BATCH)
        .fetch_all(pool)
        .await?;
        let Some(last) = rows.last().map(|(id, ..)| *id) else {
            return Ok(sealed);
        };
        after = last;
        let ids: Vec<Uuid> = rows.iter().map(|(id, ..)| *id).collect();
        let mut conn = pool.acquire().await?;
        let ring = KeyRing::load(&mut conn, &ids).await?;
        for (person, name, email) in &rows {
            // `None` when a value cannot be sealed: the row is left as it is.
            let seal = |value: &str| {
                if charter_domain::personal::is_sealed(value) || value == ERASED {
                    Some(value.to_owned())
                } else {
                    ring.seal_value(*person, value)
                }
            };
            let Some(name) = seal(name) else { continue };
            let email = match email.as_deref() {
                Some(email) => match seal(email) {
                    Some(sealed) => Some(sealed),
                    None => continue,
                },
                None => None,
            };
            sealed +=
                sqlx::query("UPDATE notice_people SET name = $2, email = $3 WHERE person_id = $1")
                    .bind(person)
                    .bind(name)
                    .bind(email)
                    .execute(&mut *conn)
                    .await?
                    .rows_affected();
        }
    }
}
