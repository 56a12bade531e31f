//! Metric 10: the web pages on the demo network grown tenfold.
//!
//! `charter demo --scale N` loads the demo's stories N times into a database of this
//! metric's own (the demo loads only into an empty store), a server is started on it with
//! its mail in a maildir, one person per role signs in through the pages with the code
//! mailed to them and walks through every page of their role ([`tour`]), and a few
//! clients request all those pages over and over for a fixed window. Each request runs
//! from sending to the last byte of the page.

mod browser;
mod links;
mod tour;

use crate::database::BenchDatabase;
use crate::limit::Limit;
use crate::report::{verdict, Row};
use crate::rss::RssSampler;
use crate::server::{Notifications, Server};
use crate::stats::{ms, thousands, Latencies};
use anyhow::{bail, Context};
use browser::Browser;
use sqlx::PgPool;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What every page must answer within, at p99.
const P99_TARGET: Duration = Duration::from_millis(50);

/// Who signs in for each role, as the demo enrols them; the panelist is the one who sits
/// on the most panels, found in the store ([`tour::busiest_panelist`]).
const SECRETARIAT: &str = "elena.marchetti@network.example";
/// Seated from the first day of the story, so in the electorate of every vote.
const COMMITTEE: &str = "henrik.sorensen@network.example";
/// Curitiba's founder: a candidate with a document in and a revision request open.
const FOUNDER: &str = "mariana@curitiba.hub.example";

/// The roles whose pages are timed, in the report's order.
#[derive(Debug, Clone, Copy)]
enum Role {
    Secretariat,
    Committee,
    Panelist,
    Founder,
}

impl Role {
    const ALL: [Role; 4] = [
        Role::Secretariat,
        Role::Committee,
        Role::Panelist,
        Role::Founder,
    ];

    fn name(self) -> &'static str {
        match self {
            Role::Secretariat => "secretariat",
            Role::Committee => "committee",
            Role::Panelist => "panelist",
            Role::Founder => "founder",
        }
    }

    /// The address of the person who signs in for the role.
    async fn address(self, pool: &PgPool) -> anyhow::Result<String> {
        Ok(match self {
            Role::Secretariat => SECRETARIAT.to_owned(),
            Role::Committee => COMMITTEE.to_owned(),
            Role::Panelist => tour::busiest_panelist(pool).await?,
            Role::Founder => FOUNDER.to_owned(),
        })
    }

    /// The role's pages, found by the signed-in `browser`.
    async fn pages(self, browser: &mut Browser, pool: &PgPool) -> anyhow::Result<Vec<tour::Page>> {
        match self {
            Role::Secretariat => tour::secretariat(browser, pool).await,
            Role::Committee => tour::committee(browser, pool).await,
            Role::Panelist => tour::panelist(browser, pool).await,
            Role::Founder => tour::founder(browser, pool).await,
        }
    }
}

/// A page one person requests: the report's label, the path, and their browser.
#[derive(Debug, Clone)]
struct Target {
    label: String,
    path: String,
    browser: Browser,
}

/// How the metric runs.
#[derive(Debug, Clone)]
pub struct Setup<'a> {
    pub exe: &'a Path,
    /// Any database on the PostgreSQL server (`--database-url`).
    pub server_url: &'a str,
    pub log_filter: &'a str,
    pub scale: usize,
    pub clients: usize,
    pub warmup: Duration,
    pub window: Duration,
    pub keep_db: bool,
}

/// What the clients saw.
#[derive(Debug)]
pub struct PageLatency {
    scale: usize,
    events: i64,
    applications: i64,
    loaded_in: Duration,
    clients: usize,
    window: Duration,
    pages: Vec<(String, Latencies)>,
    all: Latencies,
    errors: usize,
}

