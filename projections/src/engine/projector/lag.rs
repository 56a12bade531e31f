//! How far behind a projection is: the events it has not applied yet, and their age.

use super::reading::after_checkpoint;
use sqlx::postgres::PgPool;

/// Events projection `name` has not applied yet, and the age in seconds of the oldest of
/// them. Counts every one: a read per event behind, seconds when a rebuild or a restart
/// left it a million behind.
pub async fn lag(pool: &PgPool, name: &str) -> Result<(i64, f64), sqlx::Error> {
    lag_up_to(pool, name, i64::MAX).await
}

/// Like [`lag`], counting at most `cap` events: what a health check polled every few
/// seconds can afford however far behind a projection is. The age is still that of the
/// oldest event not applied, which comes first in the order.
pub async fn lag_up_to(pool: &PgPool, name: &str, cap: i64) -> Result<(i64, f64), sqlx::Error> {
    let (tx_id, position) = checkpoint_of(pool, name).await?;
    let behind = after_checkpoint("events.recorded_at", "", "$3");
    sqlx::query_as(&format!(
        "SELECT count(*), coalesce(extract(epoch FROM now() - min(recorded_at))::float8, 0)
         FROM ({behind}) behind"
    ))
    .bind(tx_id)
    .bind(position)
    .bind(cap.max(0))
    .fetch_one(pool)
    .await
}

/// The stored checkpoint of projection `name`, `(tx_id, global_position)`: where it
/// stands, `(0, 0)` before its first event (or when it has no checkpoint yet).
pub async fn checkpoint_of(pool: &PgPool, name: &str) -> Result<(i64, i64), sqlx::Error> {
    let stored: Option<(i64, i64)> = sqlx::query_as(
        "SELECT tx_id::text::bigint, global_position FROM projection_checkpoints
         WHERE projection = $1",
    )
    .bind(name)
    .fetch_optional(pool)
    .await?;
    Ok(stored.unwrap_or((0, 0)))
}
