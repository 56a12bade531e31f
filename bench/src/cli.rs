//! The command line of `charter-bench`: where to measure, which metrics, how long.

use clap::Parser;

/// Measures Charter as its clients would: a release `charter` server started from beside
/// this binary, on a fresh database, driven over HTTP on loopback.
#[derive(Debug, Parser)]
#[command(name = "charter-bench", version, about)]
pub struct Cli {
    /// Any database on the PostgreSQL server to measure on; the benchmark creates its own
    /// database `charter_bench_<pid>` there and drops it at the end.
    #[arg(
        long,
        env = "CHARTER_BENCH_DATABASE_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    pub database_url: String,
    /// Smaller counts and shorter windows: a smoke run of about a minute.
    #[arg(long, env = "CHARTER_BENCH_QUICK")]
    pub quick: bool,
    /// Keep the benchmark database for a look afterwards.
    #[arg(long, env = "CHARTER_BENCH_KEEP_DB")]
    pub keep_db: bool,
    /// The server's log filter (its `RUST_LOG`); its log goes to this process's stderr.
    #[arg(long, env = "CHARTER_BENCH_SERVER_LOG", default_value = "warn")]
    pub server_log: String,
    /// The metrics to measure, by number (0, PostgreSQL's limit, always runs). Those a
    /// chosen one needs run too: 6 and 8 run at half of 2's rate, 7 compares with 1 on
    /// the store that 5 fills and rebuilds. 3b, 10 and 11 each need nothing else: `--metrics
    /// 11` measures only the reads on a streaming replica (and 0), `--metrics 3b` only the
    /// network's hot vote.
    #[arg(
        long,
        env = "CHARTER_BENCH_METRICS",
        value_delimiter = ',',
        default_value = "1,2,3,3b,4,5,6,7,8,9,10,11",
        value_parser = clap::builder::PossibleValuesParser::new(METRICS)
    )]
    pub metrics: Vec<String>,
    /// Metric 10: how many times the demo's stories are told (`charter demo --scale`).
    #[arg(long, env = "CHARTER_BENCH_DEMO_SCALE", default_value_t = 10)]
    pub demo_scale: usize,
    /// Metric 8's rate in commands (and messages) per second, instead of half of metric
    /// 2's: one the delivery worker can keep up with shows a message's own latency.
    #[arg(long, env = "CHARTER_BENCH_MAIL_RATE")]
    pub mail_rate: Option<f64>,
    /// Metric 11's rate in commands per second, each followed by a read with its
    /// Consistency-Token: a modest, steady load, the same with and without the replica.
    #[arg(long, env = "CHARTER_BENCH_REPLICA_RATE", default_value_t = 50.0)]
    pub replica_rate: f64,
}

/// Every metric `--metrics` takes. 3b is metric 3's hot vote put to the network, which
/// is why it has 3's number.
pub const METRICS: [&str; 12] = [
    "1", "2", "3", "3b", "4", "5", "6", "7", "8", "9", "10", "11",
];

/// The metrics measured on a database and a server of their own, after 0 and before the
/// others: a run of only these sets nothing else up.
pub const ON_THEIR_OWN: [&str; 3] = ["3b", "10", "11"];

impl Cli {
    /// Whether metric `n` runs: chosen, or needed by a chosen one.
    pub fn runs(&self, n: &str) -> bool {
        let chosen = |m: &str| self.metrics.iter().any(|chosen| chosen == m);
        chosen(n)
            || (n == "2" && (chosen("6") || (chosen("8") && self.mail_rate.is_none())))
            || (n == "1" && chosen("7"))
            || (n == "5" && chosen("7"))
    }

    /// Whether only metrics measured on their own run (besides 0).
    pub fn only_on_their_own(&self) -> bool {
        self.metrics
            .iter()
            .all(|m| ON_THEIR_OWN.contains(&m.as_str()))
    }
}
