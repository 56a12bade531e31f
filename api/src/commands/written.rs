//! The last position a request's commands wrote, noted by the command bus, so that one
//! layer at the edge can answer every command with its consistency token and remember it
//! for the caller, whichever route and operation ran the commands.

use std::future::Future;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

tokio::task_local! {
    static WRITTEN: Arc<AtomicI64>;
}

/// Notes that a command of the current request reached `position` (a no-op outside a
/// request that [`track`]s, such as a worker's command).
pub fn note(position: i64) {
    // Outside a tracked request there is no one to tell.
    let _ = WRITTEN.try_with(|written| written.fetch_max(position, Ordering::Relaxed));
}

/// Runs `request`, and gives the last position its commands wrote, if any wrote.
pub async fn track<F: Future>(request: F) -> (F::Output, Option<i64>) {
    let written = Arc::new(AtomicI64::new(0));
    let output = WRITTEN.scope(written.clone(), request).await;
    let position = written.load(Ordering::Relaxed);
    (output, (position > 0).then_some(position))
}

#[cfg(test)]
mod tests {
    use super::{note, track};

    #[tokio::test]
    async fn a_request_gives_the_last_position_its_commands_wrote() {
        let ((), written) = track(async {
            note(7);
            note(5);
        })
        .await;
        assert_eq!(written, Some(7));
        let ((), written) = track(async {}).await;
        assert_eq!(written, None);
        // Outside a tracked request: nothing to note, nothing fails.
        note(3);
    }
}
