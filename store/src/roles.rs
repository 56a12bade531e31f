//! The PostgreSQL role the server runs as: it may add to the history, never rewrite it.
//!
//! The tables' owner (who runs `charter migrate`) can do anything; the serving role gets
//! what `charter serve` needs and no more. On the history (`events` and the document bytes
//! they refer to) it may read and insert only: no UPDATE, DELETE or TRUNCATE, and, not
//! owning the tables, it cannot disable their triggers or replace their functions. Whoever
//! holds the owner's rights can still rewrite anything; the checkpoints signed outside the
//! database are what make that evident.

use sqlx::PgPool;

/// Tables the serving role may read and add to, never change.
pub const APPEND_ONLY: &[&str] = &[
    "events",
    "document_blobs",
    // The history's Merkle tree and its signed checkpoints.
    "merkle_leaves",
    "merkle_nodes",
    "merkle_checkpoints",
];
/// Tables the serving role may only read.
pub const READ_ONLY: &[&str] = &[
    "_sqlx_migrations",
    "store_identity",
    "serving_roles",
    // Moved by the chain trigger, which runs with its owner's rights.
    "stream_heads",
];

/// Why a role could not be granted.
#[derive(Debug, thiserror::Error)]
pub enum GrantError {
    #[error("there is no PostgreSQL role {0}: create it first (CREATE ROLE {0} LOGIN)")]
    NoSuchRole(String),
    #[error("{0} is a superuser or owns the tables: it could rewrite history anyway")]
    TooPowerful(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Grants `role` what the server needs on every table now in the store, and records it,
/// so that [`regrant`] (after each migration) covers the tables added later.
pub async fn grant_serving(pool: &PgPool, role: &str) -> Result<(), GrantError> {
    let found: Option<bool> = sqlx::query_scalar(
        "SELECT r.rolsuper OR EXISTS (SELECT 1 FROM pg_tables t
                                      WHERE t.schemaname = current_schema()
                                        AND t.tablename = 'events' AND t.tableowner = r.rolname)
         FROM pg_roles r WHERE r.rolname = $1",
    )
    .bind(role)
    .fetch_optional(pool)
    .await?;
    match found {
        None => return Err(GrantError::NoSuchRole(role.to_owned())),
        Some(true) => return Err(GrantError::TooPowerful(role.to_owned())),
        Some(false) => {}
    }
    sqlx::query("INSERT INTO serving_roles (role) VALUES ($1) ON CONFLICT DO NOTHING")
        .bind(role)
        .execute(pool)
        .await?;
    grant(pool, role).await?;
    Ok(())
}

/// Grants every recorded serving role its rights again, on the tables as they are now.
pub async fn regrant(pool: &PgPool) -> Result<(), sqlx::Error> {
    let roles: Vec<String> = sqlx::query_scalar(
        "SELECT s.role FROM serving_roles s JOIN pg_roles r ON r.rolname = s.role",
    )
    .fetch_all(pool)
    .await?;
    for role in roles {
        grant(pool, &role).await?;
    }
    Ok(())
}

async fn grant(pool: &PgPool, role: &str) -> Result<(), sqlx::Error> {
    let role = quoted(role);
    let mut tx = pool.begin().await?;
    let mut statements = vec![
        format!("GRANT USAGE ON SCHEMA public TO {role}"),
        format!("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"),
        format!("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"),
        format!("REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {role}"),
    ];
    for table in APPEND_ONLY {
        statements.push(format!("REVOKE UPDATE, DELETE ON {table} FROM {role}"));
    }
    for table in READ_ONLY {
        statements.push(format!(
            "REVOKE INSERT, UPDATE, DELETE ON {table} FROM {role}"
        ));
    }
    for statement in statements {
        sqlx::query(&statement).execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// `name` as a quoted SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
