//! `charter serve`: waiting for the database at start, then the server until a stop
//! signal.

use super::args::ServeArgs;
use super::say_where_mail_goes;
use crate::demo;
use crate::server::{stop_signal, Server};
use crate::settings::{load_policy, ReplicaSettings, Settings};
use charter_store::db::{self, DatabaseError};
use sqlx::PgPool;
use std::path::Path;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

/// How long to wait between two attempts to reach the database at start.
const RETRY_EVERY: Duration = Duration::from_secs(1);

/// Connects to `url` (creating its database when missing), trying again every second for
/// up to `wait` while PostgreSQL cannot be reached: started beside it (a container group,
/// a machine booting), the server would otherwise stop before the database is up. Any
/// other error ends the wait at once.
pub(super) async fn connect_patiently(
    url: &str,
    max_connections: u32,
    wait: Duration,
) -> anyhow::Result<PgPool> {
    let started = Instant::now();
    let mut attempt = 1u32;
    loop {
        let error = match db::connect(url, max_connections).await {
            Ok(pool) => return Ok(pool),
            Err(error @ DatabaseError::Unreachable { .. }) => error,
            Err(other) => return Err(other.into()),
        };
        let waited = started.elapsed();
        if waited + RETRY_EVERY > wait {
            if attempt == 1 {
                return Err(error.into());
            }
            anyhow::bail!(
                "gave up after {attempt} attempts in {} s (--db-wait-seconds {}): {error}",
                waited.as_secs(),
                wait.as_secs()
            );
        }
        tracing::warn!(attempt, %error, "the database cannot be reached yet; trying again");
        tokio::time::sleep(RETRY_EVERY).await;
        attempt += 1;
    }
}

/// Loads the policy (and the demo, when asked for on an empty store), builds the server
/// and serves until SIGTERM or Ctrl-C.
pub(super) async fn serve(
    pool: PgPool,
    key_dir: &Path,
    anchor_dir: &Path,
    args: ServeArgs,
) -> anyhow::Result<()> {
    // The demo network is told, and served, under its own policy unless another is given.
    let policy = match (&args.policy, args.demo) {
        (None, true) => demo::policy()?,
        (path, _) => load_policy(path.as_deref())?,
    };
    tracing::info!(policy = %policy.version, "gate policy loaded");
    let mail = args.mail.settings(args.listen);
    say_where_mail_goes(&mail);
    if args.demo {
        match demo::events_in_store(&pool).await? {
            0 => {
                tracing::info!("loading the demo network");
                print!("{}", demo::load(&pool, &policy, &mail, key_dir).await?);
                println!(
                    "\nServing it at http://{} (the API page is at /docs).",
                    args.listen
                );
            }
            events => tracing::info!(
                events,
                "the event store is not empty; serving it without loading the demo"
            ),
        }
    }
    let settings = Settings {
        listen: args.listen,
        max_upload_bytes: args.max_upload_bytes,
        max_json_bytes: args.max_json_bytes,
        policy,
        mail,
        notifications: !args.no_notifications,
        key_dir: key_dir.to_owned(),
        anchor_dir: anchor_dir.to_owned(),
        checkpoint_interval: Some(Duration::from_secs(args.checkpoint_interval_seconds)),
        timeouts: args.timeouts(),
        cors_origins: args.cors_origins.clone(),
        metrics_from: args.metrics_from,
        replica: args.replica_url.clone().map(|url| ReplicaSettings {
            url,
            wait: Duration::from_millis(args.replica_wait_ms),
            connections: args.replica_connections,
        }),
        ..Settings::default()
    };
    let server = Server::build(settings, pool).await?;
    let shutdown = CancellationToken::new();
    let stop = shutdown.clone();
    tokio::spawn(async move {
        stop_signal().await;
        stop.cancel();
    });
    server.run_until_stopped(shutdown).await
}
