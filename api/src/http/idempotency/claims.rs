//! Claims on `Idempotency-Key`s: a request claims its key before it runs; a retry reads
//! the claim to learn whether the first request was answered, is still running, or was
//! abandoned (its instance died, or it is too old to be running), and then whether it took
//! effect, from the events that carry the key.

use super::answers;
use sqlx::PgPool;
use uuid::Uuid;

/// How long a claim without a response is taken to mean its request is still running,
/// while the instance that claimed it lives (one that died runs nothing: see
/// [`crate::server::instance`]). The body has been read before the claim is made, so what
/// remains is database work.
const IN_FLIGHT_SECONDS: i64 = 120;

/// What the key's row says about this request.
pub(super) enum KeyClaim {
    /// Claimed for this request: run it.
    New,
    /// Answered before: repeat the answer.
    Answered {
        status: u16,
        headers: serde_json::Value,
        body: Vec<u8>,
    },
    /// Used with another request.
    OtherRequest,
    /// The first request with this key is still running.
    InFlight,
    /// The first request took effect but its answer was lost in a crash: what it wrote
    /// last, and where what it acted on (or created) is read.
    TookEffect { position: i64, location: String },
    /// The first request took effect, and its answer named someone erased since.
    AnswerErased,
}

pub(super) async fn claim(
    pool: &PgPool,
    instance: i32,
    person: Uuid,
    key: &str,
    fingerprint: &[u8],
) -> Result<KeyClaim, sqlx::Error> {
    let claimed = sqlx::query(
        "INSERT INTO idempotency_keys (person_id, key, fingerprint, instance)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING",
    )
    .bind(person)
    .bind(key)
    .bind(fingerprint)
    .bind(instance)
    .execute(pool)
    .await?;
    if claimed.rows_affected() == 1 {
        return Ok(KeyClaim::New);
    }
    type Row = (
        Vec<u8>,
        Option<i16>,
        Option<serde_json::Value>,
        Option<Vec<u8>>,
        bool,
        chrono::DateTime<chrono::Utc>,
    );
    // Abandoned: claimed by an instance that has died since, or too long ago to be running.
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT fingerprint, status, headers, body,
                claimed_at < now() - make_interval(secs => $3)
                  OR (instance IS NOT NULL AND NOT {}),
                claimed_at
         FROM idempotency_keys WHERE person_id = $1 AND key = $2",
        crate::server::instance::alive("instance")
    ))
    .bind(person)
    .bind(key)
    .bind(IN_FLIGHT_SECONDS as f64)
    .fetch_optional(pool)
    .await?;
    let Some((stored, status, headers, body, abandoned, claimed_at)) = row else {
        // Released between the two statements: claim again.
        return Box::pin(claim(pool, instance, person, key, fingerprint)).await;
    };
    // (An empty fingerprint was kept before they were keyed: it matches.)
    if stored != fingerprint && !stored.is_empty() {
        return Ok(KeyClaim::OtherRequest);
    }
    if let Some(status) = status {
        let Some(body) = answers::open(pool, body.unwrap_or_default()).await? else {
            return Ok(KeyClaim::AnswerErased);
        };
        return Ok(KeyClaim::Answered {
            status: u16::try_from(status).unwrap_or(500),
            headers: headers.unwrap_or_default(),
            body,
        });
    }
    if !abandoned {
        return Ok(KeyClaim::InFlight);
    }
    // A claim its request never completed: did that request take effect?
    if let Some((position, location)) = effect(pool, person, key).await? {
        return Ok(KeyClaim::TookEffect { position, location });
    }
    // It did not: take the claim over, unless another retry just did. An append of the
    // first request still pending in the database holds the claim's row (see the
    // `events_hold_claim` trigger): the take-over waits for it, then looks again for its
    // events, in the same transaction; an append that comes later is refused.
    let mut taking = pool.begin().await?;
    let taken = sqlx::query(
        "UPDATE idempotency_keys SET claimed_at = now(), instance = $4
         WHERE person_id = $1 AND key = $2 AND status IS NULL AND claimed_at = $3",
    )
    .bind(person)
    .bind(key)
    .bind(claimed_at)
    .bind(instance)
    .execute(&mut *taking)
    .await?;
    if taken.rows_affected() != 1 {
        return Ok(KeyClaim::InFlight);
    }
    if let Some((position, location)) = effect(&mut *taking, person, key).await? {
        taking.rollback().await?;
        return Ok(KeyClaim::TookEffect { position, location });
    }
    taking.commit().await?;
    Ok(KeyClaim::New)
}

/// What a request with `person`'s `key` wrote, if anything: the position of its last
/// event, and the address of what its first event acted on (the application, the vote,
/// or for the roster the person it names), which is what a command that creates
/// something created.
async fn effect<'c>(
    reader: impl sqlx::PgExecutor<'c>,
    person: Uuid,
    key: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    let row: Option<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT last.position, first.aggregate_type, first.aggregate_id,
                jsonb_path_query_first(first.payload::jsonb, '$.*.person_id') #>> '{}'
         FROM (SELECT max(global_position) AS position, min(global_position) AS head
               FROM events
               WHERE metadata ->> 'idempotency_key' = $1 AND metadata ->> 'actor_id' = $2)
              AS last
         JOIN events first ON first.global_position = last.head",
    )
    .bind(key)
    .bind(person.to_string())
    .fetch_optional(reader)
    .await?;
    Ok(row.map(|(position, kind, id, person)| {
        let location = match (kind.as_str(), person) {
            ("Application", _) => format!("/api/v1/applications/{id}"),
            ("CommitteeVote", _) => format!("/api/v1/votes/{id}"),
            (_, Some(person)) => format!("/api/v1/people/{person}"),
            _ => "/api/v1/people".to_owned(),
        };
        (position, location)
    }))
}

/// Releases `person`'s claim on `key` after a request that did not succeed, so that a
/// retry runs it, unless events carry the key: a failure can come after the append
/// committed (a connection lost while the commit was acknowledged, answered 503), and a
/// retry must then be told the command took effect, not carry it out again. Such a claim
/// stays; a retry after it has gone stale finds the events and says so.
pub async fn release(pool: &PgPool, person: Uuid, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM idempotency_keys
         WHERE person_id = $1 AND key = $2 AND status IS NULL
           AND NOT EXISTS (SELECT 1 FROM events
                           WHERE metadata ->> 'idempotency_key' = $2
                             AND metadata ->> 'actor_id' = $1::text)",
    )
    .bind(person)
    .bind(key)
    .execute(pool)
    .await?;
    Ok(())
}
