//! Metric 8: how long after a command's answer its e-mail is accepted by the mail server,
//! at half the maximum load. Each client's application has a panelist of its own with an
//! e-mail address assigned, so that each document submission tells exactly that panelist: one
//! message per command. The clients send at a fixed rate, together half the rate metric 2
//! reached (as metric 6 does); the server sends through the benchmark's SMTP sink, which
//! notes when each message arrived. A command's message is the outbox row whose
//! `event_position` is the command's position, found again at the sink by its Message-ID.

use crate::client::Charter;
use crate::participants::Applicant;
use crate::report::{verdict, Row};
use crate::smtp_sink::{Arrival, SmtpSink};
use crate::stats::{ms, per_second, thousands, Latencies};
use anyhow::{bail, Context};
use futures::stream::{self, StreamExt, TryStreamExt};
use sqlx::PgPool;
use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::time::MissedTickBehavior;

/// After the load, how long the sink may receive nothing before the missing messages are
/// given up on.
const STALL: Duration = Duration::from_secs(30);

/// After the load, how long the messages may take at most; those still in the outbox then
/// are counted missing and taken out of it, so that later metrics do not send them.
const GRACE: Duration = Duration::from_secs(60);

/// What the load and the sink gave.
#[derive(Debug)]
pub struct MailLatency {
    /// Whether the rate was given (`--mail-rate`) rather than half of metric 2's.
    pub fixed_rate: bool,
    pub clients: usize,
    /// Commands per second asked for, and reached.
    pub offered: f64,
    pub achieved: f64,
    /// From a command's answer to its message accepted by the sink.
    pub latency: Latencies,
    /// The same time in its parts: until the notifier's transaction that decided the
    /// message began, then waiting in the outbox until the delivery worker claimed it,
    /// then its sending (opening the words, the SMTP conversation).
    pub decided: Latencies,
    pub queued: Latencies,
    pub sending: Latencies,
    /// How long the mail client held each message's closing dot back (see
    /// [`crate::smtp_sink::Arrival::dot_waited`]).
    pub dot_waited: Latencies,
    /// Every message the sink accepted from the load's start to the end of the wait for
    /// them, per second.
    pub delivered: f64,
    /// Commands whose message never arrived, or came more than once.
    pub missing: usize,
    pub doubled: usize,
    /// Commands that were not 2xx.
    pub errors: usize,
}

/// Opens each application and assigns its panelist (of `panelists`, one each) to it, as
/// the secretariat.
pub async fn prepare(
    charter: &Charter,
    secretariat: &str,
    panelists: &[String],
    applicants: &[Applicant],
) -> anyhow::Result<()> {
    stream::iter(applicants.iter().zip(panelists))
        .map(|(applicant, panelist)| async move {
            charter
                .open_application(&applicant.token, &applicant.label)
                .await?
                .expect_ok("opening an application")?;
            charter
                .assign_panelist(secretariat, &applicant.application, panelist)
                .await?
                .expect_ok("assigning the panelist")
                .map(|_| ())
        })
        .buffer_unordered(8)
        .try_collect()
        .await
}

