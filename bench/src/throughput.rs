//! Metric 2: throughput with 32 concurrent clients, each submitting documents to its own
//! application as fast as the answers come back, for a fixed time.

use crate::client::Charter;
use crate::cpu::{CpuSnapshot, CpuSplit};
use crate::limit::Limit;
use crate::participants::Applicant;
use crate::report::{verdict, Row};
use crate::stats::{ms, per_second, percent, thousands, Latencies};
use anyhow::bail;
use std::time::{Duration, Instant};

/// The share of the machine's many-client commit rate the server should reach.
const TARGET_SHARE: f64 = 0.5;

/// Commands completed in the measured window.
#[derive(Debug)]
pub struct Throughput {
    pub clients: usize,
    pub commands: usize,
    pub per_second: f64,
    pub latencies: Latencies,
    pub errors: usize,
    /// Where the machine's CPU time went in the window.
    pub cpu: Option<CpuSplit>,
}

/// Runs every client for `warmup` unmeasured, then `duration` measured, while the CPU time
/// of the machine, of the server (process `server`) and of PostgreSQL is read at both ends
/// of the window.
pub async fn measure(
    charter: &Charter,
    server: u32,
    applicants: &[Applicant],
    warmup: Duration,
    duration: Duration,
) -> anyhow::Result<Throughput> {
    let started = Instant::now() + warmup;
    let ended = started + duration;
    let cpu = tokio::spawn(async move {
        tokio::time::sleep_until(started.into()).await;
        let at_start = CpuSnapshot::take(Some(server));
        tokio::time::sleep_until(ended.into()).await;
        CpuSplit::between(&at_start?, &CpuSnapshot::take(Some(server))?)
    });
    let clients = applicants.iter().cloned().map(|applicant| {
        let charter = charter.clone();
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            while Instant::now() < ended {
                let answer = applicant.submit(&charter).await?;
                if answer.at < started || answer.at > ended {
                    continue;
                }
                if answer.ok() {
                    latencies.push(answer.latency);
                } else {
                    errors += 1;
                }
            }
            Ok::<_, anyhow::Error>((latencies, errors))
        })
    });
    let mut latencies = Vec::new();
    let mut errors = 0;
    for client in futures::future::join_all(clients).await {
        let (client_latencies, client_errors) = client??;
        latencies.extend(client_latencies);
        errors += client_errors;
    }
    if latencies.is_empty() {
        bail!("no command succeeded in the measured window ({errors} failed)");
    }
    Ok(Throughput {
        clients: applicants.len(),
        commands: latencies.len(),
        per_second: latencies.len() as f64 / duration.as_secs_f64(),
        latencies: Latencies::new(latencies),
        errors,
        cpu: cpu.await?,
    })
}

impl Throughput {
    /// The table's row.
    pub fn row(&self, limit: &Limit, peak_rss_mib: Option<f64>) -> Row {
        let share = self.per_second / limit.many_clients;
        let errors = if self.errors > 0 {
            format!(", {} failed", self.errors)
        } else {
            String::new()
        };
        let cpu = self.cpu.map_or_else(String::new, |cpu| {
            format!(
                "; {}",
                cpu.describe("command", self.per_second, Some("server"), "benchmark")
            )
        });
        // PostgreSQL's own work per command, in INSERT commits of the limit: the server
        // can at best hide its own work behind it.
        let postgres = match (self.cpu, limit.postgres_micros_per_commit()) {
            (Some(cpu), Some(per_commit)) if per_commit > 0.0 => format!(
                "; PostgreSQL's CPU per command {:.1}× per commit of the limit",
                cpu.micros_per(cpu.postgres, self.per_second) / per_commit
            ),
            _ => String::new(),
        };
        Row {
            metric: format!(
                "2. Throughput, {} clients, one application each",
                self.clients
            ),
            figure: format!(
                "{} ({} commands, p50 {}, p99 {}{errors}{cpu})",
                per_second(self.per_second, "commands"),
                thousands(self.commands as u64),
                ms(self.latencies.p50()),
                ms(self.latencies.p99())
            ),
            target: format!(
                "≥ {} of the {}-client INSERT limit",
                percent(TARGET_SHARE),
                limit.clients
            ),
            verdict: format!(
                "{}: {} of {}{postgres}",
                verdict(share >= TARGET_SHARE && self.errors == 0),
                percent(share),
                per_second(limit.many_clients, "commits")
            ),
            peak_rss_mib,
        }
    }
}
