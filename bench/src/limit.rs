//! Metric 0: this machine's own limit. Single-row INSERT transactions per second into a
//! scratch table, straight to PostgreSQL, with 1 client and with 32: every durable
//! command costs at least one such commit, so no server on this machine can do better.

use crate::cpu::{CpuSnapshot, CpuSplit};
use crate::database::BenchDatabase;
use crate::report::Row;
use crate::stats::{ms, per_second};
use sqlx::Connection;
use std::time::{Duration, Instant};

/// Commits per second with 1 and with 32 clients.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub one_client: f64,
    pub many_clients: f64,
    pub clients: usize,
    /// Where the machine's CPU time went while the many clients inserted.
    pub many_clients_cpu: Option<CpuSplit>,
}

/// Measures both, `duration` each, in a scratch table dropped afterwards.
pub async fn measure(
    database: &BenchDatabase,
    clients: usize,
    duration: Duration,
) -> anyhow::Result<Limit> {
    let mut setup = database.connect().await?;
    sqlx::query("CREATE TABLE bench_inserts (id bigserial PRIMARY KEY, payload text NOT NULL)")
        .execute(&mut setup)
        .await?;
    let (one_client, _) = commits_per_second(database, 1, duration).await?;
    tracing::info!(commits_per_second = one_client.round(), "1 client");
    let (many_clients, many_clients_cpu) = commits_per_second(database, clients, duration).await?;
    tracing::info!(
        commits_per_second = many_clients.round(),
        clients,
        "many clients"
    );
    sqlx::query("DROP TABLE bench_inserts")
        .execute(&mut setup)
        .await?;
    setup.close().await?;
    Ok(Limit {
        one_client,
        many_clients,
        clients,
        many_clients_cpu,
    })
}

/// `clients` connections, each a loop of autocommit INSERTs, for `duration`; with where
/// the CPU time went until the deadline (while every connection is still open).
async fn commits_per_second(
    database: &BenchDatabase,
    clients: usize,
    duration: Duration,
) -> anyhow::Result<(f64, Option<CpuSplit>)> {
    let mut connections = Vec::with_capacity(clients);
    for _ in 0..clients {
        connections.push(database.connect().await?);
    }
    let cpu_at_start = CpuSnapshot::take(None);
    let started = Instant::now();
    let deadline = started + duration;
    let cpu = tokio::spawn(async move {
        tokio::time::sleep_until(deadline.into()).await;
        CpuSplit::between(&cpu_at_start?, &CpuSnapshot::take(None)?)
    });
    let loops = connections
        .into_iter()
        .enumerate()
        .map(|(client, mut conn)| {
            tokio::spawn(async move {
                let payload = format!("client {client}");
                let mut commits = 0u64;
                while Instant::now() < deadline {
                    sqlx::query("INSERT INTO bench_inserts (payload) VALUES ($1)")
                        .bind(&payload)
                        .execute(&mut conn)
                        .await?;
                    commits += 1;
                }
                let ended = Instant::now();
                conn.close().await?;
                Ok::<_, sqlx::Error>((commits, ended))
            })
        });
    let mut commits = 0;
    let mut ended = started;
    for result in futures::future::join_all(loops).await {
        let (client_commits, client_ended) = result??;
        commits += client_commits;
        ended = ended.max(client_ended);
    }
    Ok((commits as f64 / (ended - started).as_secs_f64(), cpu.await?))
}

impl Limit {
    /// How long one commit takes with a single client: the floor under any one command.
    pub fn commit_time(&self) -> Duration {
        Duration::from_secs_f64(1.0 / self.one_client.max(1.0))
    }

    /// PostgreSQL's CPU time per commit with many clients, in core-microseconds.
    pub fn postgres_micros_per_commit(&self) -> Option<f64> {
        self.many_clients_cpu
            .map(|cpu| cpu.micros_per(cpu.postgres, self.many_clients))
    }

    /// The table's row for the limit itself.
    pub fn row(&self) -> Row {
        Row {
            metric: "0. PostgreSQL's own limit (single-row INSERT commits)".to_owned(),
            figure: format!(
                "1 client: {} ({} each); {} clients: {}{}",
                per_second(self.one_client, "commits"),
                ms(self.commit_time()),
                self.clients,
                per_second(self.many_clients, "commits"),
                self.many_clients_cpu
                    .map_or_else(String::new, |cpu| format!(
                        " ({})",
                        cpu.describe("commit", self.many_clients, None, "client")
                    ))
            ),
            target: "— (the reference)".to_owned(),
            verdict: "the other rows are stated against it".to_owned(),
            peak_rss_mib: None,
        }
    }
}
