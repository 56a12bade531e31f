//! `charter demo`: a realistic sample network, loaded through the real command path.
//!
//! A crate of its own: the server crate runs it through the [`Host`] it implements, and
//! the demo depends on nothing of the server but its HTTP API and that trait.
//!
//! Forty-one founding teams apply over four simulated years and reach every stage: panels
//! review their documents, the secretariat interviews them, the committee votes in open
//! and secret ballots, some are rejected, one appeal is granted, some withdraw, and the
//! first hubs become initiatives. The association's member hubs, older than Charter, are
//! registered on the first day with their delegates: every approval goes to the committee
//! and then to the network, one hub one vote, and each initiative joins the network as a
//! member. Under the demo's own policy ([`policy()`]) the network hears appeals too, in an
//! open ballot. The demo builds the real server in-process with a
//! [`SimulatedClock`], serves it on a loopback port and drives it over HTTP with real
//! tokens, so every event is exactly what a client would have produced, stamped with the
//! time it happened in the story. Closed votes are carried out by the server's own
//! process manager, and overdue revision requests are marked by its own scheduler.
//!
//! The story is fixed by a seed, and ends at the real now: votes still open close in the
//! future and the dashboards look current.

mod client;
mod clock;
mod document;
mod host;
mod hubs;
mod journey;
mod network;
mod plan;
mod policy;
mod report;
mod rng;
mod run;
mod steps;
mod stories;
mod words;

pub use client::Caller;
pub use clock::SimulatedClock;
pub use host::{Enrolment, Host, HostError, Issued};
pub use policy::{policy, DEMO_POLICY};
pub use report::{DemoReport, DemoToken, HubCounts, VoteCounts};

use charter_domain::Policy;
use plan::Plan;
use run::Runner;
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Instant;

/// The seed of the demo's story: the same network on every run.
pub const SEED: u64 = 20_261_121;

/// Why the demo could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "the event store already holds {events} events; the demo loads only into an empty \
         database, so that it never mixes with real records (point --database-url at a new \
         database, which is created if missing)"
    )]
    NotEmpty { events: i64 },
    #[error("database error")]
    Sql(#[from] sqlx::Error),
    /// The database's schema could not be brought up to date.
    #[error("{0}")]
    Migrate(HostError),
    /// The in-process server could not be built, or stopped with an error.
    #[error("the demo's in-process server failed: {0:#}")]
    Server(HostError),
    #[error("could not enrol {name}")]
    Enrol {
        name: String,
        #[source]
        source: HostError,
    },
    #[error("{step}: the request failed")]
    Http {
        step: String,
        #[source]
        source: reqwest::Error,
    },
    /// The server refused a step of the story: the script and the server disagree.
    #[error("{step}: refused with status {status}: {problem}")]
    Refused {
        step: String,
        status: u16,
        problem: String,
    },
    #[error("{step}: {detail}")]
    Unexpected { step: String, detail: String },
    #[error("vote {vote} was closed but not carried out within 30 s; see /readyz")]
    NotCarriedOut { vote: String },
    #[error("the scheduler failed")]
    Scheduler(#[source] HostError),
}

impl DemoError {
    fn unexpected(step: &str, detail: impl Into<String>) -> Self {
        DemoError::Unexpected {
            step: step.to_owned(),
            detail: detail.into(),
        }
    }
}

/// How many events the store holds.
pub async fn events_in_store(pool: &PgPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(pool)
        .await
}

/// Loads the demo network into the database behind `pool` under `policy`, telling the
/// story to the server `host` starts, and reports what it loaded with tokens to explore
/// it. Refused, writing nothing, when the event store is not empty.
pub async fn load(
    pool: &PgPool,
    policy: &Policy,
    host: &mut dyn Host,
) -> Result<DemoReport, DemoError> {
    load_scaled(pool, policy, host, 1).await
}

/// [`load`], with every story told `scale` times in hubs of their own: a network `scale`
/// times the demo's size, for measuring pages and read models on a longer history.
pub async fn load_scaled(
    pool: &PgPool,
    policy: &Policy,
    host: &mut dyn Host,
    scale: usize,
) -> Result<DemoReport, DemoError> {
    let started = Instant::now();
    host.migrate().await.map_err(DemoError::Migrate)?;
    let events = events_in_store(pool).await?;
    if events > 0 {
        return Err(DemoError::NotEmpty { events });
    }
    let plan = Plan::scaled(policy, SEED, chrono::Utc::now(), scale);
    if plan.left_out > 0 {
        tracing::warn!(
            steps = plan.left_out,
            "the policy's gates make some stories longer than the demo's years; they end early"
        );
    }
    let clock = Arc::new(SimulatedClock::new(plan.start));
    let port = host.start(clock.clone()).await.map_err(DemoError::Server)?;
    let client = client::Client::new(port);
    let mut runner = Runner::new(client, clock, &*host, pool.clone(), SEED);
    let told = tell(&mut runner, &plan).await;
    let stopped = host.stop().await;
    let mut report = told?;
    stopped.map_err(DemoError::Server)?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Follows the plan, brings the story up to the real now, and reports.
async fn tell(runner: &mut Runner<'_>, plan: &Plan) -> Result<DemoReport, DemoError> {
    runner.follow(plan).await?;
    // The story ends now: the scheduler marks what became overdue on the way here.
    runner.clock.set(chrono::Utc::now().max(plan.end));
    runner.scheduler_round("the end of the story").await?;
    runner.caught_up("the end of the story").await?;
    report::check_endings(runner, plan).await?;
    report::compile(runner, plan, runner.clock.now()).await
}
