//! The `charter` release binary as child processes: the server under test, and
//! `charter token issue` for the clients' tokens.

use anyhow::{bail, Context};
use futures::stream::{self, StreamExt, TryStreamExt};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long the server may take to apply migrations and become ready.
const READY_WITHIN: Duration = Duration::from_secs(120);

/// The `charter` binary beside this one (both are built into `target/release`).
pub fn charter_exe() -> anyhow::Result<PathBuf> {
    let own = std::env::current_exe().context("cannot tell where charter-bench runs from")?;
    let dir = own
        .parent()
        .context("charter-bench runs from no directory")?;
    let exe = dir.join(format!("charter{}", std::env::consts::EXE_SUFFIX));
    if !exe.is_file() {
        bail!(
            "the charter server binary is missing: expected {}. Build it first with \
             `cargo build --release --bin charter` (or build both with \
             `cargo build --release --bins` and run target/release/charter-bench)",
            exe.display()
        );
    }
    Ok(exe)
}

/// The server under test, in a process of its own.
#[derive(Debug)]
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    /// The process id, for sampling its memory.
    pub pid: u32,
}

/// Whether the server decides and sends messages, and where its mail goes.
#[derive(Debug, Clone)]
pub enum Notifications {
    /// Sent through the SMTP server at this URL (the benchmark's sink): never into a
    /// maildir under the working directory, as a server started without a mail server
    /// would write them.
    Smtp(String),
    /// `--no-notifications`: nothing decided, nothing sent.
    Off,
    /// Written into the maildir `mail/` of this data directory, where the server also
    /// keeps its documents (metric 10 reads the sign-in codes there).
    Maildir(PathBuf),
}

impl Server {
    /// Starts `charter serve` on a free loopback port against `database_url` and waits
    /// until `/readyz` answers 200. `log_filter` becomes the server's `RUST_LOG`.
    pub async fn start(
        exe: &Path,
        database_url: &str,
        log_filter: &str,
        notifications: &Notifications,
        http: &reqwest::Client,
    ) -> anyhow::Result<Self> {
        Self::start_with(exe, database_url, log_filter, notifications, http, &[]).await
    }

    /// [`Server::start`] with more flags of `charter serve` (metric 11's `--replica-url`).
    pub async fn start_with(
        exe: &Path,
        database_url: &str,
        log_filter: &str,
        notifications: &Notifications,
        http: &reqwest::Client,
        flags: &[String],
    ) -> anyhow::Result<Self> {
        let port = free_port()?;
        let listen = format!("127.0.0.1:{port}");
        let mut command = Command::new(exe);
        command.args(["serve", "--listen", &listen]).args(flags);
        match notifications {
            Notifications::Smtp(url) => command.env("CHARTER_SMTP_URL", url),
            Notifications::Off => command.arg("--no-notifications"),
            Notifications::Maildir(data_dir) => command
                .env_remove("CHARTER_SMTP_URL")
                .env("CHARTER_DATA_DIR", data_dir),
        };
        let child = command
            .env("DATABASE_URL", database_url)
            .env("RUST_LOG", log_filter)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("cannot start {}", exe.display()))?;
        let pid = child.id();
        let mut server = Self {
            child,
            base_url: format!("http://{listen}"),
            pid,
        };
        server.wait_until_ready(http).await?;
        Ok(server)
    }

    async fn wait_until_ready(&mut self, http: &reqwest::Client) -> anyhow::Result<()> {
        let started = Instant::now();
        let url = format!("{}/readyz", self.base_url);
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!("the server exited before it was ready ({status})");
            }
            // A slow answer is waited for, not asked again: servers before `ebeab93`
            // counted every event a projector was behind for each `/readyz`, seconds at a
            // million on a slow VM, and questions sent while the database still counted for
            // the last piled up and starved the projectors they waited for.
            let answer = http.get(&url).timeout(READY_WITHIN).send().await;
            if answer.is_ok_and(|answer| answer.status().is_success()) {
                return Ok(());
            }
            if started.elapsed() > READY_WITHIN {
                bail!(
                    "the server at {} was not ready within {} s",
                    self.base_url,
                    READY_WITHIN.as_secs()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Stops the server (SIGKILL: the database is dropped after, nothing needs flushing).
    pub fn stop(mut self) -> anyhow::Result<()> {
        self.kill()
    }

    fn kill(&mut self) -> anyhow::Result<()> {
        if self.child.try_wait()?.is_none() {
            self.child.kill()?;
            self.child.wait()?;
        }
        Ok(())
    }
}

/// A benchmark that fails or is interrupted leaves no server behind.
impl Drop for Server {
    fn drop(&mut self) {
        if let Err(error) = self.kill() {
            tracing::warn!(pid = self.pid, "could not stop the server: {error:#}");
        }
    }
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("no free loopback port")?;
    Ok(listener.local_addr()?.port())
}

/// A role `charter token issue` takes.
#[derive(Debug, Clone, Copy)]
pub enum Role {
    Applicant,
    Panelist,
    Committee,
    Secretariat,
    /// A delegate of a member hub, named in [`Enrolment::hub`].
    Delegate,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Panelist => "panelist",
            Role::Committee => "committee",
            Role::Secretariat => "secretariat",
            Role::Delegate => "delegate",
        }
    }
}

