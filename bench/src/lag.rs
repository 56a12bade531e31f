//! Metric 6: live projection lag under half the maximum load. Clients send commands at a
//! fixed rate, together half the rate metric 2 reached; after a sample of the commands the
//! client at once reads the application with `min_position` set to the command's
//! position, and the time from the command's answer to that read's answer is the lag.
//! The load runs a warm-up first, unmeasured, as metrics 1 and 2 do: the first reads on
//! each of the server's connections prepare their statements.

use crate::client::Charter;
use crate::participants::Applicant;
use crate::report::{verdict, Row};
use crate::stats::{ms, per_second, thousands, Latencies};
use anyhow::{bail, Context};
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

const P99_TARGET: Duration = Duration::from_millis(20);

/// Which commands are followed by a read, and how that read names the write it must show.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    /// Every this many commands a client sends, one is followed by a read.
    pub every: usize,
    /// The read sends the command's `Consistency-Token` header (metric 11) rather than
    /// `?min_position=` with its position (metric 6).
    pub with_token: bool,
}

impl Probe {
    /// Metric 6's: every fourth command, read with `min_position`.
    pub const METRIC_6: Probe = Probe {
        every: 4,
        with_token: false,
    };
}

/// What the load and the reads gave.
#[derive(Debug)]
pub struct ProjectionLag {
    pub clients: usize,
    /// The rate asked for, commands per second.
    pub offered: f64,
    /// The rate reached.
    pub achieved: f64,
    /// From a command's answer to the read that shows it.
    pub lag: Latencies,
    /// Commands and reads that were not 2xx.
    pub errors: usize,
}

/// How long the load runs: a warm-up, then the measured time.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub warmup: Duration,
    pub measured: Duration,
}

/// Sends `rate` commands per second spread over `applicants` through `window`, and
/// measures the commands answered after its warm-up.
pub async fn measure(
    charter: &Charter,
    applicants: &[Applicant],
    rate: f64,
    window: Window,
    probe: Probe,
) -> anyhow::Result<ProjectionLag> {
    if applicants.is_empty() || rate <= 0.0 {
        bail!("no load to offer");
    }
    let count = applicants.len() as f64;
    let each = Duration::from_secs_f64(count / rate);
    let started = Instant::now() + window.warmup;
    let ended = started + window.measured;
    let clients = applicants
        .iter()
        .cloned()
        .enumerate()
        .map(|(n, applicant)| {
            let charter = charter.clone();
            // Staggered, so that the clients do not all send on the same tick.
            let first = tokio::time::Instant::now() + each.mul_f64(n as f64 / count);
            let schedule = Schedule {
                first,
                each,
                measured_from: started,
                ended,
            };
            tokio::spawn(async move { client(charter, applicant, schedule, probe).await })
        });
    let mut commands = 0;
    let mut errors = 0;
    let mut probes = Vec::new();
    for client in futures::future::join_all(clients).await {
        let load = client??;
        commands += load.commands;
        errors += load.errors;
        probes.extend(load.probes);
    }
    let elapsed = started.elapsed();
    let mut lag = Vec::with_capacity(probes.len());
    for probe in futures::future::join_all(probes).await {
        match probe?? {
            Some(took) => lag.push(took),
            None => errors += 1,
        }
    }
    if lag.is_empty() {
        bail!("no read showed a command ({errors} failures)");
    }
    Ok(ProjectionLag {
        clients: applicants.len(),
        offered: rate,
        achieved: commands as f64 / elapsed.as_secs_f64(),
        lag: Latencies::new(lag),
        errors,
    })
}

/// One client's commands, and the reads after its sampled ones (still running).
#[derive(Debug)]
struct Load {
    commands: usize,
    errors: usize,
    probes: Vec<JoinHandle<anyhow::Result<Option<Duration>>>>,
}

/// When one client sends: its first command, then one every `each`; those answered from
/// `measured_from` count, and none is sent from `ended`.
#[derive(Debug, Clone, Copy)]
struct Schedule {
    first: tokio::time::Instant,
    each: Duration,
    measured_from: Instant,
    ended: Instant,
}

async fn client(
    charter: Charter,
    applicant: Applicant,
    schedule: Schedule,
    probe: Probe,
) -> anyhow::Result<Load> {
    let Schedule {
        first,
        each,
        measured_from,
        ended,
    } = schedule;
    let mut ticks = tokio::time::interval_at(first, each);
    // A late answer delays the next command rather than bunching the ones after it.
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut load = Load {
        commands: 0,
        errors: 0,
        probes: Vec::new(),
    };
    loop {
        ticks.tick().await;
        if Instant::now() >= ended {
            return Ok(load);
        }
        let answer = applicant.submit(&charter).await?;
        if answer.at < measured_from {
            // The warm-up's.
            continue;
        }
        if !answer.ok() {
            load.errors += 1;
            continue;
        }
        load.commands += 1;
        if !load.commands.is_multiple_of(probe.every.max(1)) {
            continue;
        }
        let position = answer.position().context("a command without a position")?;
        let consistency_token = match probe.with_token {
            true => Some(
                answer
                    .consistency_token
                    .clone()
                    .context("a command's answer without a Consistency-Token")?,
            ),
            false => None,
        };
        let (charter, applicant, answered) = (charter.clone(), applicant.clone(), answer.at);
        // The read runs beside the load, so that the load keeps its pace.
        load.probes.push(tokio::spawn(async move {
            let (token, application) = (&applicant.token, &applicant.application);
            let read = match consistency_token {
                Some(after) => {
                    charter
                        .read_application_after(token, application, &after)
                        .await?
                }
                None => {
                    charter
                        .read_application(token, application, position)
                        .await?
                }
            };
            Ok(read.ok().then(|| read.at - answered))
        }));
    }
}

impl ProjectionLag {
    /// The table's row.
    pub fn row(&self, peak_rss_mib: Option<f64>) -> Row {
        let (p50, p99) = (self.lag.p50(), self.lag.p99());
        let errors = if self.errors > 0 {
            format!(", {} failed", self.errors)
        } else {
            String::new()
        };
        Row {
            metric: "6. Live projection lag at half the maximum load".to_owned(),
            figure: format!(
                "p50 {}, p99 {} ({} reads; {} offered, {} reached, {} clients{errors})",
                ms(p50),
                ms(p99),
                thousands(self.lag.len() as u64),
                per_second(self.offered, "commands"),
                per_second(self.achieved, "commands"),
                self.clients
            ),
            target: "p99 ≤ 20 ms".to_owned(),
            verdict: format!(
                "{}: p99 {:.2}× target",
                verdict(p99 <= P99_TARGET && self.errors == 0),
                p99.as_secs_f64() / P99_TARGET.as_secs_f64()
            ),
            peak_rss_mib,
        }
    }
}
