//! The counters at one moment, read from `/proc`.

use super::procfs::{parse_machine, postgres_ticks, process_ticks, MachineTicks, PostgresTicks};

/// The counters at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpuSnapshot {
    pub(super) cores: u32,
    pub(super) machine: MachineTicks,
    pub(super) process: u64,
    pub(super) postgres: u64,
    pub(super) bench: u64,
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
    pub(super) fn of_living(pid: u32, postgres: &mut PostgresTicks) -> Option<Self> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
