//! One fresh PostgreSQL database per test, dropped when the test is done.

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection};
use std::str::FromStr;
use uuid::Uuid;

/// The server tests create their databases on. `CHARTER_TEST_DATABASE_URL` overrides it.
fn server_url() -> String {
    std::env::var("CHARTER_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@localhost:5432/postgres".to_owned())
}

/// The key directory of servers in other processes and of the tests that talk to their
/// databases directly; each store has a folder of its own in it.
pub fn shared_key_dir() -> std::path::PathBuf {
    std::env::temp_dir().join("charter-test-keys")
}

/// A database that exists for one test. Set `CHARTER_KEEP_TEST_DB=1` to keep it for a look
/// after the test.
#[derive(Debug)]
pub struct TestDatabase {
    pub name: String,
    pub options: PgConnectOptions,
    server: PgConnectOptions,
    /// Handed over to another owner (see [`TestDatabase::hand_over`]): not dropped here.
    handed_over: bool,
}

impl TestDatabase {
    /// A maildir of this database's own, for the mail a server on it writes; removed with
    /// the database.
    pub fn maildir(&self) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("{}-mail", self.name))
    }

    /// A key directory of this database's own, for the server on it.
    pub fn key_dir(&self) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("{}-keys", self.name))
    }

    /// An anchor directory of this database's own, for the checkpoints a server on it
    /// signs.
    pub fn anchor_dir(&self) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("{}-anchors", self.name))
    }

    /// Creates an empty database with a unique name.
    pub async fn create() -> Self {
        let server = PgConnectOptions::from_str(&server_url())
            .expect("CHARTER_TEST_DATABASE_URL is a PostgreSQL URL")
            .disable_statement_logging();
        let name = format!("charter_test_{}", Uuid::new_v4().simple());
        let mut conn = PgConnection::connect_with(&server)
            .await
            .expect("PostgreSQL is reachable (start it, or set CHARTER_TEST_DATABASE_URL)");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .expect("create the test database");
        let options = server.clone().database(&name);
        Self {
            name,
            options,
            server,
            handed_over: false,
        }
    }

    /// The database for a new owner, who drops it when done; this one no longer will.
    pub fn hand_over(&mut self) -> Self {
        self.handed_over = true;
        Self {
            name: self.name.clone(),
            options: self.options.clone(),
            server: self.server.clone(),
            handed_over: false,
        }
    }

    /// The URL of the test database, for a server in another process.
    pub fn url(&self) -> String {
        let server = server_url();
        let base = server
            .rsplit_once('/')
            .map_or(server.as_str(), |(base, _)| base);
        format!("{base}/{}", self.name)
    }

    /// A pool on the test database.
    pub async fn pool(&self, max_connections: u32) -> PgPool {
        PgPoolOptions::new()
            .max_connections(max_connections)
            .connect_with(self.options.clone())
            .await
            .expect("connect to the test database")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if self.handed_over {
            return;
        }
        if std::env::var_os("CHARTER_KEEP_TEST_DB").is_some() {
            eprintln!("kept test database {}", self.name);
            return;
        }
        let _ = std::fs::remove_dir_all(self.maildir());
        let _ = std::fs::remove_dir_all(self.key_dir());
        let _ = std::fs::remove_dir_all(self.anchor_dir());
        let server = self.server.clone();
        let name = self.name.clone();
        // Drop runs outside any async context we could block on, so drop the database
        // from a thread with its own small runtime.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async move {
                let mut conn = PgConnection::connect_with(&server).await?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await?;
                Ok::<_, anyhow::Error>(())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop test database {}", self.name);
        }
    }
}
