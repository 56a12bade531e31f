//! `charter-bench`: measures a release `charter` server as its clients would, over HTTP on
//! loopback, against this machine's own PostgreSQL limit measured in the same run, and
//! prints one table. See BENCHMARKS.md.

mod cli;
mod client;
mod cpu;
mod database;
mod lag;
mod latency;
mod limit;
mod mail_cost;
mod mail_latency;
mod network_vote;
mod pages;
mod participants;
mod replica;
mod report;
mod rss;
mod scale;
mod server;
mod sizes;
mod smtp_sink;
mod stats;
mod streams;
mod throughput;
mod vote;

use clap::Parser;
use cli::Cli;
use client::Charter;
use database::BenchDatabase;
use participants::Participants;
use report::{sorted, Row};
use rss::RssSampler;
use server::{Notifications, Server};
use sizes::Sizes;
use smtp_sink::SmtpSink;
use std::future::Future;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// Founders with an application each: the clients of metrics 1, 2 and 6.
const APPLICANTS: usize = 32;
/// Committee members casting on one vote at once (metric 3).
const COMMITTEE: usize = 50;
/// Member hubs casting on one network vote at once, one delegate each (metric 3b).
const HUBS: usize = 100;
/// Connections inserting at once when measuring PostgreSQL's own limit.
const LIMIT_CLIENTS: usize = 32;
/// Clients sharing the load of metrics 6, 8 and 11.
const LAG_CLIENTS: usize = 16;
/// Browsers requesting pages at once (metric 10).
const PAGE_CLIENTS: usize = 4;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let cli = Cli::parse();
    match run(&cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Creates the database, measures, and drops the database whatever happened (unless
/// asked to keep it), also on Ctrl-C.
async fn run(cli: &Cli) -> anyhow::Result<()> {
    let exe = server::charter_exe()?;
    // Other work on the machine skews every figure: say how busy it was to begin with.
    let load = load_average().unwrap_or_else(|| "unknown".to_owned());
    let database = BenchDatabase::create(&cli.database_url).await?;
    tracing::info!(database = %database.name, "benchmark database created");
    let outcome = tokio::select! {
        outcome = measure(cli, &exe, &database) => outcome,
        _ = tokio::signal::ctrl_c() => Err(anyhow::anyhow!("interrupted")),
    };
    if cli.keep_db {
        tracing::info!(database = %database.name, "benchmark database kept");
    } else if let Err(error) = database.drop_database().await {
        tracing::warn!(database = %database.name, "could not drop the benchmark database: {error:#}");
    }
    let rows = outcome?;
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    println!(
        "\ncharter-bench, {} run on {cores} cores (load average {load} at the start); \
         PostgreSQL's limit measured in this run\n",
        if cli.quick { "quick" } else { "full" }
    );
    print!("{}", report::render(&rows));
    Ok(())
}

async fn measure(cli: &Cli, exe: &Path, database: &BenchDatabase) -> anyhow::Result<Vec<Row>> {
    let sizes = Sizes::new(cli.quick);
    let mut rows = Vec::new();

    tracing::info!("0. PostgreSQL's own limit");
    let limit = limit::measure(database, LIMIT_CLIENTS, sizes.limit).await?;
    rows.push(limit.row());

    if cli.runs("3b") {
        tracing::info!("3b. hot network vote, {HUBS} hubs");
        let setup = network_vote::Setup {
            exe,
            server_url: &cli.database_url,
            log_filter: &cli.server_log,
            hubs: HUBS,
            rounds: sizes.vote_rounds,
            keep_db: cli.keep_db,
        };
        let (vote, rss) = network_vote::measure(&setup).await?;
        rows.push(vote.row(&limit, rss));
    }
    if cli.runs("10") {
        tracing::info!(
            scale = cli.demo_scale,
            "10. pages on the grown demo network"
        );
        let setup = pages::Setup {
            exe,
            server_url: &cli.database_url,
            log_filter: &cli.server_log,
            scale: cli.demo_scale.max(1),
            clients: PAGE_CLIENTS,
            warmup: sizes.pages_warmup,
            window: sizes.pages,
            keep_db: cli.keep_db,
        };
        let (measured, rss) = pages::measure(&setup).await?;
        rows.push(measured.row(&limit, rss));
    }
    if cli.runs("11") {
        tracing::info!(rate = cli.replica_rate, "11. reads on a streaming replica");
        let setup = replica::Setup {
            exe,
            log_filter: &cli.server_log,
            rate: cli.replica_rate,
            clients: LAG_CLIENTS,
            window: lag::Window {
                warmup: sizes.lag_warmup,
                measured: sizes.lag,
            },
        };
        rows.extend(replica::measure(&setup).await?);
    }
    // 3b, 10 and 11 have servers and databases of their own.
    if cli.only_on_their_own() {
        return Ok(sorted(rows));
    }

    tracing::info!("issuing tokens");
    let mail_applicants = if cli.runs("8") { LAG_CLIENTS } else { 0 };
    let people =
        Participants::enrol(exe, &database.url, APPLICANTS, COMMITTEE, mail_applicants).await?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()?;
    // Every server sends its mail here, as a real one would to its mail server.
    let sink = SmtpSink::start().await?;
    let mail = Notifications::Smtp(sink.url.clone());
    let server = Server::start(exe, &database.url, &cli.server_log, &mail, &http).await?;
    tracing::info!(url = %server.base_url, pid = server.pid, "server ready");
    let charter = Charter::new(http, &server.base_url);
    people.open_applications(&charter).await?;
    let pool = database.pool(2).await?;
    let pid = server.pid;

    let mut latency = None;
    let mut small_store = 0;
    if cli.runs("1") {
        tracing::info!("1. command latency, 1 client");
        settle(&charter).await?;
        let (measured, rss) = command_latency(&charter, &people, &sizes, pid).await?;
        rows.push(measured.row(&limit, rss));
        latency = Some(measured);
        small_store = scale::events_in_store(&pool).await?;
    }

    let mut throughput = None;
    if cli.runs("2") {
        tracing::info!("2. throughput, {APPLICANTS} clients");
        settle(&charter).await?;
        let (measured, rss) = with_peak_rss(
            pid,
            throughput::measure(
                &charter,
                pid,
                &people.applicants,
                sizes.throughput_warmup,
                sizes.throughput,
            ),
        )
        .await?;
        rows.push(measured.row(&limit, rss));
        throughput = Some(measured);
    }

    if cli.runs("3") {
        tracing::info!("3. hot vote, {COMMITTEE} members");
        settle(&charter).await?;
        let (vote, rss) = with_peak_rss(
            pid,
            vote::measure(
                &charter,
                &pool,
                &people.secretariat,
                vote::Electorate::Committee,
                &people.committee,
                sizes.vote_rounds,
            ),
        )
        .await?;
        rows.push(vote.row(&limit, rss));
    }

    if cli.runs("4") {
        tracing::info!("4. long stream");
        settle(&charter).await?;
        let (streams, rss) = with_peak_rss(
            pid,
            streams::measure(
                &charter,
                &people.long_stream,
                &people.new_stream,
                sizes.long_stream_events,
                sizes.stream_commands,
            ),
        )
        .await?;
        rows.push(streams.row(rss));
    }

    if let (true, Some(throughput)) = (cli.runs("6"), &throughput) {
        tracing::info!("6. projection lag at half load");
        settle(&charter).await?;
        let half = throughput.per_second / 2.0;
        let lag_clients = &people.applicants[..LAG_CLIENTS.min(people.applicants.len())];
        let window = lag::Window {
            warmup: sizes.lag_warmup,
            measured: sizes.lag,
        };
        let (lag, rss) = with_peak_rss(
            pid,
            lag::measure(&charter, lag_clients, half, window, lag::Probe::METRIC_6),
        )
        .await?;
        rows.push(lag.row(rss));
    }

    let mail_rate = cli
        .mail_rate
        .or_else(|| throughput.as_ref().map(|t| t.per_second / 2.0));
    if let (true, Some(rate), false) = (cli.runs("8"), mail_rate, people.panelists.is_empty()) {
        tracing::info!(rate, "8. notification latency");
        let applicants = &people.mail_applicants;
        let panelists = &people.panelists;
        mail_latency::prepare(&charter, &people.secretariat, panelists, applicants).await?;
        settle(&charter).await?;
        let window = (sizes.lag_warmup, sizes.lag);
        let measuring = mail_latency::measure(&charter, &pool, &sink, applicants, rate, window);
        let (mut mail, rss) = with_peak_rss(pid, measuring).await?;
        mail.fixed_rate = cli.mail_rate.is_some();
        rows.push(mail.row(rss));
    }

    if cli.runs("5") {
        scale::prepare_template(&charter, &pool, &people.applicants[0]).await?;
    }
    settle(&charter).await?;
    server.stop()?;
    if cli.runs("9") {
        tracing::info!("9. throughput with and without notifications");
        let servers = mail_cost::Servers {
            exe,
            database_url: &database.url,
            log_filter: &cli.server_log,
            smtp_url: &sink.url,
        };
        let window = (sizes.throughput_warmup, sizes.throughput);
        let pairs = sizes.notification_pairs;
        let cost = mail_cost::measure(servers, &people.applicants, pairs, window).await?;
        rows.push(cost.row());
    }
    if !cli.runs("5") {
        pool.close().await;
        return Ok(sorted(rows));
    }
    tracing::info!(
        events = sizes.store_events,
        "filling the store (the server is stopped)"
    );
    let applications: Vec<String> = people
        .applicants
        .iter()
        .map(|applicant| applicant.application.clone())
        .collect();
    let seeded = scale::seed(&pool, &applications, sizes.store_events).await?;

    tracing::info!(events = seeded.total, "5. rebuild of every read model");
    let rebuilt = scale::rebuild(exe, &database.url, seeded.total).await?;
    rows.push(rebuilt.row(&seeded));

    if let (true, Some(latency)) = (cli.runs("7"), &latency) {
        tracing::info!("7. command latency on the big store");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()?;
        let server = Server::start(exe, &database.url, &cli.server_log, &mail, &http).await?;
        let charter = Charter::new(http, &server.base_url);
        settle(&charter).await?;
        let big_store = scale::events_in_store(&pool).await?;
        let (big, rss) = command_latency(&charter, &people, &sizes, server.pid).await?;
        rows.push(scale::scale_row(latency, small_store, &big, big_store, rss));
        server.stop()?;
    }
    pool.close().await;
    Ok(sorted(rows))
}

/// Metric 1's measurement (metric 7 repeats it on the big store), with the server's peak
/// RSS.
async fn command_latency(
    charter: &Charter,
    people: &Participants,
    sizes: &Sizes,
    pid: u32,
) -> anyhow::Result<(latency::CommandLatency, Option<f64>)> {
    with_peak_rss(
        pid,
        latency::measure(
            charter,
            &people.applicants,
            sizes.latency_warmup,
            sizes.latency_commands,
        ),
    )
    .await
}

/// The one-minute load average, where the system tells it.
fn load_average() -> Option<String> {
    let loadavg = std::fs::read_to_string("/proc/loadavg").ok()?;
    loadavg.split_whitespace().next().map(str::to_owned)
}

/// Waits until the projectors have caught up with what the previous metric wrote.
async fn settle(charter: &Charter) -> anyhow::Result<()> {
    let took = charter.wait_for_projections().await?;
    if took > Duration::from_millis(100) {
        tracing::info!(seconds = took.as_secs_f64(), "projections caught up");
    }
    Ok(())
}

/// Runs `work` while sampling the server's resident memory; its result and the peak.
async fn with_peak_rss<T>(
    pid: u32,
    work: impl Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<(T, Option<f64>)> {
    let sampler = RssSampler::start(pid);
    let result = work.await;
    let peak = sampler.finish().await;
    Ok((result?, peak))
}
