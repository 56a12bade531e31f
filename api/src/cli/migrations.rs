//! `charter migrate`: what it applied and rebuilt, said in words or as JSON.

use sqlx::PgPool;

/// The versions of the migrations applied so far (none on a new database).
pub async fn applied(pool: &PgPool) -> anyhow::Result<Vec<i64>> {
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(pool)
        .await?;
    if !exists {
        return Ok(Vec::new());
    }
    Ok(
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(pool)
            .await?,
    )
}

/// Once the migrations ran: carries out the rebuilds they asked for and says what was
/// done, `before` being the migrations applied before this run.
pub async fn report(pool: &PgPool, before: &[i64], json: bool) -> anyhow::Result<()> {
    let now = applied(pool).await?;
    let fresh: Vec<i64> = now
        .iter()
        .copied()
        .filter(|version| !before.contains(version))
        .collect();
    if !json {
        println!("migrations applied");
    }
    let rebuilt = super::projections::rebuild_due(pool).await?;
    if json {
        let done = serde_json::json!({
            "applied": fresh,
            "schema_version": now.last(),
            "rebuilt": rebuilt,
        });
        println!("{done}");
    } else {
        for name in rebuilt {
            println!("{name}: rebuilt, as a migration asked, and switched in");
        }
    }
    Ok(())
}
