//! `charter demo`: a realistic sample network, loaded through the real command path.
//!
//! Forty-one founding teams apply over four simulated years and reach every stage: panels
//! review their documents, the secretariat interviews them, the committee votes in open
//! and secret ballots, some are rejected, one appeal is granted, some withdraw, and the
//! first hubs become initiatives. The demo builds the real server in-process with a
//! [`SimulatedClock`], serves it on a loopback port and drives it over HTTP with real
//! tokens, so every event is exactly what a client would have produced, stamped with the
//! time it happened in the story. Closed votes are carried out by the server's own
//! process manager, and overdue revision requests are marked by its own scheduler.
//!
//! The story is fixed by a seed, and ends at the real now: votes still open close in the
//! future and the dashboards look current.

mod client;
mod document;
mod journey;
mod network;
mod plan;
mod report;
mod rng;
mod run;
mod steps;
mod stories;
mod words;

pub use client::Caller;
pub use report::{DemoReport, DemoToken, VoteCounts};

use crate::clock::{Clock, SimulatedClock};
use crate::http::error::ApiError;
use crate::server::Server;
use crate::settings::Settings;
use crate::store::db::{self, DatabaseError};
use charter_domain::Policy;
use plan::Plan;
use run::Runner;
use sqlx::PgPool;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

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
    #[error(transparent)]
    Database(#[from] DatabaseError),
    #[error("database error")]
    Sql(#[from] sqlx::Error),
    /// The in-process server could not be built or stopped with an error.
    #[error("the demo's in-process server failed: {0:#}")]
    Server(anyhow::Error),
    #[error("could not enrol {name}")]
    Enrol {
        name: String,
        #[source]
        source: Box<ApiError>,
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
    Scheduler(#[source] Box<ApiError>),
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

/// Loads the demo network into the database behind `pool` under `policy`, and reports
/// what it loaded with tokens to explore it. Refused, writing nothing, when the event
/// store is not empty.
pub async fn load(pool: &PgPool, policy: &Policy) -> Result<DemoReport, DemoError> {
    let started = Instant::now();
    db::migrate(pool).await?;
    let events = events_in_store(pool).await?;
    if events > 0 {
        return Err(DemoError::NotEmpty { events });
    }
    let plan = Plan::new(policy, SEED, chrono::Utc::now());
    if plan.left_out > 0 {
        tracing::warn!(
            steps = plan.left_out,
            "the policy's gates make some stories longer than the demo's years; they end early"
        );
    }
    let clock = Arc::new(SimulatedClock::new(plan.start));
    let settings = Settings {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        policy: policy.clone(),
        // The demo runs the scheduler itself, at the simulated moments the story needs;
        // left to its own timer it would act at random points of the story.
        scheduler_interval: Duration::from_secs(24 * 60 * 60),
        ..Settings::default()
    };
    let server = Server::build_with_clock(settings, pool.clone(), clock.clone())
        .await
        .map_err(DemoError::Server)?;
    let client = client::Client::new(server.port());
    let state = server.state().clone();
    let shutdown = CancellationToken::new();
    // In a span, so that its log lines (its own address, say) are not taken for the real
    // server's under `charter serve --demo`.
    let serving = tokio::spawn(
        server
            .run_until_stopped(shutdown.clone())
            .instrument(tracing::info_span!("demo")),
    );
    let mut runner = Runner::new(client, clock, state, SEED);
    let told = tell(&mut runner, &plan).await;
    shutdown.cancel();
    let stopped = serving
        .await
        .map_err(|error| DemoError::Server(error.into()))?;
    let mut report = told?;
    stopped.map_err(DemoError::Server)?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Follows the plan, brings the story up to the real now, and reports.
async fn tell(runner: &mut Runner, plan: &Plan) -> Result<DemoReport, DemoError> {
    runner.follow(plan).await?;
    // The story ends now: the scheduler marks what became overdue on the way here.
    runner.clock.set(chrono::Utc::now().max(plan.end));
    runner.scheduler_round("the end of the story").await?;
    runner.caught_up("the end of the story").await?;
    report::check_endings(runner, plan).await?;
    report::compile(runner, plan, runner.clock.now()).await
}
