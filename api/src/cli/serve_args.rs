//! The flags of `charter serve` (and of `charter demo`'s mail).

use crate::http::metrics::MetricsFrom;
use crate::settings::{MailSettings, MailTransport, Timeouts};
use clap::builder::RangedU64ValueParser;
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// A size in bytes, at least one: a limit of 0 would refuse every body.
fn positive_size() -> RangedU64ValueParser<usize> {
    RangedU64ValueParser::new().range(1..)
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CHARTER_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// A TOML gate policy; the built-in default policy when absent, or with `--demo` the
    /// demo's own (`demo/policy.toml`: the default, with appeals decided by the network).
    #[arg(long, env = "CHARTER_POLICY")]
    pub policy: Option<PathBuf>,
    /// The largest document upload accepted, in bytes.
    #[arg(long, env = "CHARTER_MAX_UPLOAD_BYTES", default_value_t = 25 * 1024 * 1024, value_parser = positive_size())]
    pub max_upload_bytes: usize,
    /// The largest JSON body accepted, in bytes.
    #[arg(long, env = "CHARTER_MAX_JSON_BYTES", default_value_t = 256 * 1024, value_parser = positive_size())]
    pub max_json_bytes: usize,
    /// Seconds a client may take to send a request's head (from when the connection is
    /// ready for one, also between requests kept alive); then the connection is closed.
    #[arg(long, env = "CHARTER_HEADER_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: u64,
    /// Seconds a client may take to send a request's body (an upload of
    /// --max-upload-bytes must arrive in this time); then 408.
    #[arg(long, env = "CHARTER_BODY_TIMEOUT", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout: u64,
    /// Seconds a whole request may take, from its head to the head of its answer; then
    /// 503 with Retry-After.
    #[arg(long, env = "CHARTER_REQUEST_TIMEOUT", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout: u64,
    /// Seconds requests in flight may take to finish after SIGTERM or Ctrl-C; then their
    /// connections are dropped and the server stops.
    #[arg(long, env = "CHARTER_SHUTDOWN_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub shutdown_timeout: u64,
    /// Origins whose scripts may call the API from a browser (CORS), comma-separated, each
    /// scheme://host[:port], or `*` for any; none by default.
    #[arg(long, env = "CHARTER_CORS_ORIGINS", default_value = "", value_parser = crate::http::cors::parse_origins)]
    pub cors_origins: crate::http::cors::CorsOrigins,
    /// Seconds to keep trying to reach PostgreSQL at start (it may still be starting, as
    /// beside the server in a container group), once a second, logging each failed
    /// attempt; then the server stops with the last error. 0 tries once.
    #[arg(long, env = "CHARTER_DB_WAIT_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub db_wait_seconds: u64,
    /// Who may read the Prometheus metrics at /metrics: `loopback` answers only clients
    /// on this machine (a scraper on the same host, or behind a proxy that adds its own
    /// access rules) and refuses others with 403; `any` answers everyone.
    #[arg(long, env = "CHARTER_METRICS_FROM", value_enum, default_value_t = MetricsFrom::Loopback)]
    pub metrics_from: MetricsFrom,
    /// A streaming replica of the database (a hot standby) to serve reads from. A read that
    /// must show a write (its Consistency-Token, or the caller's own latest write) waits for
    /// the replica to have replayed it, at most --replica-wait-ms, then reads the primary.
    /// Commands always go to the primary.
    #[arg(long, env = "CHARTER_REPLICA_URL", hide_env_values = true)]
    pub replica_url: Option<String>,
    /// How long, in milliseconds, a read waits for the replica to reach what it must show
    /// before the primary serves it.
    #[arg(long, env = "CHARTER_REPLICA_WAIT_MS", default_value_t = 500, value_parser = clap::value_parser!(u64).range(0..=60_000))]
    pub replica_wait_ms: u64,
    /// How many connections to the replica are kept.
    #[arg(long, env = "CHARTER_REPLICA_CONNECTIONS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub replica_connections: u32,
    /// Load the demo network first when the event store is empty (as `charter demo`);
    /// with events already there, serve them as they are. Either way under the demo's
    /// policy unless `--policy` names another.
    #[arg(long)]
    pub demo: bool,
    /// Decide and send no messages from this instance (another instance on the same
    /// database sends them all).
    #[arg(long)]
    pub no_notifications: bool,
    /// How often, in seconds, a checkpoint of the history is signed (when it grew) and
    /// written to the anchor directory.
    #[arg(
        long,
        env = "CHARTER_CHECKPOINT_INTERVAL_SECONDS",
        default_value_t = crate::settings::DEFAULT_CHECKPOINT_INTERVAL.as_secs(),
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub checkpoint_interval_seconds: u64,
    #[command(flatten)]
    pub mail: MailArgs,
}

/// Where messages go.
#[derive(Debug, Clone, Args)]
pub struct MailArgs {
    /// The mail server messages are sent through, e.g. `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:pass@host:465` (TLS). Without it, messages are written
    /// into the maildir instead (see --maildir).
    #[arg(long, env = "CHARTER_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of every message.
    #[arg(
        long,
        env = "CHARTER_MAIL_FROM",
        default_value = "Charter <charter@localhost>"
    )]
    pub mail_from: String,
    /// Where the server keeps its files.
    #[arg(long, env = "CHARTER_DATA_DIR", default_value = "charter-data")]
    pub data_dir: PathBuf,
    /// The maildir messages are written into when no mail server is configured; any mail
    /// reader opens it (e.g. `mutt -f charter-data/mail`). Default: `<data-dir>/mail`.
    #[arg(long, env = "CHARTER_MAILDIR")]
    pub maildir: Option<PathBuf>,
    /// The address people reach the server at, which links in messages start with
    /// (default: `http://<listen address>`).
    #[arg(long, env = "CHARTER_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// How many hours a webhook endpoint may fail without a success before its next
    /// failure disables it.
    #[arg(
        long,
        env = "CHARTER_WEBHOOK_DISABLE_AFTER_HOURS",
        default_value_t = 72,
        value_parser = clap::value_parser!(u64).range(1..=100_000)
    )]
    pub webhook_disable_after_hours: u64,
}

impl ServeArgs {
    /// The timeouts these flags give.
    pub fn timeouts(&self) -> Timeouts {
        Timeouts {
            header: Duration::from_secs(self.header_timeout),
            body: Duration::from_secs(self.body_timeout),
            request: Duration::from_secs(self.request_timeout),
            shutdown: Duration::from_secs(self.shutdown_timeout),
        }
    }
}

impl MailArgs {
    /// The settings these flags give, for a server listening on `listen`.
    pub fn settings(&self, listen: SocketAddr) -> MailSettings {
        MailSettings {
            transport: match &self.smtp_url {
                Some(url) => MailTransport::Smtp(url.clone()),
                None => MailTransport::Maildir(
                    self.maildir
                        .clone()
                        .unwrap_or_else(|| self.data_dir.join("mail")),
                ),
            },
            from: self.mail_from.clone(),
            public_url: Some(
                self.public_url
                    .clone()
                    .unwrap_or_else(|| format!("http://{listen}")),
            ),
            webhook_disable_after: std::time::Duration::from_secs(
                self.webhook_disable_after_hours.saturating_mul(3600),
            ),
            ..MailSettings::default()
        }
    }
}