/// Sends `rate` commands per second spread over `applicants` for `warmup` and then
/// `measured`, waits for their messages, and measures those of the commands answered after
/// the warm-up.
pub async fn measure(
    charter: &Charter,
    pool: &PgPool,
    sink: &SmtpSink,
    applicants: &[Applicant],
    rate: f64,
    (warmup, measured): (Duration, Duration),
) -> anyhow::Result<MailLatency> {
    if applicants.is_empty() || rate <= 0.0 {
        bail!("no load to offer");
    }
    wait_for_empty_outbox(pool).await?;
    let before = sink.count();
    let count = applicants.len() as f64;
    let each = Duration::from_secs_f64(count / rate);
    let started = Instant::now() + warmup;
    let ended = started + measured;
    let clients = applicants
        .iter()
        .cloned()
        .enumerate()
        .map(|(n, applicant)| {
            let charter = charter.clone();
            let first = tokio::time::Instant::now() + each.mul_f64(n as f64 / count);
            tokio::spawn(async move {
                let mut ticks = tokio::time::interval_at(first, each);
                ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
                let (mut sent, mut answered, mut errors) = (0, Vec::new(), 0);
                loop {
                    ticks.tick().await;
                    if Instant::now() >= ended {
                        return Ok::<_, anyhow::Error>((sent, answered, errors));
                    }
                    let answer = applicant.submit(&charter).await?;
                    if !answer.ok() {
                        errors += usize::from(answer.at >= started);
                        continue;
                    }
                    sent += 1;
                    if answer.at >= started {
                        let position = answer.position().context("a command without a position")?;
                        answered.push((position, answer.at));
                    }
                }
            })
        });
    let (mut sent, mut answered, mut errors) = (0, Vec::new(), 0);
    for client in futures::future::join_all(clients).await {
        let (client_sent, client_answered, client_errors) = client??;
        sent += client_sent;
        answered.extend(client_answered);
        errors += client_errors;
    }
    let elapsed = started.elapsed();
    if answered.is_empty() {
        bail!("no command succeeded in the measured window ({errors} failed)");
    }
    let loaded = started - warmup;
    wait_for(sink, before + sent).await;
    let delivered = (sink.count() - before) as f64 / loaded.elapsed().as_secs_f64();
    let mut measured = match_messages(pool, sink, &answered).await?;
    measured.delivered = delivered;
    let dropped = sqlx::query(
        "UPDATE notification_messages SET status = 'dropped',
             last_error = 'not sent within charter-bench''s grace period'
         WHERE status = 'pending' AND kind = 'document_awaits_review'",
    )
    .execute(pool)
    .await?
    .rows_affected();
    if dropped > 0 {
        tracing::warn!(dropped, "messages still in the outbox were taken out of it");
    }
    measured.clients = applicants.len();
    measured.offered = rate;
    measured.achieved = answered.len() as f64 / elapsed.as_secs_f64();
    measured.errors = errors;
    Ok(measured)
}

