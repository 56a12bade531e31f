//! Reading `/proc`: the machine's line of `/proc/stat`, a process's `/proc/<pid>/stat`, and
//! the PostgreSQL processes among them.

use std::collections::HashMap;

/// `/proc/stat`'s first line, in ticks summed over all cores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct MachineTicks {
    /// Every tick the cores spent: busy, idle, or taken by the VM's host.
    pub(super) total: u64,
    /// Idle and waiting for I/O.
    pub(super) idle: u64,
    /// Taken by the host for other guests.
    pub(super) steal: u64,
}

/// Ticks of the machine and its number of cores, from `/proc/stat`.
pub(super) fn parse_machine(stat: &str) -> Option<(MachineTicks, u32)> {
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
pub(super) fn process_ticks(path: &str) -> Option<u64> {
    let stat = std::fs::read_to_string(path).ok()?;
    parse_process(&stat).map(|process| process.ticks)
}

/// The ticks of every process named `postgres`: the server's postmaster, its background
/// processes and a backend per connection. A backend that ended during the window takes
/// its ticks with it, so windows are measured while the connections are open, or with
/// [`PostgresTicks`].
pub(super) fn postgres_ticks() -> u64 {
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
pub(super) struct PostgresTicks {
    seen: HashMap<ProcessKey, u64>,
}

impl PostgresTicks {
    /// Reads the processes now; the ticks of all seen so far.
    pub(super) fn read(&mut self) -> u64 {
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
}
