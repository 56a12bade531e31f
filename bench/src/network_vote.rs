//! Metric 3b: metric 3's hot vote put to the network. 100 member hubs, each with one
//! delegate, cast their hub's one ballot on the same network vote at the same moment.
//!
//! The default policy puts a network vote only at the end of the `approved` gate, after the
//! committee's, which is long to reach in every round. The server of this metric runs under
//! the default policy with one rule changed, the motion to reject, which goes to the
//! network: each round then opens a network vote exactly as metric 3 opens the committee's.
//! A policy is the server's for its whole life, and metric 3 needs the default one, so this
//! metric has a database and a server of its own, like metrics 10 and 11.

use crate::client::Charter;
use crate::database::BenchDatabase;
use crate::participants::ISSUING_AT_ONCE;
use crate::rss::RssSampler;
use crate::server::{issue_token, Enrolment, Notifications, Role, Server};
use crate::smtp_sink::SmtpSink;
use crate::vote::{self, Electorate, HotVote};
use anyhow::Context;
use charter_domain::policy::{self, Policy};
use futures::stream::{self, StreamExt, TryStreamExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The day every hub of the benchmark joined: long enough ago for any clock.
const JOINED: &str = "2020-01-01";

/// How the metric runs.
#[derive(Debug, Clone)]
pub struct Setup<'a> {
    pub exe: &'a Path,
    /// Any database on the PostgreSQL server (`--database-url`).
    pub server_url: &'a str,
    pub log_filter: &'a str,
    /// Member hubs, one delegate each, all casting at once.
    pub hubs: usize,
    pub rounds: usize,
    pub keep_db: bool,
}

/// Registers the hubs and their delegates on a store of its own and runs the rounds; the
/// database and the server's data directory (its keys, its anchors, the policy file) are
/// removed afterwards whatever happened (both kept with `keep_db`). The vote and the
/// server's peak RSS while it was held.
pub async fn measure(setup: &Setup<'_>) -> anyhow::Result<(HotVote, Option<f64>)> {
    let database = BenchDatabase::create_for(setup.server_url, "_network").await?;
    let data_dir =
        std::env::temp_dir().join(format!("charter_bench_{}_network", std::process::id()));
    let outcome = match write_policy(&data_dir) {
        Ok(policy_file) => measure_on(setup, &database, &data_dir, &policy_file).await,
        Err(error) => Err(error),
    };
    if setup.keep_db {
        tracing::info!(data_dir = %data_dir.display(), "the network vote's data directory kept");
    } else {
        if let Err(error) = database.drop_database().await {
            tracing::warn!(database = %database.name, "could not drop the network vote's database: {error:#}");
        }
        let _ = std::fs::remove_dir_all(&data_dir);
    }
    outcome
}

/// The default policy, whose motion to reject goes to the network, with its own version:
/// every event it governs says it was not the default.
fn bench_policy() -> anyhow::Result<Policy> {
    let mut policy = Policy::from_toml(policy::DEFAULT_POLICY)
        .map_err(|error| anyhow::anyhow!("the default policy is invalid: {error}"))?;
    policy.version = "bench-network".to_owned();
    policy.motions.rejection.electorate = policy::Electorate::Network;
    Ok(policy)
}

/// Writes the policy into `data_dir`, creating it; the file's path.
fn write_policy(data_dir: &Path) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create {}", data_dir.display()))?;
    let path = data_dir.join("policy.toml");
    std::fs::write(&path, bench_policy()?.to_toml())
        .with_context(|| format!("cannot write the policy file {}", path.display()))?;
    Ok(path)
}

