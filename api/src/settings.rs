//! The server's settings, from flags and environment (see `cli/args.rs`) with defaults that work
//! on a developer machine.

use crate::http::cors::CorsOrigins;
use crate::http::metrics::MetricsFrom;
use charter_domain::Policy;
use charter_notifications::outbox::deliver::Retry;
use charter_notifications::webhooks::send::DISABLE_AFTER;
use charter_projections::ProjectorSettings;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the key directory is unless configured.
pub const DEFAULT_KEY_DIR: &str = "charter-data/keys";

/// Where signed checkpoints of the history are written unless configured.
pub const DEFAULT_ANCHOR_DIR: &str = "charter-data/anchors";

/// How often the server signs a checkpoint of the history (when it grew) unless configured.
pub const DEFAULT_CHECKPOINT_INTERVAL: Duration = Duration::from_secs(5 * 60);

/// Everything `Server::build` needs besides the database pool.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    /// The largest JSON body accepted.
    pub max_json_bytes: usize,
    /// The largest document upload accepted.
    pub max_upload_bytes: usize,
    /// How long a read may wait for the projections to reach `min_position`.
    pub max_read_wait: Duration,
    /// How many times a command is retried when another write to the same aggregate won.
    pub command_attempts: u32,
    pub policy: Policy,
    pub projector: ProjectorSettings,
    /// How often the scheduler looks for votes past their closing time.
    pub scheduler_interval: Duration,
    pub mail: MailSettings,
    /// Whether this instance decides and sends messages (another instance on the same
    /// database may do it instead).
    pub notifications: bool,
    /// The key directory: the key material that opens secret ballots and personal data,
    /// and that signs checkpoints of the history, kept outside the database (see
    /// `charter_store::keys`). Each store has a folder of its own in it.
    pub key_dir: PathBuf,
    /// The anchor directory: each signed checkpoint of the history is written there as a
    /// JSON file (`<anchor dir>/<store id>/checkpoint-<tree size>-<time>.json`), for copying
    /// out of the server's reach (see `charter_store::history`).
    pub anchor_dir: PathBuf,
    /// How often the history worker signs a checkpoint, when the log grew; `None` runs no
    /// history worker (the demo's loading server: the real server catches the log up).
    pub checkpoint_interval: Option<Duration>,
    /// How often the history worker appends the events written meanwhile to the log (an
    /// event can be proved included once it is logged).
    pub history_poll: Duration,
    /// How long a client may take over each part of a request, and the server over its
    /// shutdown.
    pub timeouts: Timeouts,
    /// The origins whose scripts may call the API from a browser (CORS); none by default.
    pub cors_origins: CorsOrigins,
    /// Who may read `/metrics`.
    pub metrics_from: MetricsFrom,
    /// A streaming replica of the database that serves reads, if any.
    pub replica: Option<ReplicaSettings>,
}

/// A streaming replica (a hot standby of the database) that serves reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicaSettings {
    /// Its URL, as `DATABASE_URL` names the primary.
    pub url: String,
    /// How long a read that must show a position waits for the replica to reach it before
    /// the primary serves it.
    pub wait: Duration,
    /// How many connections to it are kept.
    pub connections: u32,
}

/// How long each part of a request may take, and the shutdown. A client slower than these
/// holds no connection, task or buffer longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// From the moment a connection is ready for a request (a new one, or one kept alive
    /// after its last answer) until the request's whole head has arrived; past it the
    /// connection is closed without an answer (none can be framed before a head is read).
    pub header: Duration,
    /// From the head's arrival until the whole body has arrived; past it the request is
    /// answered 408 (`request-timeout`) and nothing is written.
    pub body: Duration,
    /// From the head's arrival until the answer's head is ready; past it the request is
    /// answered 503 (`unavailable`, with `Retry-After`), and its work is dropped where it
    /// stands: a command may or may not have taken effect (its `Idempotency-Key` tells).
    pub request: Duration,
    /// After the stop signal, how long requests in flight may take to finish before their
    /// connections are dropped.
    pub shutdown: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            header: Duration::from_secs(10),
            body: Duration::from_secs(60),
            request: Duration::from_secs(120),
            shutdown: Duration::from_secs(30),
        }
    }
}

/// Where messages go and how they are written.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub transport: MailTransport,
    /// The sender of every message, `Name <address>`.
    pub from: String,
    /// The address links in messages start with; `http://<listen address>` when absent.
    pub public_url: Option<String>,
    pub retry: Retry,
    /// How often the delivery worker looks for messages that came due without a wake.
    pub poll: Duration,
    /// How long a message held for a daily digest waits (a day).
    pub digest_after: Duration,
    /// How long a webhook endpoint may fail without a success before its next failure
    /// disables it.
    pub webhook_disable_after: Duration,
}

/// How messages leave the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailTransport {
    /// A mail server: `smtp://user:pass@host:587?tls=required` (STARTTLS) or
    /// `smtps://user:pass@host:465` (TLS).
    Smtp(String),
    /// Files in a maildir directory, which any mail reader opens.
    Maildir(PathBuf),
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            transport: MailTransport::Maildir(PathBuf::from("charter-data/mail")),
            from: "Charter <charter@localhost>".to_owned(),
            public_url: None,
            retry: Retry::default(),
            poll: Duration::from_secs(5),
            digest_after: Duration::from_secs(24 * 3600),
            webhook_disable_after: DISABLE_AFTER,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_json_bytes: 256 * 1024,
            max_upload_bytes: 25 * 1024 * 1024,
            max_read_wait: Duration::from_secs(5),
            command_attempts: 10,
            policy: Policy::default(),
            projector: ProjectorSettings::default(),
            scheduler_interval: Duration::from_secs(5),
            mail: MailSettings::default(),
            notifications: true,
            key_dir: PathBuf::from(DEFAULT_KEY_DIR),
            anchor_dir: PathBuf::from(DEFAULT_ANCHOR_DIR),
            checkpoint_interval: Some(DEFAULT_CHECKPOINT_INTERVAL),
            history_poll: Duration::from_secs(2),
            timeouts: Timeouts::default(),
            cors_origins: CorsOrigins::None,
            metrics_from: MetricsFrom::default(),
            replica: None,
        }
    }
}

/// Why a policy file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum PolicyFileError {
    #[error("cannot read the policy file {path}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the policy file {path} cannot be used")]
    Invalid {
        path: String,
        source: charter_domain::policy::PolicyError,
    },
}

/// Loads and validates a TOML policy file; the embedded default when `path` is `None`.
pub fn load_policy(path: Option<&Path>) -> Result<Policy, PolicyFileError> {
    let Some(path) = path else {
        return Ok(Policy::default());
    };
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| PolicyFileError::Read {
        path: shown.clone(),
        source,
    })?;
    Policy::from_toml(&text).map_err(|source| PolicyFileError::Invalid {
        path: shown,
        source,
    })
}
