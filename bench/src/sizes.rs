//! How much of everything a run does, full or quick.

use std::time::Duration;

/// How much of everything a run does.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub limit: Duration,
    pub latency_warmup: usize,
    pub latency_commands: usize,
    pub throughput_warmup: Duration,
    pub throughput: Duration,
    pub vote_rounds: usize,
    pub long_stream_events: usize,
    pub stream_commands: usize,
    pub lag_warmup: Duration,
    pub lag: Duration,
    /// Events in the store for metrics 5 and 7.
    pub store_events: i64,
    /// Pairs of metric 2's runs, with and without notifications (metric 9).
    pub notification_pairs: usize,
    /// Metric 10's warm-up and window of page requests.
    pub pages_warmup: Duration,
    pub pages: Duration,
}

impl Sizes {
    pub fn new(quick: bool) -> Self {
        if quick {
            Self {
                limit: Duration::from_secs(2),
                latency_warmup: 50,
                latency_commands: 300,
                throughput_warmup: Duration::from_secs(1),
                throughput: Duration::from_secs(3),
                vote_rounds: 2,
                long_stream_events: 2_000,
                stream_commands: 100,
                lag_warmup: Duration::from_secs(1),
                lag: Duration::from_secs(3),
                store_events: 100_000,
                notification_pairs: 1,
                pages_warmup: Duration::from_secs(1),
                pages: Duration::from_secs(5),
            }
        } else {
            Self {
                limit: Duration::from_secs(5),
                latency_warmup: 200,
                latency_commands: 2_000,
                throughput_warmup: Duration::from_secs(2),
                throughput: Duration::from_secs(10),
                vote_rounds: 5,
                long_stream_events: 10_000,
                stream_commands: 300,
                lag_warmup: Duration::from_secs(2),
                lag: Duration::from_secs(10),
                store_events: 1_000_000,
                notification_pairs: 2,
                pages_warmup: Duration::from_secs(2),
                pages: Duration::from_secs(20),
            }
        }
    }
}
