//! Metric 4: long streams. One application is driven to many events by document
//! submissions; then the one-event command is timed on it and on a new application,
//! alternately, so that both see the same conditions. A command on a long history should
//! cost little more than one on a short history.

use crate::client::{document, Charter, DOCUMENT_KINDS};
use crate::participants::Applicant;
use crate::report::{verdict, Row};
use crate::stats::{ms, per_second, thousands, Latencies};
use anyhow::bail;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The most a command on the long stream may take, as a multiple of one on a new stream.
const TARGET_RATIO: f64 = 1.5;

/// Writers filling the long stream at once: the server serializes them on the one
/// stream, but they keep it from waiting on the client between commands.
const FILLERS: usize = 4;

/// What the two applications gave.
#[derive(Debug)]
pub struct LongStreams {
    pub events: usize,
    /// Submissions per second while filling.
    pub fill_rate: f64,
    pub long: Latencies,
    pub new: Latencies,
}

/// Drives `long` to `events` events, opens `new`, then sends `commands` to each.
pub async fn measure(
    charter: &Charter,
    long: &Applicant,
    new: &Applicant,
    events: usize,
    commands: usize,
) -> anyhow::Result<LongStreams> {
    let fill_rate = fill(charter, long, events.saturating_sub(1)).await?;
    charter.wait_for_projections().await?;
    charter
        .open_application(&new.token, &new.label)
        .await?
        .expect_ok("opening the new application")?;
    let (mut on_long, mut on_new) = (Vec::new(), Vec::new());
    for _ in 0..commands {
        on_long.push(timed(charter, long).await?);
        on_new.push(timed(charter, new).await?);
    }
    Ok(LongStreams {
        events,
        fill_rate,
        long: Latencies::new(on_long),
        new: Latencies::new(on_new),
    })
}

/// Submits `submissions` documents to `applicant`'s application; the rate achieved.
async fn fill(charter: &Charter, applicant: &Applicant, submissions: usize) -> anyhow::Result<f64> {
    let started = Instant::now();
    let remaining = Arc::new(AtomicUsize::new(submissions));
    let fillers = (0..FILLERS).map(|filler| {
        let (charter, applicant) = (charter.clone(), applicant.clone());
        let remaining = remaining.clone();
        tokio::spawn(async move {
            let kind = DOCUMENT_KINDS[filler % DOCUMENT_KINDS.len()];
            let writer = format!("{}-fill{filler}", applicant.label);
            while take_one(&remaining) {
                charter
                    .submit_document(
                        &applicant.token,
                        &applicant.application,
                        kind,
                        document(&writer),
                    )
                    .await?
                    .expect_ok("filling the long stream")?;
                let left = remaining.load(Ordering::Relaxed);
                if left.is_multiple_of(1_000) && left > 0 {
                    tracing::info!(
                        left,
                        per_second = (submissions - left) as f64 / started.elapsed().as_secs_f64(),
                        "filling the long stream"
                    );
                }
            }
            Ok::<_, anyhow::Error>(())
        })
    });
    for filler in futures::future::join_all(fillers).await {
        filler??;
    }
    let rate = submissions as f64 / started.elapsed().as_secs_f64();
    tracing::info!(submissions, per_second = rate.round(), "long stream filled");
    Ok(rate)
}

/// Takes one submission off `remaining`; false when none is left.
fn take_one(remaining: &AtomicUsize) -> bool {
    remaining
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
        .is_ok()
}

/// One document submission's latency.
async fn timed(charter: &Charter, applicant: &Applicant) -> anyhow::Result<Duration> {
    let answer = applicant
        .submit(charter)
        .await?
        .expect_ok("a command on a stream")?;
    if answer.events() != 1 {
        bail!("a document submission recorded {} events", answer.events());
    }
    Ok(answer.latency)
}

impl LongStreams {
    /// The table's row.
    pub fn row(&self, peak_rss_mib: Option<f64>) -> Row {
        let (long, new) = (self.long.p50(), self.new.p50());
        let ratio = long.as_secs_f64() / new.as_secs_f64().max(1e-9);
        Row {
            metric: format!(
                "4. Long stream: one application at {} events",
                thousands(self.events as u64)
            ),
            figure: format!(
                "p50 {} on it vs {} on a new application ({} commands each; filled at {})",
                ms(long),
                ms(new),
                self.long.len(),
                per_second(self.fill_rate, "commands")
            ),
            target: format!("p50 ratio ≤ {TARGET_RATIO}"),
            verdict: format!("{}: {ratio:.2}", verdict(ratio <= TARGET_RATIO)),
            peak_rss_mib,
        }
    }
}
