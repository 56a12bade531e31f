//! Percentiles over measured latencies, and how figures are written in the table.

use std::time::Duration;

/// Latencies of one kind of request, sorted once so that any percentile is a lookup.
#[derive(Debug, Clone, Default)]
pub struct Latencies {
    sorted: Vec<Duration>,
}

impl Latencies {
    /// Sorts `samples`.
    pub fn new(mut samples: Vec<Duration>) -> Self {
        samples.sort_unstable();
        Self { sorted: samples }
    }

    /// How many samples there are.
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    /// The `p`-th percentile (0 to 100) by the nearest-rank method: the smallest sample
    /// that at least `p` percent of the samples do not exceed. Zero when there are none.
    pub fn percentile(&self, p: f64) -> Duration {
        if self.sorted.is_empty() {
            return Duration::ZERO;
        }
        let n = self.sorted.len();
        // Nearest rank: ceil(p/100 * n), from 1; the float is small and positive.
        let rank = ((p / 100.0) * n as f64).ceil().clamp(1.0, n as f64) as usize;
        self.sorted[rank - 1]
    }

    /// The median.
    pub fn p50(&self) -> Duration {
        self.percentile(50.0)
    }

    /// The 99th percentile.
    pub fn p99(&self) -> Duration {
        self.percentile(99.0)
    }

    /// The longest. Zero when there are none.
    pub fn max(&self) -> Duration {
        self.sorted.last().copied().unwrap_or_default()
    }
}

/// Milliseconds, with as many decimals as tell something: `0.84 ms`, `14.9 ms`, `1,541 ms`.
pub fn ms(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 100.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{} ms", thousands(ms.round() as u64))
    }
}

/// A rate of `what` with thousands separated: `12,345 commits/s`.
pub fn per_second(rate: f64, what: &str) -> String {
    format!("{} {what}/s", thousands(rate.round() as u64))
}

/// `12345` as `12,345`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A share as a percentage: `0.473` as `47.3%`.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms_list(values: &[u64]) -> Latencies {
        Latencies::new(values.iter().map(|&v| Duration::from_millis(v)).collect())
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let latencies = ms_list(&[5, 1, 4, 2, 3, 6, 7, 8, 9, 10]);
        assert_eq!(latencies.p50(), Duration::from_millis(5));
        assert_eq!(latencies.p99(), Duration::from_millis(10));
        assert_eq!(latencies.percentile(0.0), Duration::from_millis(1));
        assert_eq!(latencies.percentile(100.0), Duration::from_millis(10));
        assert_eq!(latencies.max(), Duration::from_millis(10));
    }

    #[test]
    fn the_percentile_of_nothing_is_zero() {
        assert_eq!(Latencies::default().p99(), Duration::ZERO);
    }

    #[test]
    fn milliseconds_keep_the_decimals_that_matter() {
        assert_eq!(ms(Duration::from_micros(840)), "0.84 ms");
        assert_eq!(ms(Duration::from_micros(14_930)), "14.9 ms");
        assert_eq!(ms(Duration::from_micros(1_541_000)), "1,541 ms");
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(15_250), "15,250");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
