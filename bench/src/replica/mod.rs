//! Metric 11: reads on a streaming replica, and what a reader waits for them.
//!
//! A PostgreSQL cluster of the benchmark's own and a hot standby of it
//! ([`crate::cluster`]); `charter serve` on the cluster with `--replica-url` on the
//! standby. Clients send commands on a fixed schedule (metric 6's load, at a modest
//! rate) and read the application back after each with the command's
//! `Consistency-Token`: the server serves that read from the replica once the replica's own
//! read models show the command, waiting at most `--replica-wait-ms`, and from the primary
//! after that. The lag a reader waits runs from the command's answer to the read's answer;
//! the server's `/metrics` tell which database served the reads. The same load is then run
//! against a server on the same database without a replica, for comparison.

mod served;

use crate::client::Charter;
use crate::database::BenchDatabase;
use crate::lag::{self, Probe, ProjectionLag, Window};
use crate::participants::Participants;
use crate::report::Row;
use crate::rss::RssSampler;
use crate::server::{Notifications, Server};
use crate::stats::{ms, per_second, percent, thousands};
use charter_cluster::{server_programs, PrivateCluster};
use served::Served;
use std::path::Path;
use std::time::Duration;

/// How long a read waits for the replica before the primary serves it (the server's
/// default, given explicitly so that the table can name it).
const REPLICA_WAIT_MS: u64 = 500;

/// Every command is followed by a read with its token.
const PROBE: Probe = Probe {
    every: 1,
    with_token: true,
};

/// How the metric runs.
#[derive(Debug, Clone)]
pub struct Setup<'a> {
    pub exe: &'a Path,
    pub log_filter: &'a str,
    /// Commands per second, over all clients.
    pub rate: f64,
    pub clients: usize,
    /// The unmeasured warm-up (commands and reads), then the measured window.
    pub window: Window,
}

/// What one server's readers waited.
#[derive(Debug)]
struct Run {
    lag: ProjectionLag,
    /// The reads each database served in the measured window (none counted without a
    /// replica).
    served: Served,
    peak_rss_mib: Option<f64>,
}

/// Measures with a replica and without; the table's rows, or one saying why the metric
/// was skipped. Both clusters are stopped and removed afterwards, whatever happened.
pub async fn measure(setup: &Setup<'_>) -> anyhow::Result<Vec<Row>> {
    let Some(bin) = server_programs() else {
        tracing::warn!("11. skipped: no PostgreSQL server programs (pg_config --bindir, initdb)");
        return Ok(vec![skipped()]);
    };
    // The clusters are declared before the servers, so they are dropped after them.
    let primary = tokio::task::block_in_place(|| PrivateCluster::start(&bin))?;
    let database = BenchDatabase::create(&primary.url("postgres")).await?;
    tracing::info!(port = primary.port, "private primary ready; issuing tokens");
    let people = Participants::enrol(setup.exe, &database.url, setup.clients, 0, 0).await?;
    let standby = tokio::task::block_in_place(|| primary.standby())?;
    tracing::info!(port = standby.port, "streaming standby ready");
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()?;
    let flags = [
        "--replica-url".to_owned(),
        standby.url(&database.name),
        "--replica-wait-ms".to_owned(),
        REPLICA_WAIT_MS.to_string(),
    ];
    let with_replica = run_on_server(setup, &database.url, &flags, &http, &people, true).await?;
    tracing::info!("11. the same load without a replica");
    let primary_only = run_on_server(setup, &database.url, &[], &http, &people, false).await?;
    Ok(rows(setup, &with_replica, &primary_only))
}

/// Starts a server with `flags`, first opens the `people`'s applications when `open`,
/// runs the load and stops the server.
async fn run_on_server(
    setup: &Setup<'_>,
    database_url: &str,
    flags: &[String],
    http: &reqwest::Client,
    people: &Participants,
    open: bool,
) -> anyhow::Result<Run> {
    let off = Notifications::Off;
    let server =
        Server::start_with(setup.exe, database_url, setup.log_filter, &off, http, flags).await?;
    let charter = Charter::new(http.clone(), &server.base_url);
    if open {
        people.open_applications(&charter).await?;
    }
    let applicants = &people.applicants;
    charter.wait_for_projections().await?;
    let warmup = Window {
        warmup: Duration::ZERO,
        measured: setup.window.warmup,
    };
    lag::measure(&charter, applicants, setup.rate, warmup, PROBE).await?;
    let before = Served::parse(&charter.metrics().await?)?;
    let sampler = RssSampler::start(server.pid);
    let measured = Window {
        warmup: Duration::ZERO,
        measured: setup.window.measured,
    };
    let measuring = lag::measure(&charter, applicants, setup.rate, measured, PROBE).await;
    let peak_rss_mib = sampler.finish().await;
    let lag = measuring?;
    let served = Served::parse(&charter.metrics().await?)? - before;
    server.stop()?;
    Ok(Run {
        lag,
        served,
        peak_rss_mib,
    })
}

fn skipped() -> Row {
    Row {
        metric: "11. Reads on a streaming replica".to_owned(),
        figure: "skipped: this machine has no PostgreSQL server programs (initdb) for a \
                 cluster and standby of the benchmark's own"
            .to_owned(),
        target: "—".to_owned(),
        verdict: "—".to_owned(),
        peak_rss_mib: None,
    }
}

fn rows(setup: &Setup<'_>, replica: &Run, primary: &Run) -> Vec<Row> {
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-9);
    let (lag, base) = (&replica.lag.lag, &primary.lag.lag);
    let served = replica.served;
    vec![
        Row {
            metric: "11. Replica read lag p50/p99 (command's answer to the answer of the read \
                     with its Consistency-Token, a streaming replica configured)"
                .to_owned(),
            figure: lag_figure(setup, &replica.lag),
            target: "— (reported)".to_owned(),
            verdict: format!(
                "vs primary only: p50 {:.2}×, p99 {:.2}×",
                ratio(lag.p50(), base.p50()),
                ratio(lag.p99(), base.p99())
            ),
            peak_rss_mib: replica.peak_rss_mib,
        },
        Row {
            metric: "11. Reads served by the replica (%)".to_owned(),
            figure: format!(
                "{} ({} of {} reads counted in /metrics; the primary served {} after \
                 waiting {REPLICA_WAIT_MS} ms for the replica)",
                percent(served.replica_share()),
                thousands(served.replica),
                thousands(served.total()),
                thousands(served.primary)
            ),
            target: "— (reported)".to_owned(),
            verdict: format!("{} fell back to the primary", thousands(served.primary)),
            peak_rss_mib: None,
        },
        Row {
            metric: "11. Read lag p50/p99 without a replica (the same load, primary only)"
                .to_owned(),
            figure: lag_figure(setup, &primary.lag),
            target: "— (the comparison)".to_owned(),
            verdict: "the reference of the replica's row".to_owned(),
            peak_rss_mib: primary.peak_rss_mib,
        },
    ]
}

fn lag_figure(setup: &Setup<'_>, run: &ProjectionLag) -> String {
    let errors = if run.errors > 0 {
        format!(", {} failed", run.errors)
    } else {
        String::new()
    };
    format!(
        "p50 {}, p99 {}, max {} ({} reads; {} offered, {} reached, {} clients, {} s{errors})",
        ms(run.lag.p50()),
        ms(run.lag.p99()),
        ms(run.lag.max()),
        thousands(run.lag.len() as u64),
        per_second(setup.rate, "commands"),
        per_second(run.achieved, "commands"),
        run.clients,
        setup.window.measured.as_secs()
    )
}
