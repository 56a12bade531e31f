//! Preparing a rebuild: its locks, and the empty copies of the tables in a schema of its own.

use super::{Rebuild, RebuildError, BOOKKEEPING, REBUILD_LANES};
use crate::engine::projection::Projection;
use crate::engine::projector::{Projector, ProjectorSettings};
use chrono::{DateTime, Utc};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::PgConnection;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::watch;

impl Rebuild {
    /// Takes the rebuild lock of `projection` and creates empty copies of its tables.
    /// A copy left by an earlier rebuild that did not finish is dropped first.
    pub async fn prepare(
        pool: &PgPool,
        projection: Arc<dyn Projection>,
        batch_size: i64,
    ) -> Result<Self, RebuildError> {
        let name = projection.name();
        Self::prepare_group(pool, name, vec![projection], batch_size).await
    }

    /// Like [`Rebuild::prepare`] for several projections rebuilt in one pass over the
    /// events (one projector group, see [`Projector::group`]) and switched in together,
    /// with their copies in `charter_rebuild_<name>`.
    pub async fn prepare_group(
        pool: &PgPool,
        name: &'static str,
        projections: Vec<Arc<dyn Projection>>,
        batch_size: i64,
    ) -> Result<Self, RebuildError> {
        let names: Vec<&'static str> = projections.iter().map(|p| p.name()).collect();
        for name in std::iter::once(name).chain(names.iter().copied()) {
            if name.is_empty()
                || name.len() > 40
                || !name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            {
                return Err(RebuildError::UnusableName(name));
            }
        }
        let mut tables: Vec<&'static str> = Vec::new();
        for projection in &projections {
            for table in projection.tables() {
                if !tables.contains(table) {
                    tables.push(table);
                }
            }
        }
        // One lock per projection, so that a rebuild of one of them alone waits too.
        let mut lock = pool.acquire().await?.detach();
        for projection in &names {
            let locked: bool = sqlx::query_scalar(
                "SELECT pg_try_advisory_lock(hashtext('charter.rebuild.' || $1))",
            )
            .bind(projection)
            .fetch_one(&mut lock)
            .await?;
            if !locked {
                return Err(RebuildError::Busy(projection));
            }
        }
        let shadow = format!("charter_rebuild_{name}");
        let retired = format!("charter_retired_{name}");
        let mut tx = pool.begin().await?;
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {shadow} CASCADE"))
            .execute(&mut *tx)
            .await?;
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {retired} CASCADE"))
            .execute(&mut *tx)
            .await?;
        sqlx::query(&format!("CREATE SCHEMA {shadow}"))
            .execute(&mut *tx)
            .await?;
        for bookkeeping in BOOKKEEPING {
            sqlx::query(&format!(
                "CREATE TABLE {shadow}.{bookkeeping} (LIKE public.{bookkeeping} INCLUDING ALL)"
            ))
            .execute(&mut *tx)
            .await?;
        }
        for table in &tables {
            copy_table(&mut tx, table, &shadow).await?;
        }
        let (total, prepared_at): (i64, DateTime<Utc>) =
            sqlx::query_as("SELECT count(*), now() FROM events")
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;

        // The copy's own connections find the copies first and everything else (the
        // events) in public: the lanes apply a batch while another reads the next.
        let options = (*pool.connect_options())
            .clone()
            .options([("search_path", format!("{shadow},public"))]);
        let lanes = REBUILD_LANES.min(projections.len()).max(1);
        let shadow_pool = PgPoolOptions::new()
            .max_connections(u32::try_from(lanes + 1).unwrap_or(u32::MAX))
            .connect_with(options)
            .await?;
        let projector = Projector::group(
            shadow_pool.clone(),
            projections,
            ProjectorSettings {
                batch_size,
                read_ahead: true,
                lanes,
                ..ProjectorSettings::default()
            },
            watch::Sender::new(0),
        );
        Ok(Self {
            pool: pool.clone(),
            name,
            names,
            tables,
            shadow,
            retired,
            shadow_pool,
            projector,
            lock,
            started: Instant::now(),
            prepared_at,
            total: u64::try_from(total).unwrap_or(0),
            read: 0,
        })
    }
}

/// Refuses a table tied to others in ways a copy would lose: foreign keys, triggers or
/// views (which the old table's drop would take with it).
async fn check_copyable(conn: &mut PgConnection, table: &str) -> Result<(), RebuildError> {
    let ties: Vec<String> = sqlx::query_scalar(
        "SELECT 'foreign key ' || conname FROM pg_constraint
         WHERE contype = 'f' AND (conrelid = $1::text::regclass OR confrelid = $1::text::regclass)
         UNION ALL
         SELECT 'trigger ' || tgname FROM pg_trigger
         WHERE tgrelid = $1::text::regclass AND NOT tgisinternal
         UNION ALL
         SELECT 'view ' || r.ev_class::regclass::text FROM pg_depend d
         JOIN pg_rewrite r ON r.oid = d.objid
         WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = $1::text::regclass
           AND r.ev_class <> $1::text::regclass",
    )
    .bind(format!("public.{table}"))
    .fetch_all(conn)
    .await?;
    match ties.into_iter().next() {
        None => Ok(()),
        Some(what) => Err(RebuildError::Uncopyable {
            table: table.to_owned(),
            what,
        }),
    }
}

/// Creates `shadow.table` like `public.table`, with its constraints and indexes under the
/// same names, so the table that is switched in is indistinguishable from one the
/// migrations made.
async fn copy_table(
    conn: &mut PgConnection,
    table: &str,
    shadow: &str,
) -> Result<(), RebuildError> {
    check_copyable(conn, table).await?;
    sqlx::query(&format!(
        "CREATE TABLE {shadow}.{table} (LIKE public.{table} INCLUDING ALL EXCLUDING INDEXES)"
    ))
    .execute(&mut *conn)
    .await?;
    let live = format!("public.{table}");
    let constraints: Vec<(String, String)> = sqlx::query_as(
        "SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint
         WHERE conrelid = $1::text::regclass AND contype IN ('p', 'u', 'x')
         ORDER BY conname",
    )
    .bind(&live)
    .fetch_all(&mut *conn)
    .await?;
    for (constraint, definition) in constraints {
        sqlx::query(&format!(
            "ALTER TABLE {shadow}.{table} ADD CONSTRAINT \"{constraint}\" {definition}"
        ))
        .execute(&mut *conn)
        .await?;
    }
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT index.relname::text, pg_get_indexdef(i.indexrelid)
         FROM pg_index i JOIN pg_class index ON index.oid = i.indexrelid
         WHERE i.indrelid = $1::text::regclass
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
         ORDER BY index.relname",
    )
    .bind(&live)
    .fetch_all(&mut *conn)
    .await?;
    for (index, definition) in indexes {
        let on_live = format!(" ON {live} ");
        if !definition.contains(&on_live) {
            return Err(RebuildError::UncopyableIndex {
                table: table.to_owned(),
                index,
                definition,
            });
        }
        let copy = definition.replacen(&on_live, &format!(" ON {shadow}.{table} "), 1);
        sqlx::query(&copy).execute(&mut *conn).await?;
    }
    Ok(())
}
