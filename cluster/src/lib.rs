//! A PostgreSQL cluster of one's own (`initdb` in a temporary directory, on a port of its
//! own) and streaming standbys of it (`pg_basebackup -R`): for the tests that stop, crash
//! or replicate a server, and for the benchmark's reads on a replica (metric 11). The
//! machine's shared server has no standby, and its configuration is not theirs to change.
//! Each cluster is stopped and removed when dropped, also when a step fails.

use anyhow::{bail, Context};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A private PostgreSQL cluster in a temporary directory, on a port of its own.
#[derive(Debug)]
pub struct PrivateCluster {
    dir: PathBuf,
    bin: PathBuf,
    pub port: u16,
}

/// The directory of the PostgreSQL server programs; `None` when this machine has none.
pub fn server_programs() -> Option<PathBuf> {
    let bin = Command::new("pg_config").arg("--bindir").output().ok()?;
    let bin = PathBuf::from(String::from_utf8_lossy(&bin.stdout).trim());
    bin.join("initdb").exists().then_some(bin)
}

impl PrivateCluster {
    /// Creates and starts a cluster with the server programs in `bin`. Its defaults
    /// (`wal_level = replica`, WAL senders, `trust` for loopback replication connections)
    /// are what a standby needs.
    pub fn start(bin: &Path) -> anyhow::Result<Self> {
        let cluster = Self {
            dir: cluster_dir()?,
            bin: bin.to_owned(),
            port: free_port()?,
        };
        let data = cluster.data();
        let init = ["-D", &data, "-A", "trust", "-U", "postgres", "--no-sync"];
        succeeded("initdb", run(bin, "initdb", &init)?)?;
        cluster.start_server()?;
        Ok(cluster)
    }

    /// A hot standby of this (running) cluster: a base backup taken with `pg_basebackup -R`,
    /// started on a port of its own, streaming this cluster's WAL and replaying it.
    pub fn standby(&self) -> anyhow::Result<Self> {
        let standby = Self {
            dir: cluster_dir()?,
            bin: self.bin.clone(),
            port: free_port()?,
        };
        let (port, data) = (self.port.to_string(), standby.data());
        let backup = [
            "-h",
            "127.0.0.1",
            "-p",
            &port,
            "-U",
            "postgres",
            "-D",
            &data,
            "-R",
            "-X",
            "stream",
            // At once, not spread over the checkpoint interval (minutes).
            "--checkpoint=fast",
            "--no-sync",
        ];
        succeeded("pg_basebackup", run(&self.bin, "pg_basebackup", &backup)?)?;
        standby.start_server()?;
        Ok(standby)
    }

    /// The URL of database `name` on this cluster.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    fn data(&self) -> String {
        self.dir.join("data").to_string_lossy().into_owned()
    }

    /// Stops the server at once, as a crash would (no checkpoint, connections cut).
    pub fn crash(&self) -> anyhow::Result<()> {
        let stop = ["-D", &self.data(), "-m", "immediate", "-w", "stop"];
        succeeded("pg_ctl stop", run(&self.bin, "pg_ctl", &stop)?)
    }

    /// Starts the (stopped) server again and waits until it accepts connections.
    pub fn start_again(&self) -> anyhow::Result<()> {
        self.start_server()
    }

    /// Starts the server and waits until it accepts connections.
    fn start_server(&self) -> anyhow::Result<()> {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c fsync=on",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("log").to_string_lossy().into_owned();
        let args = [
            "-D",
            &self.data(),
            "-o",
            &options,
            "-l",
            &log,
            "-w",
            "start",
        ];
        let started = run(&self.bin, "pg_ctl", &args)?;
        if !started.status.success() {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            bail!(
                "pg_ctl start on port {} failed: {}\n{}",
                self.port,
                String::from_utf8_lossy(&started.stderr).trim(),
                log.trim()
            );
        }
        Ok(())
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        // A test may have crashed it and left it stopped.
        if self.dir.join("data").join("postmaster.pid").exists() {
            if let Err(error) = self.crash() {
                tracing::warn!(
                    port = self.port,
                    "could not stop the private cluster: {error:#}"
                );
            }
        }
        if let Err(error) = std::fs::remove_dir_all(&self.dir) {
            tracing::warn!(dir = %self.dir.display(), "could not remove the private cluster: {error}");
        }
    }
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("no free loopback port")?;
    Ok(listener.local_addr()?.port())
}

/// A new temporary directory that the `postgres` user owns when this process runs as root
/// (the server programs then run as `postgres`).
fn cluster_dir() -> anyhow::Result<PathBuf> {
    let name = format!("charter-pg-{}", uuid::Uuid::new_v4().simple());
    let dir = std::env::temp_dir().join(name);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    if is_root() {
        let chown = Command::new("chown")
            .arg("postgres:postgres")
            .arg(&dir)
            .output()
            .context("cannot run chown")?;
        succeeded("chown postgres", chown)?;
    }
    Ok(dir)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

/// Runs a PostgreSQL program, as the `postgres` user when running as root (PostgreSQL
/// refuses to run as root).
fn run(bin: &Path, program: &str, args: &[&str]) -> anyhow::Result<Output> {
    let program = bin.join(program);
    let mut command = if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(&program);
        command
    } else {
        Command::new(&program)
    };
    command
        .args(args)
        .output()
        .with_context(|| format!("cannot run {}", program.display()))
}

/// `Ok` when the program succeeded, otherwise an error with what it wrote.
fn succeeded(what: &str, output: Output) -> anyhow::Result<()> {
    if !output.status.success() {
        bail!(
            "{what} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}
