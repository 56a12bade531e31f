//! Which database served the reads, as the server counts them in `/metrics`:
//! `charter_reads_served_total{served_by="replica"|"primary"}`, the second being the reads
//! that waited for the replica in vain and fell back to the primary.

use anyhow::Context;
use std::ops::Sub;

/// The counter family.
const COUNTER: &str = "charter_reads_served_total";

/// Reads served by each database.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Served {
    pub replica: u64,
    pub primary: u64,
}

impl Served {
    /// The counters in a `/metrics` text (the Prometheus text format); a label set with
    /// more labels than `served_by` is added to its database's count.
    pub fn parse(metrics: &str) -> anyhow::Result<Self> {
        let mut served = Self::default();
        let mut found = false;
        for line in metrics.lines() {
            let Some(labels) = line
                .strip_prefix(COUNTER)
                .and_then(|rest| rest.strip_prefix('{'))
            else {
                continue;
            };
            let (labels, value) = labels
                .rsplit_once('}')
                .with_context(|| format!("an unclosed label set: {line}"))?;
            let value: f64 = value
                .trim()
                .parse()
                .with_context(|| format!("not a count: {line}"))?;
            // Counts are whole; the text format writes them as floats at times (`1e+06`).
            let count = value as u64;
            let by = labels.split(',').find_map(|label| {
                label
                    .trim()
                    .strip_prefix("served_by=\"")
                    .and_then(|by| by.strip_suffix('"'))
            });
            match by {
                Some("replica") => served.replica += count,
                Some("primary") => served.primary += count,
                _ => continue,
            }
            found = true;
        }
        anyhow::ensure!(
            found,
            "/metrics has no {COUNTER}: a server without replica reads?"
        );
        Ok(served)
    }

    /// Every read counted.
    pub fn total(self) -> u64 {
        self.replica + self.primary
    }

    /// The replica's share of the reads; zero when there were none.
    pub fn replica_share(self) -> f64 {
        match self.total() {
            0 => 0.0,
            total => self.replica as f64 / total as f64,
        }
    }
}

/// What was served between two readings.
impl Sub for Served {
    type Output = Served;

    fn sub(self, before: Served) -> Served {
        Served {
            replica: self.replica.saturating_sub(before.replica),
            primary: self.primary.saturating_sub(before.primary),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Served;

    const METRICS: &str = "\
# HELP charter_reads_served_total Reads that waited for a position ...
# TYPE charter_reads_served_total counter
charter_reads_served_total{served_by=\"replica\"} 493
charter_reads_served_total{served_by=\"primary\"} 7
charter_reads_served_totalish{served_by=\"replica\"} 1000
charter_http_requests_total{route=\"/\"} 12
";

    #[test]
    fn the_reads_of_each_database_are_read_from_the_metrics() {
        let served = Served::parse(METRICS).ok();
        let expected = Served {
            replica: 493,
            primary: 7,
        };
        assert_eq!(served, Some(expected));
        assert_eq!(expected.total(), 500);
        assert!((expected.replica_share() - 0.986).abs() < 1e-9);
    }

    #[test]
    fn other_labels_and_float_counts_are_taken_as_they_come() {
        let text = "charter_reads_served_total{instance=\"a\",served_by=\"primary\"} 2\n\
                    charter_reads_served_total{served_by=\"primary\", instance=\"b\"} 1e+03\n\
                    charter_reads_served_total{served_by=\"replica\"} 0\n";
        let served = Served::parse(text).ok();
        assert_eq!(
            served,
            Some(Served {
                replica: 0,
                primary: 1_002
            })
        );
    }

    #[test]
    fn metrics_without_the_counter_or_with_a_broken_count_are_refused() {
        assert!(Served::parse("charter_http_requests_total 3\n").is_err());
        assert!(Served::parse("charter_reads_served_total{served_by=\"replica\"} many\n").is_err());
    }

    #[test]
    fn the_difference_is_what_was_served_in_between_and_never_negative() {
        let before = Served {
            replica: 10,
            primary: 4,
        };
        let after = Served {
            replica: 25,
            primary: 3,
        };
        assert_eq!(
            after - before,
            Served {
                replica: 15,
                primary: 0
            }
        );
        assert_eq!(Served::default().replica_share(), 0.0);
    }
}
