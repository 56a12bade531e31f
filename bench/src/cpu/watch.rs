//! Watching a process while it lives, for a window that ends when it does.

use super::procfs::PostgresTicks;
use super::snapshot::CpuSnapshot;
use super::split::CpuSplit;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How often [`CpuWatch`] reads the counters.
const EVERY: Duration = Duration::from_millis(50);

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
