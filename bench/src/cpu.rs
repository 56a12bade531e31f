//! Where the machine's CPU time goes while a metric runs: the server (or the process that
//! rebuilds), PostgreSQL, the benchmark itself, everything else (the kernel's threads,
//! interrupts, other programs), idle, and what the VM's host took. Read from `/proc` at
//! the start and at the end of a measured window, so that a ratio to the limit can be
//! explained: the cores are shared, and each party's time per command says which one a
//! command waits for.
//!
//! Everything is counted in the kernel's clock ticks, whose length cancels out: a party's
//! share of all the ticks of all cores in the window, times the number of cores, is the
//! cores it kept busy; over a rate of commands per second, its CPU time per command.

use std::collections::HashMap;
use std::fmt::Write;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How often [`CpuWatch`] reads the counters.
const EVERY: Duration = Duration::from_millis(50);

/// The counters at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpuSnapshot {
    cores: u32,
    machine: MachineTicks,
    process: u64,
    postgres: u64,
    bench: u64,
}

/// `/proc/stat`'s first line, in ticks summed over all cores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct MachineTicks {
    /// Every tick the cores spent: busy, idle, or taken by the VM's host.
    total: u64,
    /// Idle and waiting for I/O.
    idle: u64,
    /// Taken by the host for other guests.
    steal: u64,
}

impl CpuSnapshot {
    /// Reads the counters: the whole machine, the process `process` (all its threads, if
    /// one is given), every process named `postgres`, and this process. `None` where
    /// `/proc` cannot be read (not Linux).
    pub fn take(process: Option<u32>) -> Option<Self> {
        let ticks = process.and_then(|pid| process_ticks(&format!("/proc/{pid}/stat")));
        Self::with_process(ticks.unwrap_or(0))
    }

    /// As [`CpuSnapshot::take`] of the process `pid`, or `None` once it has ended; the
    /// PostgreSQL processes as `postgres` keeps them.
    fn of_living(pid: u32, postgres: &mut PostgresTicks) -> Option<Self> {
        let process = process_ticks(&format!("/proc/{pid}/stat"))?;
        let mut snapshot = Self::with_process(process)?;
        snapshot.postgres = postgres.read();
        Some(snapshot)
    }

    fn with_process(process: u64) -> Option<Self> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        let (machine, cores) = parse_machine(&stat)?;
        let bench = process_ticks("/proc/self/stat").unwrap_or(0);
        Some(Self {
            cores,
            machine,
            process,
            postgres: postgres_ticks(),
            bench,
        })
    }
}

/// Reads the counters every 50 ms while a process lives, for a process whose end is not
/// awaited by a clock: the split from its start to the last reading taken while it was
/// alive (its last 50 ms at most are missing).
#[derive(Debug)]
pub struct CpuWatch {
    stop: oneshot::Sender<()>,
    task: JoinHandle<Option<CpuSplit>>,
}

impl CpuWatch {
    /// Starts watching the process `pid`, which just started.
    pub fn start(pid: u32) -> Self {
        let (stop, mut stopped) = oneshot::channel();
        let task = tokio::spawn(async move {
            let mut postgres = PostgresTicks::default();
            let first = CpuSnapshot::of_living(pid, &mut postgres)?;
            let mut last = first;
            let mut ticks = tokio::time::interval(EVERY);
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    _ = ticks.tick() => match CpuSnapshot::of_living(pid, &mut postgres) {
                        Some(now) => last = now,
                        None => break,
                    },
                }
            }
            CpuSplit::between(&first, &last)
        });
        Self { stop, task }
    }

    /// Stops watching; the split, or `None` if the process could not be read.
    pub async fn finish(self) -> Option<CpuSplit> {
        let _ = self.stop.send(());
        self.task.await.ok().flatten()
    }
}

/// The shares of the machine's CPU time between two snapshots; they add up to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CpuSplit {
    pub cores: u32,
    pub process: f64,
    pub postgres: f64,
    pub bench: f64,
    pub other: f64,
    pub idle: f64,
    pub stolen: f64,
}

