//! `charter serve` waits for PostgreSQL at start, for as long as it is told, logging each
//! attempt; then it serves, or stops saying why.

use super::run::{charter_command, Scratch};
use charter_tests::TestDatabase;
use std::net::TcpListener;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A port nothing listens on (for now).
pub(super) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// A `charter serve` process, killed when dropped; its standard error goes to a file.
pub(super) struct Serving {
    pub child: Child,
    pub address: String,
    pub log: std::path::PathBuf,
}

impl Serving {
    /// Starts `charter serve` on `url`, on a free port, with `extra` flags.
    pub(super) fn start(url: &str, scratch: &Scratch, extra: &[&str]) -> Self {
        let port = free_port();
        let log = scratch.0.join("stderr.log");
        let child = charter_command()
            .arg("--database-url")
            .arg(url)
            .arg("--key-dir")
            .arg(scratch.0.join("keys"))
            .arg("--anchor-dir")
            .arg(scratch.0.join("anchors"))
            .args(["--db-connections", "3", "serve", "--no-notifications"])
            .arg("--data-dir")
            .arg(&scratch.0)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("a log file"))
            .spawn()
            .expect("start charter serve");
        Self {
            child,
            address: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    /// Whether it answers `/healthz` within `limit`.
    pub(super) async fn answers_within(&self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        let client = reqwest::Client::new();
        while Instant::now() < deadline {
            let url = format!("{}/healthz", self.address);
            if client
                .get(url)
                .send()
                .await
                .is_ok_and(|r| r.status() == 200)
            {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    }

    /// What it has written to standard error so far.
    pub(super) fn stderr(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Forwards every connection to `port` on to `target`, from now on.
async fn forward(port: u16, target: String) {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("bind the forwarding port");
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            let target = target.clone();
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
}

#[tokio::test]
async fn serve_waits_for_postgresql_to_come_up_logging_each_attempt() {
    let database = TestDatabase::create().await;
    let scratch = Scratch::new();
    let mut url = url::Url::parse(&database.url()).expect("a URL");
    let target = format!(
        "{}:{}",
        url.host_str().expect("a host"),
        url.port().unwrap_or(5432)
    );
    // PostgreSQL "comes up" on this port only later: until then nothing listens there.
    let port = free_port();
    url.set_host(Some("127.0.0.1")).expect("a host");
    url.set_port(Some(port)).expect("a port");
    let server = Serving::start(url.as_str(), &scratch, &["--db-wait-seconds", "60"]);

    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert!(!server.answers_within(Duration::ZERO).await);
    forward(port, target).await;

    assert!(
        server.answers_within(Duration::from_secs(40)).await,
        "{}",
        server.stderr()
    );
    let log = server.stderr();
    let attempts = log.matches("the database cannot be reached yet").count();
    assert!(attempts >= 2, "{log}");
    assert!(log.contains(&format!("127.0.0.1:{port}")), "{log}");
    // Standard error is a file here, not a terminal: no colour codes.
    assert!(!log.contains('\u{1b}'), "{log:?}");
}

#[tokio::test]
async fn serve_gives_up_when_postgresql_stays_down_and_says_so() {
    let scratch = Scratch::new();
    let url = format!("postgres://postgres@127.0.0.1:{}/charter", free_port());
    let started = Instant::now();
    let mut server = Serving::start(&url, &scratch, &["--db-wait-seconds", "2"]);

    let status = loop {
        if let Some(status) = server.child.try_wait().expect("the process") {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{}",
            server.stderr()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };

    let log = server.stderr();
    assert_eq!(status.code(), Some(1), "{log}");
    assert!(
        log.matches("the database cannot be reached yet").count() >= 1,
        "{log}"
    );
    assert!(
        log.contains("gave up after") && log.contains("cannot reach PostgreSQL"),
        "{log}"
    );
}
