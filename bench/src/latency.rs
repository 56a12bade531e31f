//! Metric 1: command latency over HTTP with one client, one event per command.
//!
//! The command is a document submission (one `DocumentSubmitted` event, allowed in any
//! open stage, repeatable with new bytes). One client sends them one after another, taking
//! the applications in turn, so that no stream grows long enough to measure metric 4
//! instead of this one.

use crate::client::Charter;
use crate::limit::Limit;
use crate::participants::Applicant;
use crate::report::{verdict, Row};
use crate::stats::{ms, thousands, Latencies};
use anyhow::bail;
use std::time::Duration;

const P50_TARGET: Duration = Duration::from_millis(1);
const P99_TARGET: Duration = Duration::from_millis(5);

/// What one client saw.
#[derive(Debug)]
pub struct CommandLatency {
    pub latencies: Latencies,
    /// Answers that were not 2xx.
    pub errors: usize,
}

/// Sends `warmup` commands unmeasured, then `commands` measured ones.
pub async fn measure(
    charter: &Charter,
    applicants: &[Applicant],
    warmup: usize,
    commands: usize,
) -> anyhow::Result<CommandLatency> {
    if applicants.is_empty() {
        bail!("no applications to send commands to");
    }
    let mut samples = Vec::with_capacity(commands);
    let mut errors = 0;
    for n in 0..warmup + commands {
        let applicant = &applicants[n % applicants.len()];
        let answer = applicant.submit(charter).await?;
        if !answer.ok() {
            errors += 1;
            if errors == 1 {
                tracing::warn!(status = answer.status, body = %answer.body, "a command failed");
            }
        } else if answer.events() != 1 {
            bail!(
                "a document submission recorded {} events, not one",
                answer.events()
            );
        }
        if n >= warmup && answer.ok() {
            samples.push(answer.latency);
        }
    }
    if samples.is_empty() {
        bail!("every command failed");
    }
    Ok(CommandLatency {
        latencies: Latencies::new(samples),
        errors,
    })
}

impl CommandLatency {
    /// The table's row.
    pub fn row(&self, limit: &Limit, peak_rss_mib: Option<f64>) -> Row {
        let (p50, p99) = (self.latencies.p50(), self.latencies.p99());
        let commit = limit.commit_time().as_secs_f64();
        let errors = if self.errors > 0 {
            format!(", {} failed", self.errors)
        } else {
            String::new()
        };
        Row {
            metric: "1. Command latency, 1 client, 1 event per command".to_owned(),
            figure: format!(
                "p50 {}, p99 {} ({} commands{errors})",
                ms(p50),
                ms(p99),
                thousands(self.latencies.len() as u64)
            ),
            target: "p50 ≤ 1 ms, p99 ≤ 5 ms".to_owned(),
            verdict: format!(
                "{}: p50 {:.2}× target, p99 {:.2}× target; p50 = {:.1}× one INSERT commit",
                verdict(p50 <= P50_TARGET && p99 <= P99_TARGET && self.errors == 0),
                p50.as_secs_f64() / P50_TARGET.as_secs_f64(),
                p99.as_secs_f64() / P99_TARGET.as_secs_f64(),
                p50.as_secs_f64() / commit
            ),
            peak_rss_mib,
        }
    }
}
