//! How far behind a projection is: the events it has not applied yet, and their age.

use sqlx::postgres::PgPool;

/// Events projection `name` has not applied yet, and the age in seconds of the oldest of
/// them. Counts every one: a read per event behind, seconds when a rebuild or a restart
/// left it a million behind. (The inner `ORDER BY` keeps the planner on the global-order
/// index: left to its estimate of the row comparison it scans the whole table, 0.8 s at
/// 1,000,000 events.)
pub async fn lag(pool: &PgPool, name: &str) -> Result<(i64, f64), sqlx::Error> {
    lag_up_to(pool, name, i64::MAX).await
}

/// Like [`lag`], counting at most `cap` events: what a health check polled every few
/// seconds can afford however far behind a projection is. The age is still that of the
/// oldest event not applied, which comes first in the order.
pub async fn lag_up_to(pool: &PgPool, name: &str, cap: i64) -> Result<(i64, f64), sqlx::Error> {
    sqlx::query_as(
        "WITH c AS (
             SELECT coalesce((SELECT tx_id FROM projection_checkpoints WHERE projection = $1), '0') AS tx_id,
                    coalesce((SELECT global_position FROM projection_checkpoints WHERE projection = $1), 0) AS position)
         SELECT count(*), coalesce(extract(epoch FROM now() - min(recorded_at))::float8, 0)
         FROM (SELECT e.recorded_at FROM events e, c
               WHERE (e.tx_id, e.global_position) > (c.tx_id, c.position)
               ORDER BY e.tx_id, e.global_position
               LIMIT $2) behind",
    )
    .bind(name)
    .bind(cap.max(0))
    .fetch_one(pool)
    .await
}