/// What `charter token issue` is told about a new person besides their role and name.
#[derive(Debug, Clone, Copy, Default)]
pub struct Enrolment<'a> {
    /// Their e-mail address, for the messages the server sends them.
    pub email: Option<&'a str>,
    /// For a delegate: the member hub they represent from today.
    pub hub: Option<&'a str>,
    /// The policy file the server runs with, whose version the roster events record.
    pub policy: Option<&'a Path>,
}

/// A token as `charter token issue` printed it.
#[derive(Debug, Clone)]
pub struct Issued {
    /// The bearer token.
    pub token: String,
    /// For an applicant: the application the token acts for.
    pub application: Option<String>,
    /// The person the token is for.
    pub person: Option<String>,
}

/// Issues one token per name, `concurrency` processes at a time. Each new person is
/// enrolled on the roster (a committee member is seated from today).
pub async fn issue_tokens(
    exe: &Path,
    database_url: &str,
    role: Role,
    names: Vec<String>,
    concurrency: usize,
) -> anyhow::Result<Vec<Issued>> {
    stream::iter(names)
        .map(|name| async move {
            issue_token(exe, database_url, role, &name, Enrolment::default()).await
        })
        .buffered(concurrency.max(1))
        .try_collect()
        .await
}

/// Issues one token, for a new person enrolled as `enrolment` says, trying again a few
/// times: concurrent enrolments write the one roster stream and may, rarely, keep
/// conflicting.
pub async fn issue_token(
    exe: &Path,
    database_url: &str,
    role: Role,
    name: &str,
    enrolment: Enrolment<'_>,
) -> anyhow::Result<Issued> {
    let mut last_error = None;
    for _ in 0..3 {
        match issue_once(exe, database_url, role, name, enrolment).await {
            Ok(issued) => return Ok(issued),
            Err(error) => last_error = Some(error),
        }
    }
    Err(last_error.unwrap_or_else(|| anyhow::anyhow!("no attempt was made")))
        .with_context(|| format!("cannot issue a {} token for {name}", role.as_str()))
}

async fn issue_once(
    exe: &Path,
    database_url: &str,
    role: Role,
    name: &str,
    enrolment: Enrolment<'_>,
) -> anyhow::Result<Issued> {
    let mut command = Command::new(exe);
    command.args(["token", "issue", "--role", role.as_str(), "--name", name]);
    if let Some(email) = enrolment.email {
        command.args(["--email", email]);
    }
    if let Some(hub) = enrolment.hub {
        command.args(["--hub", hub]);
    }
    if let Some(policy) = enrolment.policy {
        command.arg("--policy").arg(policy);
    }
    command
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "error")
        .stdin(Stdio::null());
    // The process is short; its wait blocks a thread of its own, not the runtime.
    let output = tokio::task::spawn_blocking(move || command.output())
        .await?
        .with_context(|| format!("cannot run {}", exe.display()))?;
    if !output.status.success() {
        bail!(
            "`charter token issue` failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    parse_issued(&String::from_utf8_lossy(&output.stdout))
}

/// Reads the `token:` and `application:` lines of `charter token issue`.
fn parse_issued(stdout: &str) -> anyhow::Result<Issued> {
    let field = |label: &str| {
        stdout.lines().find_map(|line| {
            line.strip_prefix(label)
                .and_then(|rest| rest.strip_prefix(':'))
                .map(|value| value.trim().to_owned())
        })
    };
    Ok(Issued {
        token: field("token").context("`charter token issue` printed no token")?,
        application: field("application"),
        person: field("person"),
    })
}

#[cfg(test)]
mod tests {
    use super::parse_issued;

    #[test]
    fn the_token_and_application_lines_are_read() {
        let printed = "token:       chr_abc\ntoken id:    1\nperson:      2\napplication: 3\n";
        let issued = parse_issued(printed).ok();
        assert_eq!(issued.as_ref().map(|i| i.token.as_str()), Some("chr_abc"));
        assert_eq!(
            issued.and_then(|i| i.application).as_deref(),
            Some("3"),
            "`token id:` must not be taken for `token:`"
        );
    }
}