/// Waits until the outbox holds nothing to send (the setup's messages are sent), so that
/// the sink's count before the load is final.
async fn wait_for_empty_outbox(pool: &PgPool) -> anyhow::Result<()> {
    let started = Instant::now();
    loop {
        let pending: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM notification_messages WHERE status = 'pending'",
        )
        .fetch_one(pool)
        .await?;
        if pending == 0 {
            return Ok(());
        }
        if started.elapsed() > GRACE {
            bail!("{pending} messages were still in the outbox before the load");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until `expected` messages have arrived in all, or none has for [`STALL`], or
/// [`GRACE`] has passed.
async fn wait_for(sink: &SmtpSink, expected: usize) {
    let grace = Instant::now();
    let (mut seen, mut since) = (sink.count(), Instant::now());
    while seen < expected && since.elapsed() < STALL && grace.elapsed() < GRACE {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = sink.count();
        if now != seen {
            (seen, since) = (now, Instant::now());
        }
    }
    if seen < expected {
        tracing::warn!(
            missing = expected - seen,
            "messages still missing after {} s without one",
            STALL.as_secs()
        );
    }
}

/// The outbox's rows of the commands' positions, and their arrivals at the sink.
async fn match_messages(
    pool: &PgPool,
    sink: &SmtpSink,
    answered: &[(i64, Instant)],
) -> anyhow::Result<MailLatency> {
    let positions: Vec<i64> = answered.iter().map(|(position, _)| *position).collect();
    let rows: Vec<(i64, String, f64, Option<f64>)> = sqlx::query_as(
        "SELECT m.event_position, m.message_id::text,
                extract(epoch FROM m.created_at)::float8,
                extract(epoch FROM a.started_at)::float8
         FROM notification_messages m
         LEFT JOIN notification_attempts a ON a.message_id = m.message_id AND a.attempt = 1
         WHERE m.event_position = ANY($1) AND m.channel = 'email'",
    )
    .bind(&positions)
    .fetch_all(pool)
    .await?;
    let mut by_position: HashMap<i64, Vec<(String, f64, Option<f64>)>> = HashMap::new();
    for (position, message, created, claimed) in rows {
        by_position
            .entry(position)
            .or_default()
            .push((message, created, claimed));
    }
    let arrived: HashMap<String, Arrival> = sink
        .arrivals()
        .into_iter()
        .map(|arrival| {
            let uuid = arrival.message_id.split('@').next().unwrap_or_default();
            (uuid.to_owned(), arrival)
        })
        .collect();
    // Instants as seconds since the epoch, to set beside PostgreSQL's times (one clock).
    let (anchor, anchor_epoch) = (Instant::now(), epoch(SystemTime::now()));
    let seconds = |at: Instant| anchor_epoch - (anchor - at).as_secs_f64();
    let span = |from: f64, to: f64| Duration::from_secs_f64((to - from).max(0.0));
    let mut result = MailLatency {
        fixed_rate: false,
        clients: 0,
        offered: 0.0,
        achieved: 0.0,
        latency: Latencies::default(),
        decided: Latencies::default(),
        queued: Latencies::default(),
        sending: Latencies::default(),
        dot_waited: Latencies::default(),
        delivered: 0.0,
        missing: 0,
        doubled: 0,
        errors: 0,
    };
    let (mut latency, mut decided, mut queued, mut sending) = (vec![], vec![], vec![], vec![]);
    let mut dot_waited = vec![];
    for (position, answered_at) in answered {
        let messages = by_position.get(position).map_or(&[][..], Vec::as_slice);
        let [(message, created, claimed)] = messages else {
            if messages.is_empty() {
                result.missing += 1;
            } else {
                result.doubled += 1;
            }
            continue;
        };
        decided.push(span(seconds(*answered_at), *created));
        let Some(arrival) = arrived.get(message) else {
            result.missing += 1;
            continue;
        };
        let at = arrival.at;
        dot_waited.push(arrival.dot_waited);
        latency.push(at.saturating_duration_since(*answered_at));
        if let Some(claimed) = claimed {
            queued.push(span(*created, *claimed));
            sending.push(span(*claimed, seconds(at)));
        }
    }
    result.latency = Latencies::new(latency);
    result.decided = Latencies::new(decided);
    result.queued = Latencies::new(queued);
    result.sending = Latencies::new(sending);
    result.dot_waited = Latencies::new(dot_waited);
    Ok(result)
}

fn epoch(at: SystemTime) -> f64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0.0, |since| since.as_secs_f64())
}

impl MailLatency {
    /// The table's row.
    pub fn row(&self, peak_rss_mib: Option<f64>) -> Row {
        let part =
            |name: &str, of: &Latencies| format!("{name} {} / {}", ms(of.p50()), ms(of.p99()));
        let errors = if self.errors > 0 {
            format!(", {} commands failed", self.errors)
        } else {
            String::new()
        };
        let latency = if self.latency.len() == 0 {
            format!(
                "none of {} messages arrived within {} s after the load",
                thousands(self.missing as u64),
                GRACE.as_secs()
            )
        } else {
            format!(
                "p50 {}, p99 {}, max {}",
                ms(self.latency.p50()),
                ms(self.latency.p99()),
                ms(self.latency.percentile(100.0))
            )
        };
        Row {
            metric: format!(
                "8. Notification latency {} (answer to SMTP accept)",
                if self.fixed_rate {
                    "at a fixed rate"
                } else {
                    "at half the maximum load"
                }
            ),
            figure: format!(
                "{latency} ({} messages, one per command; p50 / p99 of its parts: \
                 {}, {}, {} (of which the closing dot held back {}); \
                 {} offered, {} reached, {} delivered, {} clients{errors})",
                thousands(self.latency.len() as u64),
                part("until decided", &self.decided),
                part("in the outbox", &self.queued),
                part("sending", &self.sending),
                part("", &self.dot_waited).trim_start(),
                per_second(self.offered, "commands"),
                per_second(self.achieved, "commands"),
                per_second(self.delivered, "messages"),
                self.clients,
            ),
            target: "every message delivered, once".to_owned(),
            verdict: format!(
                "{}: {} missing, {} doubled",
                verdict(self.missing == 0 && self.doubled == 0 && self.errors == 0),
                self.missing,
                self.doubled
            ),
            peak_rss_mib,
        }
    }
}