/// Loads the grown demo, signs everyone in and measures; the database and the data
/// directory are removed afterwards whatever happened (the database kept with `keep_db`).
pub async fn measure(setup: &Setup<'_>) -> anyhow::Result<(PageLatency, Option<f64>)> {
    let database = BenchDatabase::create_for(setup.server_url, "_pages").await?;
    let data_dir = std::env::temp_dir().join(format!("charter_bench_{}_pages", std::process::id()));
    let outcome = measure_on(setup, &database, &data_dir).await;
    if !setup.keep_db {
        if let Err(error) = database.drop_database().await {
            tracing::warn!(database = %database.name, "could not drop the pages' database: {error:#}");
        }
    }
    let _ = std::fs::remove_dir_all(&data_dir);
    outcome
}

async fn measure_on(
    setup: &Setup<'_>,
    database: &BenchDatabase,
    data_dir: &Path,
) -> anyhow::Result<(PageLatency, Option<f64>)> {
    tracing::info!(scale = setup.scale, "loading the demo network");
    let started = Instant::now();
    load_demo(setup, &database.url, data_dir).await?;
    let loaded_in = started.elapsed();
    let pool = database.pool(1).await?;
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&pool)
        .await?;
    let applications: i64 =
        sqlx::query_scalar("SELECT count(*) FROM events WHERE event_type = 'ApplicationOpened'")
            .fetch_one(&pool)
            .await
            .unwrap_or(0);
    tracing::info!(
        events,
        applications,
        seconds = loaded_in.as_secs_f64(),
        "demo loaded"
    );

    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let mail = Notifications::Maildir(data_dir.to_path_buf());
    let server = Server::start(setup.exe, &database.url, setup.log_filter, &mail, &http).await?;
    let maildir = data_dir.join("mail");
    let targets = walk_all(&pool, &http, &server.base_url, &maildir).await;
    pool.close().await;
    let mut targets = targets?;
    // Every page once more, unmeasured: each must answer 200 before it is timed.
    for target in &mut targets {
        let answer = target.browser.get(&target.path).await?;
        if answer.status != 200 {
            bail!(
                "{} ({}) answered {}: {}",
                target.label,
                target.path,
                answer.status,
                answer.body
            );
        }
    }
    let sampler = RssSampler::start(server.pid);
    let samples = load(&targets, setup).await;
    let peak = sampler.finish().await;
    server.stop()?;
    let samples = samples?;
    let errors = samples.iter().filter(|s| s.2 != 200).count();
    let pages = targets
        .iter()
        .enumerate()
        .map(|(index, target)| {
            let mine = samples
                .iter()
                .filter(|s| s.0 == index && s.2 == 200)
                .map(|s| s.1)
                .collect();
            (target.label.clone(), Latencies::new(mine))
        })
        .collect();
    let all = Latencies::new(samples.iter().filter(|s| s.2 == 200).map(|s| s.1).collect());
    Ok((
        PageLatency {
            scale: setup.scale,
            events,
            applications,
            loaded_in,
            clients: setup.clients,
            window: setup.window,
            pages,
            all,
            errors,
        },
        peak,
    ))
}

