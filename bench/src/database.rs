//! The benchmark's own database: created fresh on the PostgreSQL server, dropped at the end.

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection};
use std::str::FromStr;

/// A database that exists for one benchmark run.
#[derive(Debug)]
pub struct BenchDatabase {
    /// `charter_bench_<pid>`.
    pub name: String,
    /// Its URL, for the `charter` child processes.
    pub url: String,
    options: PgConnectOptions,
    server: PgConnectOptions,
}

impl BenchDatabase {
    /// Creates `charter_bench_<pid>` on the server at `base_url` (a URL of any database on
    /// it). A database of that name left by an earlier run that had the same process id is
    /// dropped first: no other run can hold this name while this process lives.
    pub async fn create(base_url: &str) -> anyhow::Result<Self> {
        Self::create_for(base_url, "").await
    }

    /// Creates `charter_bench_<pid><suffix>`, as [`BenchDatabase::create`]: a second
    /// database of the run for a metric that needs an empty store of its own.
    pub async fn create_for(base_url: &str, suffix: &str) -> anyhow::Result<Self> {
        let server = PgConnectOptions::from_str(base_url)
            .with_context(|| format!("{base_url} is not a PostgreSQL URL"))?
            .disable_statement_logging();
        let name = format!("charter_bench_{}{suffix}", std::process::id());
        let mut conn = PgConnection::connect_with(&server)
            .await
            .with_context(|| format!("cannot reach PostgreSQL at {base_url}"))?;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await?;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .with_context(|| format!("cannot create the database {name}"))?;
        conn.close().await?;
        Ok(Self {
            url: with_database(base_url, &name)?,
            options: server.clone().database(&name),
            name,
            server,
        })
    }

    /// A pool of at most `connections` connections to the benchmark database.
    pub async fn pool(&self, connections: u32) -> anyhow::Result<PgPool> {
        Ok(PgPoolOptions::new()
            .max_connections(connections)
            .connect_with(self.options.clone())
            .await?)
    }

    /// One connection of its own to the benchmark database.
    pub async fn connect(&self) -> anyhow::Result<PgConnection> {
        Ok(PgConnection::connect_with(&self.options).await?)
    }

    /// Drops the database, closing whatever connections are still open on it.
    pub async fn drop_database(&self) -> anyhow::Result<()> {
        let mut conn = PgConnection::connect_with(&self.server).await?;
        sqlx::query(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ))
        .execute(&mut conn)
        .await?;
        conn.close().await?;
        Ok(())
    }
}

/// `base` with its database path replaced by `name`, its query string kept.
fn with_database(base: &str, name: &str) -> anyhow::Result<String> {
    let (head, query) = match base.split_once('?') {
        Some((head, query)) => (head, Some(query)),
        None => (base, None),
    };
    let authority = head
        .find("://")
        .map(|i| i + 3)
        .with_context(|| format!("{base} is not a URL"))?;
    let path = head[authority..]
        .find('/')
        .map_or(head.len(), |i| authority + i);
    let mut url = format!("{}/{name}", &head[..path]);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_of_a_url_is_replaced_and_its_options_kept() {
        let url = |base| with_database(base, "b").ok();
        assert_eq!(
            url("postgres://postgres@127.0.0.1:5432/postgres").as_deref(),
            Some("postgres://postgres@127.0.0.1:5432/b")
        );
        assert_eq!(
            url("postgres://u@h/postgres?sslmode=disable").as_deref(),
            Some("postgres://u@h/b?sslmode=disable")
        );
        assert_eq!(url("postgres://u@h").as_deref(), Some("postgres://u@h/b"));
        assert_eq!(url("not a url"), None);
    }
}
