//! The arithmetic from two snapshots to each party's share, and the line that reports it.

use super::snapshot::CpuSnapshot;
use std::fmt::Write;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpu::procfs::MachineTicks;

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
}
