//! The read models' projector runs on a thread of its own, with database connections of
//! its own.
//!
//! Readers that pass `min_position` wait for it, so every millisecond it loses waiting is
//! read-your-writes lag. On the request runtime its batches queued behind the request
//! tasks at every one of their round trips, and took connections from the pool that
//! commands hold: under load a batch of a few events took 50 to 110 ms instead of 4
//! (`BENCHMARKS.md`). A runtime with one worker thread of its own is scheduled by the
//! operating system beside the request threads, not behind their tasks; a pool of its own
//! is never emptied by commands.

use charter_store::db;
use sqlx::postgres::PgConnectOptions;
use sqlx::PgPool;
use std::future::Future;
use tokio::runtime::Runtime;

/// A thread and runtime for one projector, and the pool it uses there.
#[derive(Debug)]
pub struct ProjectorThread {
    /// `None` only once dropped (taken to be shut down in the background).
    runtime: Option<Runtime>,
    pool: PgPool,
}

impl ProjectorThread {
    /// Starts the thread, with a pool of at most `connections` on `options`. The pool
    /// opens its connections when the projector first asks, so their sockets belong to
    /// this thread's runtime, as does the pool's upkeep task.
    pub fn start(options: PgConnectOptions, connections: u32) -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("charter-projector")
            .enable_all()
            .build()?;
        let pool = {
            let _inside = runtime.enter();
            db::lazy_pool(options, connections)
        };
        Ok(Self {
            runtime: Some(runtime),
            pool,
        })
    }

    /// The pool the projector must use (and nothing else).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Runs `work` on the thread. The future returned ends when `work` does (or the
    /// thread's runtime failed it), from whichever runtime it is awaited; then the thread
    /// stops. Dropped before that, it stops the thread too, `work` with it.
    pub fn run<F>(self, work: F) -> impl Future<Output = ()> + Send + 'static
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let running = self.runtime.as_ref().map(|runtime| runtime.spawn(work));
        async move {
            if let Some(running) = running {
                if let Err(error) = running.await {
                    tracing::error!(%error, "the projector's thread ended its work abnormally");
                }
            }
            // The thread stops when `self` is dropped, here or with the future.
            drop(self);
        }
    }
}

impl Drop for ProjectorThread {
    /// Stops the thread without blocking, wherever it is dropped (a server built and never
    /// run, a test's; a running one's future dropped): a runtime must not be dropped
    /// inside another.
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ProjectorThread;
    use sqlx::postgres::PgConnectOptions;
    use std::str::FromStr;

    #[tokio::test]
    async fn work_runs_on_a_thread_of_its_own_and_a_dropped_thread_does_not_block() {
        let options = PgConnectOptions::from_str("postgres://nobody@127.0.0.1:1/none")
            .unwrap_or_else(|error| panic!("options: {error}"));
        let here = std::thread::current().id();
        let thread = ProjectorThread::start(options.clone(), 1)
            .unwrap_or_else(|error| panic!("start: {error}"));
        let (sent, ran_on) = tokio::sync::oneshot::channel();
        thread
            .run(async move {
                let _ = sent.send((
                    std::thread::current().id(),
                    std::thread::current().name().map(str::to_owned),
                ));
            })
            .await;
        let (id, name) = ran_on.await.unwrap_or_else(|error| panic!("ran: {error}"));
        assert_ne!(id, here);
        assert_eq!(name.as_deref(), Some("charter-projector"));
        // Built, never run: dropped inside this runtime without a panic.
        drop(ProjectorThread::start(options, 1).unwrap_or_else(|error| panic!("{error}")));
    }

    #[tokio::test]
    async fn a_run_given_up_stops_its_work_and_thread_without_a_panic() {
        let options = PgConnectOptions::from_str("postgres://nobody@127.0.0.1:1/none")
            .unwrap_or_else(|error| panic!("options: {error}"));
        let thread =
            ProjectorThread::start(options, 1).unwrap_or_else(|error| panic!("start: {error}"));
        let (started, running) = tokio::sync::oneshot::channel::<()>();
        let (ended, work_dropped) = tokio::sync::oneshot::channel::<()>();
        let work = async move {
            // Closed when the work is dropped: the thread's runtime stopped it.
            let _ended = ended;
            let _ = started.send(());
            std::future::pending::<()>().await;
        };
        let run = tokio::spawn(thread.run(work));
        running
            .await
            .unwrap_or_else(|error| panic!("never started: {error}"));
        run.abort();
        let given_up = run.await.expect_err("aborted");
        assert!(given_up.is_cancelled(), "not a panic: {given_up}");
        tokio::time::timeout(std::time::Duration::from_secs(5), work_dropped)
            .await
            .unwrap_or_else(|_| panic!("the work still runs"))
            .expect_err("dropped, not finished");
    }
}
