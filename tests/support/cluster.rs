//! A PostgreSQL server of the test's own, so that it can be stopped and started without
//! disturbing the other tests (which share the machine's server), and a streaming standby
//! of it (`initdb`, then `pg_basebackup -R`), for the reads served from a replica.

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

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A temporary directory the `postgres` user owns.
fn cluster_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("charter-pg-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("a directory for the cluster");
    let _ = Command::new("chown")
        .args(["postgres:postgres"])
        .arg(&dir)
        .output();
    dir
}

/// The directory of the PostgreSQL server programs; `None` (the test is skipped, saying
/// why) when this machine has none.
fn server_programs() -> Option<PathBuf> {
    let bin = Command::new("pg_config").arg("--bindir").output().ok()?;
    let bin = PathBuf::from(String::from_utf8_lossy(&bin.stdout).trim());
    if !bin.join("initdb").exists() {
        eprintln!("skipped: no initdb in {}", bin.display());
        return None;
    }
    Some(bin)
}

/// Runs a PostgreSQL program, as the `postgres` user when running as root (PostgreSQL
/// refuses to run as root).
fn run(bin: &Path, program: &str, args: &[&str]) -> Output {
    let program = bin.join(program);
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0");
    let mut command = if root {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(&program);
        command
    } else {
        Command::new(&program)
    };
    command
        .args(args)
        .output()
        .expect("run a PostgreSQL program")
}

impl PrivateCluster {
    /// Creates and starts a cluster; `None` (and the test is skipped, saying why) when this
    /// machine has no PostgreSQL server programs.
    pub fn start() -> Option<Self> {
        let bin = server_programs()?;
        let dir = cluster_dir();
        let data = dir.join("data");
        let data = data.to_str().expect("a UTF-8 path");
        let init = run(
            &bin,
            "initdb",
            &["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"],
        );
        assert!(
            init.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&init.stderr)
        );
        let cluster = Self {
            dir,
            bin,
            port: free_port(),
        };
        cluster.start_again();
        Some(cluster)
    }

    /// A hot standby of this (running) cluster: a base backup taken with `pg_basebackup -R`,
    /// started on a port of its own, streaming this cluster's WAL and replaying it.
    pub fn standby(&self) -> Self {
        let dir = cluster_dir();
        let data = dir.join("data");
        let port = self.port.to_string();
        let backup = run(
            &self.bin,
            "pg_basebackup",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &port,
                "-U",
                "postgres",
                "-D",
                data.to_str().expect("a UTF-8 path"),
                "-R",
                "-X",
                "stream",
                // At once, not spread over the checkpoint interval (minutes).
                "--checkpoint=fast",
                "--no-sync",
            ],
        );
        assert!(
            backup.status.success(),
            "pg_basebackup: {}",
            String::from_utf8_lossy(&backup.stderr)
        );
        let standby = Self {
            dir,
            bin: self.bin.clone(),
            port: free_port(),
        };
        standby.start_again();
        standby
    }

    fn data(&self) -> String {
        self.dir.join("data").to_string_lossy().into_owned()
    }

    /// Starts the (stopped) server and waits until it accepts connections.
    pub fn start_again(&self) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c fsync=on",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("log").to_string_lossy().into_owned();
        let started = run(
            &self.bin,
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-o",
                &options,
                "-l",
                &log,
                "-w",
                "start",
            ],
        );
        assert!(
            started.status.success(),
            "pg_ctl start: {}",
            String::from_utf8_lossy(&started.stderr)
        );
    }

    /// Stops the server at once, as a crash would (no checkpoint, connections cut).
    pub fn crash(&self) {
        let stopped = run(
            &self.bin,
            "pg_ctl",
            &["-D", &self.data(), "-m", "immediate", "-w", "stop"],
        );
        assert!(
            stopped.status.success(),
            "pg_ctl stop: {}",
            String::from_utf8_lossy(&stopped.stderr)
        );
    }

    /// The URL of database `name` on this cluster.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        let _ = run(
            &self.bin,
            "pg_ctl",
            &["-D", &self.data(), "-m", "immediate", "stop"],
        );
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
