//! The `charter` program run as a process of its own (the `charter-cli` binary of the tests
//! package, built from the same `charter_api::cli::main` as the real one), for the tests of
//! its exit status, its output and its logs.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The `charter` program, with the environment variables it reads cleared (a developer's
/// `DATABASE_URL` must not leak into a test) and logs at `info`.
pub fn charter_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_charter-cli"));
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().into_owned();
        if name == "DATABASE_URL" || name.starts_with("CHARTER_") {
            command.env_remove(name);
        }
    }
    command.env("RUST_LOG", "info");
    command
}

/// What a finished run of `charter` gave.
#[derive(Debug)]
pub struct Ran {
    /// The exit status's code (`None` when a signal ended it).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Ran {
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Runs `charter args...` on `database_url`, with key and anchor directories of the
/// database's own (under `dir`), and waits for it to finish.
pub fn charter(database_url: &str, dir: &std::path::Path, args: &[&str]) -> Ran {
    charter_command()
        .arg("--database-url")
        .arg(database_url)
        .arg("--key-dir")
        .arg(dir.join("keys"))
        .arg("--anchor-dir")
        .arg(dir.join("anchors"))
        .args(args)
        .output()
        .expect("run charter")
        .into()
}

/// A scratch directory for one test's files, removed when dropped.
#[derive(Debug)]
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// A new empty directory under the system's temporary directory.
    pub fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("charter-cli-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        Self(dir)
    }
}

impl Default for Scratch {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
