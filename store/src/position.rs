//! Where an aggregate's events stand in the global order.

use sqlx::PgPool;

/// The global position of event `sequence` of aggregate `aggregate_id` of type
/// `aggregate_type`; `None` when there is no such event.
pub async fn position_of(
    pool: &PgPool,
    aggregate_type: &str,
    aggregate_id: &str,
    sequence: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT global_position FROM events
         WHERE aggregate_type = $1 AND aggregate_id = $2 AND sequence = $3",
    )
    .bind(aggregate_type)
    .bind(aggregate_id)
    .bind(sequence)
    .fetch_optional(pool)
    .await
}