impl CpuSplit {
    /// The split from `start` to `end`; `None` if no tick passed.
    pub fn between(start: &CpuSnapshot, end: &CpuSnapshot) -> Option<Self> {
        let ticks = |from: u64, to: u64| to.saturating_sub(from) as f64;
        let total = ticks(start.machine.total, end.machine.total);
        if total <= 0.0 {
            return None;
        }
        let idle = ticks(start.machine.idle, end.machine.idle);
        let stolen = ticks(start.machine.steal, end.machine.steal);
        let busy = (total - idle - stolen).max(0.0);
        // Processes are sampled apart from the machine's line, so their sum may pass the
        // busy ticks by a tick or two; then nothing is left for the others.
        let process = ticks(start.process, end.process).min(busy);
        let postgres = ticks(start.postgres, end.postgres).min(busy - process);
        let bench = ticks(start.bench, end.bench).min(busy - process - postgres);
        let other = busy - process - postgres - bench;
        Some(Self {
            cores: end.cores,
            process: process / total,
            postgres: postgres / total,
            bench: bench / total,
            other: other / total,
            idle: idle / total,
            stolen: stolen / total,
        })
    }

    /// CPU time, in core-microseconds, that a share of the machine spends per unit of
    /// work done at `rate` units per second.
    pub fn micros_per(&self, share: f64, rate: f64) -> f64 {
        if rate <= 0.0 {
            return 0.0;
        }
        share * f64::from(self.cores) * 1e6 / rate
    }

    /// `server 81 µs, PostgreSQL 145 µs, benchmark 29 µs, other 35 µs; idle 10%` per
    /// `unit` at `rate` per second: the watched process under the name `process` (left out
    /// when there is none), the benchmark as `client`; the host's part when it took 1% or
    /// more.
    pub fn describe(&self, unit: &str, rate: f64, process: Option<&str>, client: &str) -> String {
        let micros = |share: f64| match self.micros_per(share, rate) {
            small if small < 9.95 => format!("{small:.1} µs"),
            large => format!("{large:.0} µs"),
        };
        let mut out = format!("CPU per {unit}: ");
        if let Some(process) = process {
            let _ = write!(out, "{process} {}, ", micros(self.process));
        }
        let _ = write!(
            out,
            "PostgreSQL {}, {client} {}, other {}; idle {:.0}%",
            micros(self.postgres),
            micros(self.bench),
            micros(self.other),
            self.idle * 100.0
        );
        if self.stolen >= 0.01 {
            let _ = write!(out, ", taken by the VM's host {:.0}%", self.stolen * 100.0);
        }
        out
    }
}

/// Ticks of the machine and its number of cores, from `/proc/stat`.
fn parse_machine(stat: &str) -> Option<(MachineTicks, u32)> {
    let mut lines = stat.lines();
    let fields: Vec<u64> = lines
        .next()?
        .strip_prefix("cpu ")?
        .split_whitespace()
        .map(|field| field.parse().ok())
        .collect::<Option<_>>()?;
    // user nice system idle iowait irq softirq steal [guest guest_nice]: a guest's time is
    // counted in user and nice already.
    let field = |i: usize| fields.get(i).copied().unwrap_or(0);
    let total = (0..8).map(field).sum();
    let cores = lines
        .filter(|line| {
            line.strip_prefix("cpu")
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        })
        .count();
    let machine = MachineTicks {
        total,
        idle: field(3) + field(4),
        steal: field(7),
    };
    Some((machine, u32::try_from(cores).ok().filter(|&n| n > 0)?))
}

/// One process as `/proc/<pid>/stat` tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ProcessStat<'a> {
    name: &'a str,
    /// User plus system ticks, of all its threads.
    ticks: u64,
    /// When it started, in ticks after boot: with the process id, it names the process
    /// even when the id is taken again.
    started: u64,
}

