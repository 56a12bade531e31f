//! Metrics 5 and 7: a store of 1,000,000 events.
//!
//! The store is filled in SQL, not over HTTP (a million commands would take the better part
//! of an hour here): the events of one of the founders' applications (its first 100, a
//! realistic history: opening and document versions) are copied under new application ids,
//! with the application id inside the payload replaced, until the store holds the target.
//! The copies go through the same `INSERT` trigger as every event, so their hash chains are
//! computed and `charter audit verify` accepts them, and their personal data stays sealed
//! under the founder's key. The server is stopped meanwhile.
//!
//! Metric 5 then runs `charter projections rebuild` (every read model, in one pass over the
//! events), with the server still stopped so that the live projector does not compete for
//! the cores; its figure is the events in the store over the rebuild's wall-clock time, and
//! the memory is the rebuilding process's. The rebuild's switch carries the read models'
//! checkpoints over, so the restarted server starts with its read models up to date.
//!
//! Metric 7 restarts the server and repeats metric 1 (one client, the same applications,
//! the same counts) on the big store; its figure is that p50 over metric 1's.

use crate::client::{document, Charter, DOCUMENT_KINDS};
use crate::cpu::{CpuSplit, CpuWatch};
use crate::latency::CommandLatency;
use crate::participants::Applicant;
use crate::report::{verdict, Row};
use crate::rss::RssSampler;
use crate::stats::{ms, per_second, thousands};
use anyhow::{bail, Context};
use sqlx::PgPool;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const REBUILD_TARGET: f64 = 50_000.0;
const SCALE_TARGET: f64 = 1.2;

/// Events copied from the template per application, at most.
const TEMPLATE_EVENTS: i64 = 100;
/// Events inserted per statement (each its own transaction: a long writing transaction
/// would hold back every projector's xmin).
const EVENTS_PER_STATEMENT: i64 = 20_000;

/// How the store was filled.
#[derive(Debug)]
pub struct Seeded {
    /// Events in the store before.
    pub before: i64,
    /// Events in the store after.
    pub total: i64,
    /// Events per copied application.
    pub per_application: i64,
    pub took: Duration,
}

/// Gives `applicant`'s application a history of [`TEMPLATE_EVENTS`] events (its opening and
/// document versions, as founders write them) for [`seed`] to copy. The earlier metrics
/// already give the founders' applications such histories; run alone, metric 5 would
/// otherwise copy a lone opening, a store of a million one-event streams that no real
/// store resembles.
pub async fn prepare_template(
    charter: &Charter,
    pool: &PgPool,
    applicant: &Applicant,
) -> anyhow::Result<()> {
    let have: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM events WHERE aggregate_type = 'Application' AND aggregate_id = $1",
    )
    .bind(&applicant.application)
    .fetch_one(pool)
    .await?;
    for n in have..TEMPLATE_EVENTS {
        let kind = DOCUMENT_KINDS[usize::try_from(n).unwrap_or(0) % DOCUMENT_KINDS.len()];
        charter
            .submit_document(
                &applicant.token,
                &applicant.application,
                kind,
                document(&applicant.label),
            )
            .await?
            .expect_ok("writing the template application's history")?;
    }
    Ok(())
}

/// Copies a founder's application until the store holds at least `target` events.
pub async fn seed(pool: &PgPool, applications: &[String], target: i64) -> anyhow::Result<Seeded> {
    let started = Instant::now();
    let mut conn = pool.acquire().await?;
    // Benchmark data: not worth an fsync per statement.
    sqlx::query("SET synchronous_commit = off")
        .execute(&mut *conn)
        .await?;
    let before = events_in_store(pool).await?;
    let template: Option<(String, i64)> = sqlx::query_as(
        "SELECT aggregate_id, least(count(*), $2) FROM events
         WHERE aggregate_type = 'Application' AND aggregate_id = ANY($1)
         GROUP BY aggregate_id ORDER BY count(*) DESC, aggregate_id LIMIT 1",
    )
    .bind(applications)
    .bind(TEMPLATE_EVENTS)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((template, per_application)) = template else {
        bail!("no founder's application has events to copy");
    };
    let mut total = before;
    let mut reported = before;
    while total < target {
        let wanted = (target - total + per_application - 1) / per_application;
        let copies = wanted.min((EVENTS_PER_STATEMENT / per_application).max(1));
        let inserted = sqlx::query(
            "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type,
                                 event_version, payload, metadata)
             WITH copies AS MATERIALIZED (
                 SELECT n, gen_random_uuid()::text AS id FROM generate_series(1, $2) AS n)
             SELECT t.aggregate_type, c.id, t.sequence, t.event_type, t.event_version,
                    replace(t.payload::text, t.aggregate_id, c.id)::json, t.metadata
             FROM copies c
             CROSS JOIN (SELECT * FROM events
                         WHERE aggregate_type = 'Application' AND aggregate_id = $1
                           AND sequence <= $3) AS t
             ORDER BY c.n, t.sequence",
        )
        .bind(&template)
        .bind(copies)
        .bind(per_application)
        .execute(&mut *conn)
        .await
        .context("copying the template application")?
        .rows_affected();
        if inserted == 0 {
            bail!("copying the template application inserted nothing");
        }
        total += i64::try_from(inserted).unwrap_or(i64::MAX);
        if total - reported >= 100_000 || total >= target {
            reported = total;
            tracing::info!(
                events = total,
                rate = ((total - before) as f64 / started.elapsed().as_secs_f64()) as u64,
                "filling the store"
            );
        }
    }
    sqlx::query("ANALYZE events").execute(&mut *conn).await?;
    Ok(Seeded {
        before,
        total,
        per_application,
        took: started.elapsed(),
    })
}

