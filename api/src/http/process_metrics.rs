//! The process's part of `/metrics`: CPU time, resident memory, open file descriptors and
//! start time under the names Prometheus' own client libraries use (`process_*`), read
//! from `/proc` on Linux (elsewhere they are left out), and the build the process runs
//! (`charter_build_info`).

use crate::telemetry::COMMIT;
use std::fmt::Write;

/// The kernel reports `/proc/<pid>/stat` times in USER_HZ ticks, which it fixes at 100 a
/// second for user space on every architecture Charter runs on (whatever the kernel's
/// own tick rate).
const TICKS_PER_SECOND: f64 = 100.0;

/// Writes the process and build metrics in the Prometheus text format.
pub fn render(out: &mut String) {
    let _ = writeln!(
        out,
        "# HELP charter_build_info The version and commit this server was built from.\n\
         # TYPE charter_build_info gauge\n\
         charter_build_info{{version=\"{}\",commit=\"{COMMIT}\"}} 1",
        env!("CARGO_PKG_VERSION")
    );
    let Some(process) = Process::read() else {
        return;
    };
    let mut gauge = |name: &str, kind: &str, help: &str, value: f64| {
        let _ = writeln!(
            out,
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
        );
    };
    gauge(
        "process_cpu_seconds_total",
        "counter",
        "User and system CPU time spent, in seconds.",
        process.cpu_seconds,
    );
    if let Some(bytes) = process.resident_bytes {
        gauge(
            "process_resident_memory_bytes",
            "gauge",
            "Resident memory size in bytes.",
            bytes as f64,
        );
    }
    if let Some(fds) = process.open_fds {
        gauge(
            "process_open_fds",
            "gauge",
            "Open file descriptors.",
            fds as f64,
        );
    }
    if let Some(fds) = process.max_fds {
        gauge(
            "process_max_fds",
            "gauge",
            "The most file descriptors the process may open.",
            fds as f64,
        );
    }
    if let Some(start) = process.start_time_seconds {
        gauge(
            "process_start_time_seconds",
            "gauge",
            "Start time of the process since the Unix epoch, in seconds.",
            start,
        );
    }
}

/// What `/proc` says of this process.
#[derive(Debug)]
struct Process {
    cpu_seconds: f64,
    resident_bytes: Option<u64>,
    open_fds: Option<usize>,
    max_fds: Option<u64>,
    start_time_seconds: Option<f64>,
}

impl Process {
    /// `None` where there is no `/proc/self/stat` (not Linux).
    fn read() -> Option<Self> {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        // The command name, in parentheses, may hold spaces: the fields count from after it.
        let fields: Vec<&str> = stat
            .get(stat.rfind(')')? + 1..)?
            .split_whitespace()
            .collect();
        // Fields 14 and 15 (user and system time) and 22 (start, in ticks since boot),
        // counted from 1 with the state, field 3, at index 0.
        let ticks = |field: usize| fields.get(field - 3)?.parse::<f64>().ok();
        let cpu_seconds = (ticks(14)? + ticks(15)?) / TICKS_PER_SECOND;
        let boot: Option<f64> = std::fs::read_to_string("/proc/stat").ok().and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("btime "))
                .and_then(|seconds| seconds.trim().parse().ok())
        });
        let start_time_seconds = boot
            .zip(ticks(22))
            .map(|(boot, start)| boot + start / TICKS_PER_SECOND);
        let resident_bytes = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|text| {
                let kilobytes = text.lines().find_map(|line| line.strip_prefix("VmRSS:"))?;
                let kilobytes: u64 = kilobytes
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .ok()?;
                Some(kilobytes * 1024)
            });
        let open_fds = std::fs::read_dir("/proc/self/fd").ok().map(Iterator::count);
        let max_fds = std::fs::read_to_string("/proc/self/limits")
            .ok()
            .and_then(|text| {
                let line = text
                    .lines()
                    .find(|line| line.starts_with("Max open files"))?;
                line.split_whitespace().nth(3)?.parse().ok()
            });
        Some(Self {
            cpu_seconds,
            resident_bytes,
            open_fds,
            max_fds,
            start_time_seconds,
        })
    }
}
