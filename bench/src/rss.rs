//! The server's peak resident memory during a metric, sampled from `/proc/<pid>/status`.

use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How often resident memory is read.
const EVERY: Duration = Duration::from_millis(50);

/// Samples a process's resident memory until finished.
#[derive(Debug)]
pub struct RssSampler {
    stop: oneshot::Sender<()>,
    task: JoinHandle<Option<u64>>,
}

impl RssSampler {
    /// Starts sampling the process `pid` every 50 ms.
    pub fn start(pid: u32) -> Self {
        let (stop, mut stopped) = oneshot::channel();
        let task = tokio::spawn(async move {
            let mut peak = None;
            let mut ticks = tokio::time::interval(EVERY);
            loop {
                if let Some(kib) = resident_kib(pid) {
                    peak = peak.max(Some(kib));
                }
                tokio::select! {
                    _ = &mut stopped => break,
                    _ = ticks.tick() => {}
                }
            }
            // One last reading: the end of the metric counts too.
            peak.max(resident_kib(pid))
        });
        Self { stop, task }
    }

    /// Stops sampling; the peak in MiB, or `None` when no reading could be taken (not
    /// Linux, or the process is gone).
    pub async fn finish(self) -> Option<f64> {
        // The sampler may have stopped by itself only if it panicked; then there is no peak.
        let _ = self.stop.send(());
        let peak = self.task.await.ok().flatten()?;
        Some(peak as f64 / 1024.0)
    }
}

/// `VmRSS` of the process, in KiB.
fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_vm_rss(&status)
}

fn parse_vm_rss(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::parse_vm_rss;

    #[test]
    fn resident_memory_is_read_in_kib() {
        let status = "Name:\tcharter\nVmPeak:\t  900 kB\nVmRSS:\t   48128 kB\nThreads:\t4\n";
        assert_eq!(parse_vm_rss(status), Some(48_128));
        assert_eq!(parse_vm_rss("Name:\tx\n"), None);
    }
}
