//! chromedriver in a process group of its own, so that ending the group ends Chromium and
//! every helper process it started, whatever state the test left them in.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where Chromium is, unless this environment variable says otherwise.
pub const CHROMIUM_ENV: &str = "CHARTER_CHROMIUM";
/// Where chromedriver is, unless this environment variable says otherwise.
pub const CHROMEDRIVER_ENV: &str = "CHARTER_CHROMEDRIVER";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How long chromedriver gets to answer after it starts: minutes are not unusual on a
/// loaded two-core machine while other tests build and run.
const READY_WITHIN: Duration = Duration::from_secs(60);
/// How long the blocking requests of [`Driver::request_blocking`] may take.
const BLOCKING_TIMEOUT: Duration = Duration::from_secs(20);

/// The Chromium binary, or a failure that says how to install it: CI installs it, so a
/// missing browser is a broken machine, not a reason to skip.
pub fn chromium() -> PathBuf {
    installed(CHROMIUM_ENV, CHROMIUM, "chromium")
}

fn installed(env: &str, default: &str, program: &str) -> PathBuf {
    let path = std::env::var_os(env)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    assert!(
        path.is_file(),
        "the browser tests need Chromium and chromedriver, and {} is missing: install \
         Debian's packages (`apt-get install chromium chromium-driver`), or set {env} to \
         where {program} is",
        path.display()
    );
    path
}

/// A running chromedriver; dropping it kills its process group (Chromium included).
#[derive(Debug)]
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts chromedriver on a free loopback port, its output appended to `log` and its
    /// (and Chromium's) temporary files in `temporary`, and waits until it says it is
    /// ready for sessions.
    pub async fn start(log: &Path, temporary: &Path) -> Self {
        let program = installed(CHROMEDRIVER_ENV, CHROMEDRIVER, "chromedriver");
        // Another process can take the free port between our probe and chromedriver's bind;
        // chromedriver then exits, and a second port is tried.
        for _ in 0..3 {
            let port = free_port();
            let mut driver = Self {
                child: spawn(&program, port, log, temporary),
                port,
            };
            if driver.wait_until_ready(log).await {
                return driver;
            }
        }
        panic!(
            "chromedriver did not start on three ports; its log is {}",
            log.display()
        );
    }

    /// chromedriver's base address, for fantoccini.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Whether chromedriver answered `/status` as ready; false if it exited first.
    async fn wait_until_ready(&mut self, log: &Path) -> bool {
        let client = reqwest::Client::new();
        let status = format!("{}status", self.url());
        let deadline = Instant::now() + READY_WITHIN;
        loop {
            if let Ok(Some(_)) = self.child.try_wait() {
                return false;
            }
            if let Ok(response) = client.get(&status).send().await {
                if let Ok(body) = response.json::<serde_json::Value>().await {
                    if body["value"]["ready"] == true {
                        return true;
                    }
                }
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer within {READY_WITHIN:?}; its log is {}",
                log.display()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// One request to chromedriver without the async runtime, for use in `Drop`: the
    /// answer's body, if it answered with 200.
    pub fn request_blocking(&self, method: &str, path: &str) -> Option<String> {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(BLOCKING_TIMEOUT)).ok()?;
        stream.set_write_timeout(Some(BLOCKING_TIMEOUT)).ok()?;
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\
             Content-Length: 0\r\n\r\n",
            self.port
        );
        (&stream).write_all(request.as_bytes()).ok()?;
        // chromedriver keeps the connection open whatever it is told, so the body ends
        // where its Content-Length says.
        let mut answer = BufReader::new(&stream);
        let mut line = String::new();
        answer.read_line(&mut line).ok()?;
        let status_ok = line.split_whitespace().nth(1) == Some("200");
        let mut length = 0;
        loop {
            line.clear();
            answer.read_line(&mut line).ok()?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().ok()?;
                }
            }
        }
        let mut body = vec![0; length];
        answer.read_exact(&mut body).ok()?;
        status_ok.then(|| String::from_utf8(body).ok()).flatten()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group is chromedriver's pid, held until the `wait` below reaps it, so this
        // cannot reach a stranger's processes.
        if let Some(group) = rustix::process::Pid::from_raw(self.child.id() as i32) {
            let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
        }
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

fn spawn(program: &Path, port: u16, log: &Path, temporary: &Path) -> Child {
    let output = File::options()
        .create(true)
        .append(true)
        .open(log)
        .unwrap_or_else(|error| panic!("open {}: {error}", log.display()));
    let errors = output.try_clone().expect("a second handle on the log");
    use std::os::unix::process::CommandExt;
    Command::new(program)
        .arg(format!("--port={port}"))
        // Info would log every script sent, axe-core's 650 kB each time.
        .arg("--log-level=WARNING")
        .env("TMPDIR", temporary)
        .stdin(Stdio::null())
        .stdout(output)
        .stderr(errors)
        .process_group(0)
        .spawn()
        .unwrap_or_else(|error| panic!("start {}: {error}", program.display()))
}
