//! The switch: the copy brought up to the live checkpoint and moved in, in one transaction.

use super::{Progress, Rebuild, RebuildError, SWITCH_ATTEMPTS, SWITCH_LOCK_TIMEOUT};
use sqlx::{Connection, PgConnection};
use std::time::Duration;

impl Rebuild {
    /// Switches the live tables for the copy, then drops the old tables. Retried when the
    /// locks cannot be had in time (a long reader, a deadlock with one); the copy is
    /// dropped if the switch fails for good.
    pub async fn switch(mut self) -> Result<Progress, RebuildError> {
        // Statistics for the planner, gathered before the switch so it stays short.
        self.analyze_copy().await?;
        let mut attempt = 1;
        loop {
            match self.try_switch().await {
                Ok(()) => break,
                Err(RebuildError::Database(error))
                    if attempt < SWITCH_ATTEMPTS && lock_trouble(&error) =>
                {
                    tracing::warn!(projection = self.name, attempt, %error, "switch postponed");
                    attempt += 1;
                    let jitter = u64::from(std::process::id() % 7 + attempt) * 37 % 250;
                    tokio::time::sleep(Duration::from_millis(100 + jitter)).await;
                }
                Err(error) => {
                    if let Err(cleanup) = self.drop_copy().await {
                        tracing::warn!(%cleanup, "the rebuild's copy could not be dropped");
                    }
                    return Err(error);
                }
            }
        }
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.retired))
            .execute(&self.pool)
            .await?;
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.shadow))
            .execute(&self.pool)
            .await?;
        self.shadow_pool.close().await;
        self.unlock().await?;
        Ok(self.progress())
    }

    async fn try_switch(&mut self) -> Result<(), RebuildError> {
        let (names, shadow, retired) = (
            self.names.clone(),
            self.shadow.clone(),
            self.retired.clone(),
        );
        let mut conn = self.shadow_pool.acquire().await?;
        let mut tx = conn.begin().await?;
        // Each statement must see what committed before it (the bounded catch-up relies
        // on it), whatever the database's default isolation.
        sqlx::query("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            .execute(&mut *tx)
            .await?;
        sqlx::query(&format!("SET LOCAL lock_timeout = '{SWITCH_LOCK_TIMEOUT}'"))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO public.projection_checkpoints (projection)
             SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
        )
        .bind(&names)
        .execute(&mut *tx)
        .await?;
        // The live projector waits here until the switch commits, then carries on from
        // the copy's checkpoints on the new tables. (Locked in the order the projector
        // locks them.) The copy is brought up to the furthest of them.
        let checkpoints: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT tx_id::text::bigint, global_position FROM public.projection_checkpoints
             WHERE projection = ANY($1) ORDER BY projection FOR UPDATE",
        )
        .bind(&names)
        .fetch_all(&mut *tx)
        .await?;
        let live = checkpoints.into_iter().max().unwrap_or((0, 0));
        loop {
            let step = self.projector.advance(&mut tx, live).await?;
            if step.read == 0 {
                break;
            }
            self.read += step.read as u64;
        }
        let live_tables: Vec<String> = self
            .tables
            .iter()
            .map(|table| format!("public.{table}"))
            .collect();
        sqlx::query(&format!(
            "LOCK TABLE {} IN ACCESS EXCLUSIVE MODE",
            live_tables.join(", ")
        ))
        .execute(&mut *tx)
        .await?;
        // A migration that ran meanwhile would be undone by switching in the old shape.
        for table in &self.tables {
            if shape(&mut tx, "public", table).await? != shape(&mut tx, &shadow, table).await? {
                return Err(RebuildError::ShapeChanged {
                    table: (*table).to_owned(),
                });
            }
        }
        sqlx::query(&format!("CREATE SCHEMA {retired}"))
            .execute(&mut *tx)
            .await?;
        for table in &self.tables {
            sqlx::query(&format!("ALTER TABLE public.{table} SET SCHEMA {retired}"))
                .execute(&mut *tx)
                .await?;
            sqlx::query(&format!("ALTER TABLE {shadow}.{table} SET SCHEMA public"))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM public.projection_streams WHERE projection = ANY($1)")
            .bind(&names)
            .execute(&mut *tx)
            .await?;
        sqlx::query(&format!(
            "INSERT INTO public.projection_streams
             SELECT * FROM {shadow}.projection_streams WHERE projection = ANY($1)"
        ))
        .bind(&names)
        .execute(&mut *tx)
        .await?;
        sqlx::query(&format!(
            "UPDATE public.projection_checkpoints live
             SET tx_id = copy.tx_id, global_position = copy.global_position,
                 events_applied = copy.events_applied, updated_at = now()
             FROM {shadow}.projection_checkpoints copy
             WHERE live.projection = ANY($1) AND copy.projection = live.projection"
        ))
        .bind(&names)
        .execute(&mut *tx)
        .await?;
        // What migrations asked for before the copy was made, this rebuild has done.
        sqlx::query(
            "DELETE FROM public.projection_rebuilds_due
             WHERE projection = ANY($1) AND requested_at < $2",
        )
        .bind(&names)
        .bind(self.prepared_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Whether `error` says the switch could not get its locks (a lock timeout or a deadlock
/// with a reader), which another attempt may not meet.
fn lock_trouble(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .and_then(|error| error.code())
        .is_some_and(|code| code == "55P03" || code == "40P01")
}

/// The columns of `schema.table` in order, with their types and nullability.
async fn shape(conn: &mut PgConnection, schema: &str, table: &str) -> Result<String, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT coalesce(string_agg(attname || ' ' || format_type(atttypid, atttypmod)
                                    || CASE WHEN attnotnull THEN ' not null' ELSE '' END,
                                    ', ' ORDER BY attnum), '')
         FROM pg_attribute
         WHERE attrelid = ($1 || '.' || $2)::regclass AND attnum > 0 AND NOT attisdropped",
    )
    .bind(schema)
    .bind(table)
    .fetch_one(conn)
    .await
}