async fn measure_on(
    setup: &Setup<'_>,
    database: &BenchDatabase,
    data_dir: &Path,
    policy_file: &Path,
) -> anyhow::Result<(HotVote, Option<f64>)> {
    let enrolment = Enrolment {
        policy: Some(policy_file),
        ..Enrolment::default()
    };
    // The first token applies the migrations.
    let secretariat = issue_token(
        setup.exe,
        &database.url,
        Role::Secretariat,
        "Bench Secretariat",
        enrolment,
    )
    .await?
    .token;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()?;
    // Mail goes to a sink, as in metric 3: the notifier reads every event there too.
    let sink = SmtpSink::start().await?;
    let mail = Notifications::Smtp(sink.url.clone());
    // Its keys and anchors go into a directory of its own, not into the working one.
    let flags = [
        "--policy".to_owned(),
        policy_file.to_string_lossy().into_owned(),
        "--data-dir".to_owned(),
        data_dir.to_string_lossy().into_owned(),
    ];
    let server = Server::start_with(
        setup.exe,
        &database.url,
        setup.log_filter,
        &mail,
        &http,
        &flags,
    )
    .await?;
    let charter = Charter::new(http, &server.base_url);

    tracing::info!(
        hubs = setup.hubs,
        "registering the hubs and their delegates"
    );
    let hubs = register_hubs(&charter, &secretariat, setup.hubs).await?;
    let delegates = appoint_delegates(setup.exe, &database.url, policy_file, &hubs).await?;
    charter.wait_for_projections().await?;

    let pool = database.pool(2).await?;
    let sampler = RssSampler::start(server.pid);
    let measured = vote::measure(
        &charter,
        &pool,
        &secretariat,
        Electorate::Network,
        &delegates,
        setup.rounds,
    )
    .await;
    let peak = sampler.finish().await;
    pool.close().await;
    server.stop()?;
    Ok((measured?, peak))
}

/// Registers `count` member hubs, one after another (they all write the one roster
/// stream); their ids.
async fn register_hubs(
    charter: &Charter,
    secretariat: &str,
    count: usize,
) -> anyhow::Result<Vec<String>> {
    let mut hubs = Vec::with_capacity(count);
    for n in 0..count {
        let hub = charter
            .register_hub(secretariat, &format!("h{n}"), JOINED)
            .await?
            .expect_ok("registering a member hub")?
            .text("hub_id")
            .context("the registered hub has no id")?;
        hubs.push(hub);
    }
    Ok(hubs)
}

/// A token for a new delegate of each hub, appointed from today; in the order of `hubs`.
async fn appoint_delegates(
    exe: &Path,
    database_url: &str,
    policy_file: &Path,
    hubs: &[String],
) -> anyhow::Result<Vec<String>> {
    stream::iter(hubs.iter().enumerate())
        .map(|(n, hub)| async move {
            let enrolment = Enrolment {
                hub: Some(hub),
                policy: Some(policy_file),
                ..Enrolment::default()
            };
            let name = format!("Bench Delegate {n}");
            let issued = issue_token(exe, database_url, Role::Delegate, &name, enrolment).await?;
            Ok::<_, anyhow::Error>(issued.token)
        })
        .buffered(ISSUING_AT_ONCE)
        .try_collect()
        .await
}

#[cfg(test)]
mod tests {
    use super::bench_policy;
    use charter_domain::policy::{Electorate, Policy};

    #[test]
    fn the_benchmark_policy_is_the_default_with_rejections_put_to_the_network() {
        let policy = bench_policy().ok();
        let default = Policy::from_toml(charter_domain::policy::DEFAULT_POLICY).ok();
        let network = policy.as_ref().map(|p| p.motions.rejection.electorate);
        assert_eq!(network, Some(Electorate::Network));
        let shown = policy.map(|p| p.to_toml());
        let read_back = shown
            .as_deref()
            .and_then(|text| Policy::from_toml(text).ok());
        assert!(
            read_back.is_some(),
            "the server must accept the written file"
        );
        let mut undone = read_back;
        if let (Some(undone), Some(default)) = (&mut undone, &default) {
            undone.version = default.version.clone();
            undone.motions.rejection.electorate = Electorate::Committee;
        }
        assert_eq!(undone, default, "nothing else differs from the default");
    }
}