/// How many events the store holds.
pub async fn events_in_store(pool: &PgPool) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(pool)
        .await?)
}

/// Metric 5: a rebuild of every read model from the first event.
#[derive(Debug)]
pub struct RebuildRun {
    pub events: i64,
    pub took: Duration,
    /// The rebuilding process's peak resident memory, in MiB.
    pub peak_rss_mib: Option<f64>,
    /// Where the machine's CPU time went while it rebuilt.
    pub cpu: Option<CpuSplit>,
}

/// Runs `charter projections rebuild` against `database_url` and times it.
pub async fn rebuild(exe: &Path, database_url: &str, events: i64) -> anyhow::Result<RebuildRun> {
    let started = Instant::now();
    let mut child = Command::new(exe)
        .args(["projections", "rebuild"])
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("cannot start {} projections rebuild", exe.display()))?;
    let sampler = RssSampler::start(child.id());
    let cpu = CpuWatch::start(child.id());
    let status = tokio::task::spawn_blocking(move || child.wait()).await??;
    let took = started.elapsed();
    let peak_rss_mib = sampler.finish().await;
    let cpu = cpu.finish().await;
    if !status.success() {
        bail!("charter projections rebuild failed ({status})");
    }
    Ok(RebuildRun {
        events,
        took,
        peak_rss_mib,
        cpu,
    })
}

impl RebuildRun {
    pub fn rate(&self) -> f64 {
        self.events as f64 / self.took.as_secs_f64()
    }

    /// The table's row.
    pub fn row(&self, seeded: &Seeded) -> Row {
        let rate = self.rate();
        Row {
            metric: format!(
                "5. Rebuild of {} events into all read models",
                thousands(self.events as u64)
            ),
            figure: format!(
                "{} ({} s; the store filled by copying a {}-event application, {}{})",
                per_second(rate, "events"),
                self.took.as_secs(),
                seeded.per_application,
                per_second(
                    (seeded.total - seeded.before) as f64 / seeded.took.as_secs_f64(),
                    "events copied"
                ),
                self.cpu.map_or_else(String::new, |cpu| format!(
                    "; {}",
                    cpu.describe("event", rate, Some("rebuild"), "benchmark")
                ))
            ),
            target: format!("≥ {}", per_second(REBUILD_TARGET, "events")),
            verdict: format!(
                "{}: {:.1}% of target",
                verdict(rate >= REBUILD_TARGET),
                rate / REBUILD_TARGET * 100.0
            ),
            peak_rss_mib: self.peak_rss_mib,
        }
    }
}

/// Metric 7: metric 1 again on the big store.
pub fn scale_row(
    small: &CommandLatency,
    small_store: i64,
    big: &CommandLatency,
    big_store: i64,
    peak_rss_mib: Option<f64>,
) -> Row {
    let ratio = big.latencies.p50().as_secs_f64() / small.latencies.p50().as_secs_f64();
    Row {
        metric: format!(
            "7. Scale: command latency with {} events in the store",
            thousands(big_store as u64)
        ),
        figure: format!(
            "p50 {}, p99 {} ({} commands) vs metric 1's p50 {}, p99 {} (≤ {} events)",
            ms(big.latencies.p50()),
            ms(big.latencies.p99()),
            thousands(big.latencies.len() as u64),
            ms(small.latencies.p50()),
            ms(small.latencies.p99()),
            thousands(small_store as u64),
        ),
        target: format!("p50 ratio ≤ {SCALE_TARGET}"),
        verdict: format!(
            "{}: {ratio:.2}",
            verdict(ratio <= SCALE_TARGET && big.errors == 0)
        ),
        peak_rss_mib,
    }
}
