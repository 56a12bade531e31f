//! Logs: `tracing` with an `EnvFilter` (`RUST_LOG`) to standard error, as text (coloured
//! only on a terminal, so that a file or a journal gets no escape codes) or as one JSON
//! object a line for a log collector; and what the build was made from.

use clap::ValueEnum;
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// The version and the commit the binary was built from (see `build.rs`), as
/// `--version` prints them.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("CHARTER_COMMIT"),
    ")"
);

/// The short hash of the commit the binary was built from, "unknown" when built outside
/// a git repository.
pub const COMMIT: &str = env!("CHARTER_COMMIT");

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object a line, with the request's span (method, path, request and trace
    /// ids) in `span`.
    Json,
}

/// Installs the global subscriber once, writing text; later calls are ignored (tests call
/// it often).
pub fn init() {
    init_as(LogFormat::Text);
}

/// Installs the global subscriber once, writing `format`; later calls are ignored.
pub fn init_as(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder
            .with_ansi(std::io::stderr().is_terminal())
            .try_init(),
        LogFormat::Json => builder.json().with_span_list(false).try_init(),
    };
}