/// Reads a `/proc/<pid>/stat` line. The name is in parentheses and may hold spaces and
/// parentheses itself, so the fields are counted from the last `)`.
fn parse_process(stat: &str) -> Option<ProcessStat<'_>> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let name = stat.get(open + 1..close)?;
    let mut fields = stat.get(close + 1..)?.split_whitespace();
    // state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime
    // cutime cstime priority nice num_threads itrealvalue starttime
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    let started: u64 = fields.nth(6)?.parse().ok()?;
    Some(ProcessStat {
        name,
        ticks: utime + stime,
        started,
    })
}

/// The ticks of the process whose `stat` file is at `path`.
fn process_ticks(path: &str) -> Option<u64> {
    let stat = std::fs::read_to_string(path).ok()?;
    parse_process(&stat).map(|process| process.ticks)
}

/// The ticks of every process named `postgres`: the server's postmaster, its background
/// processes and a backend per connection. A backend that ended during the window takes
/// its ticks with it, so windows are measured while the connections are open, or with
/// [`PostgresTicks`].
fn postgres_ticks() -> u64 {
    postgres_processes()
        .into_iter()
        .map(|(_, ticks)| ticks)
        .sum()
}

/// A process: its id and when it started.
type ProcessKey = (u32, u64);

/// The PostgreSQL processes, with their ticks.
fn postgres_processes() -> Vec<(ProcessKey, u64)> {
    let Ok(processes) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    processes
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            let process = parse_process(&stat)?;
            (process.name == "postgres").then_some(((pid, process.started), process.ticks))
        })
        .collect()
}

/// PostgreSQL's ticks over repeated readings, counting the backends that ended between
/// them at their last reading: a process that rebuilds closes its connections before it
/// exits, and their backends' time would otherwise vanish from the window.
#[derive(Debug, Default)]
struct PostgresTicks {
    seen: HashMap<ProcessKey, u64>,
}

impl PostgresTicks {
    /// Reads the processes now; the ticks of all seen so far.
    fn read(&mut self) -> u64 {
        self.update(postgres_processes())
    }

