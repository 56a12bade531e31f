//! The server in a process of its own, so that a test can kill it (SIGKILL) and start it
//! again, or run two of them on one database.
//!
//! The process is this test binary again, running the ignored test
//! `faults::child::serve`, which serves the database named in its environment until it
//! is killed.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The environment variables the child server reads.
pub const DATABASE_ENV: &str = "CHARTER_CHILD_DATABASE_URL";
pub const LISTEN_ENV: &str = "CHARTER_CHILD_LISTEN";
/// The mail server the child sends through, when the test runs one.
pub const SMTP_ENV: &str = "CHARTER_CHILD_SMTP_URL";

/// A server process.
#[derive(Debug)]
pub struct ServerProcess {
    child: Child,
    pub address: String,
    port: u16,
    database_url: String,
    smtp_url: Option<String>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

fn spawn(database_url: &str, port: u16, smtp_url: Option<&str>) -> Child {
    let exe = std::env::current_exe().expect("the test binary");
    let mut command = Command::new(exe);
    if let Some(smtp_url) = smtp_url {
        command.env(SMTP_ENV, smtp_url);
    }
    command
        .args([
            "--exact",
            "faults::child::serve",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DATABASE_ENV, database_url)
        .env(LISTEN_ENV, format!("127.0.0.1:{port}"))
        .env(
            "RUST_LOG",
            std::env::var("RUST_LOG").unwrap_or_else(|_| "error".to_owned()),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the server process")
}

impl ServerProcess {
    /// Starts a server on `database_url` and waits until it answers.
    pub async fn start(database_url: &str) -> Self {
        Self::start_mailing(database_url, None).await
    }

    /// Starts a server on `database_url` that sends its mail through `smtp_url` (when
    /// given), and waits until it answers.
    pub async fn start_mailing(database_url: &str, smtp_url: Option<&str>) -> Self {
        let port = free_port();
        let server = Self {
            child: spawn(database_url, port, smtp_url),
            address: format!("http://127.0.0.1:{port}"),
            port,
            database_url: database_url.to_owned(),
            smtp_url: smtp_url.map(str::to_owned),
        };
        server.wait_until_answering().await;
        server
    }

    async fn wait_until_answering(&self) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if client
                .get(format!("{}/healthz", self.address))
                .timeout(Duration::from_secs(1))
                .send()
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server process did not answer within 30 s");
    }

    /// Kills the process without warning (SIGKILL): nothing is flushed or finished.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the server again, on the same port and database, and waits until it answers.
    pub async fn restart(&mut self) {
        self.kill();
        self.child = spawn(&self.database_url, self.port, self.smtp_url.as_deref());
        self.wait_until_answering().await;
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
