//! The key of each open vote, which seals its secret ballots: stored wrapped under the
//! current KEK while the vote is open, destroyed (and the KEK rotated) when it closes.

use super::data_keys::{self, InStore, KeyOf, Opened, DATA_KEY_LEN};
use super::KeyError;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// Keeps `key` as the key of `vote`, wrapped, in the transaction on `conn` (a key already
/// kept stays).
pub async fn keep(
    conn: &mut PgConnection,
    vote: Uuid,
    key: &[u8; DATA_KEY_LEN],
) -> Result<(), KeyError> {
    let (_, kek, keks) = data_keys::current_kek(conn).await?;
    let wrapped = keks
        .wrap(kek, &KeyOf::Vote(vote).context(), key)?
        .ok_or(KeyError::UnknownKek(kek))?;
    sqlx::query(
        "INSERT INTO vote_keys (vote_id, wrapped, kek) VALUES ($1, $2, $3)
         ON CONFLICT (vote_id) DO NOTHING",
    )
    .bind(vote)
    .bind(wrapped)
    .bind(kek)
    .execute(conn)
    .await?;
    Ok(())
}

/// The key of `vote`; `None` once destroyed (or never made: an open vote).
pub async fn read(pool: &PgPool, vote: Uuid) -> Result<Option<[u8; DATA_KEY_LEN]>, KeyError> {
    let mut gone = None;
    for _ in 0..3 {
        let row: Option<InStore> = sqlx::query_as(
            "SELECT s.id AS store, k.vote_id AS id, k.key, k.wrapped, k.kek
             FROM vote_keys k CROSS JOIN store_identity s
             WHERE k.vote_id = $1",
        )
        .bind(vote)
        .fetch_optional(pool)
        .await?;
        let Some(InStore { store, row }) = row else {
            return Ok(None);
        };
        match row.stored.open(store, KeyOf::Vote(vote))? {
            Opened::Key(key) => return Ok(Some(key)),
            Opened::Destroyed => return Ok(None),
            Opened::KekGone(kek) => gone = Some(kek),
        }
    }
    Err(KeyError::UnknownKek(gone.unwrap_or_default()))
}

/// Destroys the key of `vote` and frees its application for the next vote, marking a
/// rotation due (the caller runs it: [`super::rotation::rotate_if_due`]).
pub async fn release(pool: &PgPool, vote: Uuid) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    data_keys::mark_rotation_due(&mut tx).await?;
    for table in ["vote_keys", "open_votes"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE vote_id = $1"))
            .bind(vote)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// Destroys the keys of closed votes and of votes that never opened (a command refused or
/// lost after its key was kept), and frees their applications; whether any key was
/// destroyed (then a rotation is due).
pub async fn release_closed(pool: &PgPool) -> Result<bool, sqlx::Error> {
    const LEFT_OVER: &str =
        "EXISTS (SELECT 1 FROM votes v WHERE v.vote_id = t.vote_id AND v.closed_at IS NOT NULL)
        OR (t.created_at < now() - interval '10 minutes'
            AND NOT EXISTS (SELECT 1 FROM events e
                WHERE e.aggregate_type = 'CommitteeVote' AND e.aggregate_id = t.vote_id::text))";
    let mut tx = pool.begin().await?;
    let any: bool = sqlx::query_scalar(&format!(
        "SELECT EXISTS (SELECT 1 FROM vote_keys t WHERE {LEFT_OVER})"
    ))
    .fetch_one(&mut *tx)
    .await?;
    if any {
        data_keys::mark_rotation_due(&mut tx).await?;
    }
    for table in ["vote_keys", "open_votes"] {
        sqlx::query(&format!("DELETE FROM {table} t WHERE {LEFT_OVER}"))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(any)
}