    fn update(&mut self, processes: Vec<(ProcessKey, u64)>) -> u64 {
        self.seen.extend(processes);
        self.seen.values().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAT: &str = "cpu  1000 10 500 3000 100 5 20 40 0 0\n\
                        cpu0 500 5 250 1500 50 3 10 20 0 0\n\
                        cpu1 500 5 250 1500 50 2 10 20 0 0\n\
                        intr 12345 0 0\nctxt 999\n";

    #[test]
    fn the_machine_line_counts_every_tick_once_and_the_cores_by_their_lines() {
        let (machine, cores) = parse_machine(STAT).expect("a /proc/stat");
        assert_eq!(cores, 2);
        assert_eq!(machine.total, 1000 + 10 + 500 + 3000 + 100 + 5 + 20 + 40);
        assert_eq!(machine.idle, 3100);
        assert_eq!(machine.steal, 40);
        assert_eq!(parse_machine("intr 1\n"), None);
    }

    #[test]
    fn a_process_line_is_read_from_its_last_parenthesis() {
        let line = "4242 (tokio (rt) 1) S 1 4242 4242 0 -1 4194304 900 0 0 0 \
                    1234 567 0 0 20 0 9 0 100 0 0";
        assert_eq!(
            parse_process(line),
            Some(ProcessStat {
                name: "tokio (rt) 1",
                ticks: 1234 + 567,
                started: 100,
            })
        );
        assert_eq!(parse_process("4242 (short) S 1 2"), None);
    }

    fn snapshot(total: u64, idle: u64, steal: u64, parties: [u64; 3]) -> CpuSnapshot {
        CpuSnapshot {
            cores: 2,
            machine: MachineTicks { total, idle, steal },
            process: parties[0],
            postgres: parties[1],
            bench: parties[2],
        }
    }

    #[test]
    fn the_shares_add_up_and_turn_into_time_per_command() {
        let start = snapshot(10_000, 4_000, 0, [100, 200, 50]);
        // 2,000 ticks over two cores: one second at 1,000 ticks per core-second.
        let end = snapshot(12_000, 4_100, 100, [660, 1_200, 250]);
        let split = CpuSplit::between(&start, &end).expect("ticks passed");
        let sum =
            split.process + split.postgres + split.bench + split.other + split.idle + split.stolen;
        assert!((sum - 1.0).abs() < 1e-9, "{split:?}");
        assert!((split.postgres - 0.5).abs() < 1e-9);
        assert!((split.other - 40.0 / 2_000.0).abs() < 1e-9);
        // 1,000 commands/s: PostgreSQL's core-second over them is 1,000 µs each.
        assert!((split.micros_per(split.postgres, 1_000.0) - 1_000.0).abs() < 1e-6);
        assert_eq!(split.micros_per(split.postgres, 0.0), 0.0);
        assert_eq!(
            split.describe("command", 1_000.0, Some("server"), "benchmark"),
            "CPU per command: server 560 µs, PostgreSQL 1000 µs, benchmark 200 µs, \
             other 40 µs; idle 5%, taken by the VM's host 5%"
        );
        assert_eq!(
            split.describe("commit", 1_000.0, None, "client"),
            "CPU per commit: PostgreSQL 1000 µs, client 200 µs, other 40 µs; idle 5%, \
             taken by the VM's host 5%"
        );
        // Small figures keep a decimal.
        assert_eq!(
            split.describe("event", 100_000.0, Some("rebuild"), "benchmark"),
            "CPU per event: rebuild 5.6 µs, PostgreSQL 10 µs, benchmark 2.0 µs, other 0.4 µs; \
             idle 5%, taken by the VM's host 5%"
        );
    }

    #[test]
    fn processes_counted_past_the_busy_ticks_leave_nothing_to_the_others() {
        let start = snapshot(0, 0, 0, [0, 0, 0]);
        let end = snapshot(1_000, 500, 0, [300, 300, 10]);
        let split = CpuSplit::between(&start, &end).expect("ticks passed");
        assert!((split.process - 0.3).abs() < 1e-9);
        assert!((split.postgres - 0.2).abs() < 1e-9);
        assert_eq!(split.bench, 0.0);
        assert_eq!(split.other, 0.0);
        assert_eq!(CpuSplit::between(&end, &end), None);
    }

    #[test]
    fn backends_that_end_keep_their_last_ticks() {
        let mut postgres = PostgresTicks::default();
        assert_eq!(postgres.update(vec![((1, 0), 100), ((7, 3), 20)]), 120);
        assert_eq!(
            postgres.update(vec![((1, 0), 110), ((7, 3), 50), ((9, 4), 5)]),
            165
        );
        // 7 and 9 ended: their last readings stay counted.
        assert_eq!(postgres.update(vec![((1, 0), 120)]), 175);
        // A new backend under 9's id, started later, is another process.
        assert_eq!(postgres.update(vec![((1, 0), 120), ((9, 80), 2)]), 177);
        assert_eq!(postgres.update(vec![((1, 0), 120), ((9, 80), 3)]), 178);
    }

    #[tokio::test]
    async fn a_watched_process_is_read_until_it_ends() {
        if !std::path::Path::new("/proc/stat").exists() {
            return;
        }
        let mut child = std::process::Command::new("sh")
            .args(["-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"])
            .spawn()
            .expect("sh");
        let watch = CpuWatch::start(child.id());
        tokio::task::spawn_blocking(move || child.wait())
            .await
            .expect("joined")
            .expect("waited");
        let split = watch.finish().await.expect("read while it ran");
        assert!(
            split.process > 0.0,
            "the busy loop's time is counted: {split:?}"
        );
        assert_eq!(
            CpuWatch::start(u32::MAX).finish().await,
            None,
            "no such process"
        );
    }

    #[test]
    fn this_machine_can_be_read() {
        // Linux only, like the benchmark's memory readings.
        if std::path::Path::new("/proc/stat").exists() {
            let snapshot = CpuSnapshot::take(Some(std::process::id())).expect("readable");
            assert!(snapshot.cores >= 1);
            assert!(snapshot.machine.total > 0);
            // Both are this process, read one after the other.
            assert!(snapshot.bench >= snapshot.process);
        }
    }
}
