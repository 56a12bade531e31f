//! Metric 9: what notifications cost in throughput. Metric 2 runs again on servers of
//! their own, alternately with notifications (mail through the benchmark's SMTP sink) and
//! with `--no-notifications`, in pairs whose order alternates (on-off, off-on, ...), so that
//! a machine that slows or speeds up during the run weighs on both alike.
//!
//! Metric 2's commands are document submissions on applications with no panelist: they
//! tell nobody, so no mail is sent; what notifications cost them is the notifier and the
//! webhooks' subscriber reading every event, and the delivery worker waking on every
//! projector commit to find the outbox empty.

use crate::client::Charter;
use crate::participants::Applicant;
use crate::report::Row;
use crate::server::{Notifications, Server};
use crate::stats::{per_second, thousands};
use crate::throughput::{self, Throughput};
use std::path::Path;
use std::time::Duration;

/// One server's run of metric 2.
#[derive(Debug)]
pub struct Arm {
    pub notifications: bool,
    pub throughput: Throughput,
}

/// Every arm, in the order they ran.
#[derive(Debug)]
pub struct NotificationCost {
    pub arms: Vec<Arm>,
}

/// What the servers are started with.
#[derive(Debug, Clone, Copy)]
pub struct Servers<'a> {
    pub exe: &'a Path,
    pub database_url: &'a str,
    pub log_filter: &'a str,
    /// The sink's URL, for the arms with notifications.
    pub smtp_url: &'a str,
}

/// Runs `pairs` pairs of arms, each on a fresh server that is stopped after it.
pub async fn measure(
    servers: Servers<'_>,
    applicants: &[Applicant],
    pairs: usize,
    (warmup, duration): (Duration, Duration),
) -> anyhow::Result<NotificationCost> {
    let mut arms = Vec::new();
    for pair in 0..pairs {
        let order = if pair % 2 == 0 {
            [true, false]
        } else {
            [false, true]
        };
        for notifications in order {
            tracing::info!(notifications, "9. metric 2 on a server of its own");
            let mode = if notifications {
                Notifications::Smtp(servers.smtp_url.to_owned())
            } else {
                Notifications::Off
            };
            let http = reqwest::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()?;
            let server = Server::start(
                servers.exe,
                servers.database_url,
                servers.log_filter,
                &mode,
                &http,
            )
            .await?;
            let charter = Charter::new(http, &server.base_url);
            // A server with notifications first catches up with what the last one wrote.
            charter.wait_for_projections().await?;
            let throughput =
                throughput::measure(&charter, server.pid, applicants, warmup, duration).await?;
            server.stop()?;
            arms.push(Arm {
                notifications,
                throughput,
            });
        }
    }
    Ok(NotificationCost { arms })
}

impl NotificationCost {
    /// The mean rate of the arms with, or without, notifications.
    fn mean(&self, notifications: bool) -> f64 {
        let rates: Vec<f64> = self
            .arms
            .iter()
            .filter(|arm| arm.notifications == notifications)
            .map(|arm| arm.throughput.per_second)
            .collect();
        rates.iter().sum::<f64>() / rates.len().max(1) as f64
    }

    /// The mean server CPU per command, in core-microseconds, of the arms with or without.
    fn server_cpu(&self, notifications: bool) -> Option<f64> {
        let per: Vec<f64> = self
            .arms
            .iter()
            .filter(|arm| arm.notifications == notifications)
            .filter_map(|arm| {
                let t = &arm.throughput;
                t.cpu.map(|cpu| cpu.micros_per(cpu.process, t.per_second))
            })
            .collect();
        (!per.is_empty()).then(|| per.iter().sum::<f64>() / per.len() as f64)
    }

    /// The table's row.
    pub fn row(&self) -> Row {
        let runs: Vec<String> = self
            .arms
            .iter()
            .map(|arm| {
                let t = &arm.throughput;
                let failed = if t.errors > 0 {
                    format!(", {} failed", t.errors)
                } else {
                    String::new()
                };
                format!(
                    "{} {}{failed}",
                    if arm.notifications { "on" } else { "off" },
                    thousands(t.per_second.round() as u64)
                )
            })
            .collect();
        let (with, without) = (self.mean(true), self.mean(false));
        let cpu = match (self.server_cpu(true), self.server_cpu(false)) {
            (Some(on), Some(off)) => {
                format!("; server CPU per command {on:.0} µs with, {off:.0} µs without")
            }
            _ => String::new(),
        };
        let clients = self.arms.first().map_or(0, |arm| arm.throughput.clients);
        Row {
            metric: format!(
                "9. Throughput with and without notifications (metric 2, {clients} clients)"
            ),
            figure: format!(
                "with {}, without {} (commands/s of each run in order: {}{cpu}; \
                 document submissions with no panelist: 0 messages each)",
                per_second(with, "commands"),
                per_second(without, "commands"),
                runs.join(", "),
            ),
            target: "— (what notifications cost)".to_owned(),
            verdict: if without > 0.0 {
                format!("with / without: {:.3}", with / without)
            } else {
                "—".to_owned()
            },
            peak_rss_mib: None,
        }
    }
}