/// `charter demo --scale N` into the database, its documents and mail under `data_dir`.
async fn load_demo(setup: &Setup<'_>, database_url: &str, data_dir: &Path) -> anyhow::Result<()> {
    let mut command = Command::new(setup.exe);
    command
        .args(["demo", "--scale", &setup.scale.to_string()])
        .env("DATABASE_URL", database_url)
        .env("CHARTER_DATA_DIR", data_dir)
        .env_remove("CHARTER_SMTP_URL")
        .env("RUST_LOG", "error")
        .stdin(Stdio::null());
    let output = tokio::task::spawn_blocking(move || command.output())
        .await?
        .context("cannot run `charter demo`")?;
    if !output.status.success() {
        bail!(
            "`charter demo --scale {}` failed ({}): {}",
            setup.scale,
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

/// Signs one person per role in and walks through their pages; the pages to time.
async fn walk_all(
    pool: &PgPool,
    http: &reqwest::Client,
    base_url: &str,
    maildir: &Path,
) -> anyhow::Result<Vec<Target>> {
    let mut targets = Vec::new();
    for role in Role::ALL {
        let name = role.name();
        let address = role.address(pool).await?;
        let mut browser = Browser::new(http.clone(), base_url);
        browser
            .sign_in(&address, maildir)
            .await
            .with_context(|| format!("the {name} ({address}) could not sign in"))?;
        let pages = role
            .pages(&mut browser, pool)
            .await
            .with_context(|| format!("the {name} ({address}) could not open their pages"))?;
        tracing::info!(role = name, %address, pages = pages.len(), "signed in");
        targets.extend(pages.into_iter().map(|page| Target {
            label: format!("{name} {}", page.route),
            path: page.path,
            browser: browser.clone(),
        }));
    }
    Ok(targets)
}

/// `clients` tasks request the pages in turn for the warm-up and the window; the window's
/// samples as (page, latency, status).
async fn load(
    targets: &[Target],
    setup: &Setup<'_>,
) -> anyhow::Result<Vec<(usize, Duration, u16)>> {
    let start = Instant::now();
    let (measured_from, until) = (start + setup.warmup, start + setup.warmup + setup.window);
    let tasks: Vec<_> = (0..setup.clients)
        .map(|client| {
            let mut mine: Vec<(usize, Target)> = targets.iter().cloned().enumerate().collect();
            mine.rotate_left(client % targets.len().max(1));
            tokio::spawn(async move {
                let mut samples = Vec::new();
                for n in 0.. {
                    let sent = Instant::now();
                    if sent >= until {
                        break;
                    }
                    let count = mine.len();
                    let (index, target) = &mut mine[n % count];
                    let answer = target.browser.get(&target.path).await?;
                    if sent >= measured_from {
                        samples.push((*index, answer.latency, answer.status));
                    }
                }
                anyhow::Ok(samples)
            })
        })
        .collect();
    let mut samples = Vec::new();
    for task in tasks {
        samples.extend(task.await??);
    }
    Ok(samples)
}

impl PageLatency {
    /// The table's row.
    pub fn row(&self, limit: &Limit, peak_rss_mib: Option<f64>) -> Row {
        let worst = self
            .pages
            .iter()
            .max_by_key(|(_, latencies)| latencies.p99())
            .map(|(label, latencies)| (label.as_str(), latencies.p99()))
            .unwrap_or(("none", Duration::ZERO));
        let per_page: Vec<String> = self
            .pages
            .iter()
            .map(|(label, l)| format!("{label} {} / {}", ms(l.p50()), ms(l.p99())))
            .collect();
        let measured = self.all.len();
        let errors = if self.errors > 0 {
            format!(", {} not 200", self.errors)
        } else {
            String::new()
        };
        Row {
            metric: format!(
                "10. Pages on the demo network ×{} ({} applications, {} events)",
                self.scale,
                thousands(u64::try_from(self.applications).unwrap_or(0)),
                thousands(u64::try_from(self.events).unwrap_or(0)),
            ),
            figure: format!(
                "all pages p50 {}, p99 {} ({} requests{errors}, {} clients, {} s; demo loaded in {} s); p50 / p99 per page: {}",
                ms(self.all.p50()),
                ms(self.all.p99()),
                thousands(measured as u64),
                self.clients,
                self.window.as_secs(),
                self.loaded_in.as_secs(),
                per_page.join("; ")
            ),
            target: "p99 ≤ 50 ms on every page".to_owned(),
            verdict: format!(
                "{}: worst p99 {:.2}× target ({}); p50 of all = {:.1}× one INSERT commit",
                verdict(worst.1 <= P99_TARGET && self.errors == 0 && measured > 0),
                worst.1.as_secs_f64() / P99_TARGET.as_secs_f64(),
                worst.0,
                self.all.p50().as_secs_f64() / limit.commit_time().as_secs_f64()
            ),
            peak_rss_mib,
        }
    }
}
