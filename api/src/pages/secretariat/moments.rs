//! Moments as a `datetime-local` input shows and sends them: a wall-clock time without a
//! zone, meant in the reader's time zone.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The moment `value` ("2027-03-14T10:30") names in `zone`; `None` when it is not a
/// moment, or when the clocks skip it there. A wall-clock time that happens twice (the
/// clocks going back) is taken at its first occurrence.
pub fn parse(value: &str, zone: &str) -> Option<DateTime<Utc>> {
    let zone: Tz = zone.parse().unwrap_or(Tz::UTC);
    let naive = NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|local| local.with_timezone(&Utc))
}

/// `at` as a `datetime-local` input's value in `zone`.
pub fn input(at: &DateTime<Utc>, zone: &str) -> String {
    let zone: Tz = zone.parse().unwrap_or(Tz::UTC);
    at.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string()
}

/// A calendar day as a `date` input sends it.
pub fn day(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wall_clock_time_is_read_in_the_readers_zone() {
        let at = parse("2027-03-14T10:30", "Europe/Istanbul").expect("a moment");
        assert_eq!(at.to_rfc3339(), "2027-03-14T07:30:00+00:00");
        assert_eq!(input(&at, "Europe/Istanbul"), "2027-03-14T10:30");
        assert_eq!(parse("14/03/2027", "UTC"), None);
    }

    #[test]
    fn a_time_the_clocks_skip_is_not_a_moment() {
        // Lisbon moves from 01:00 to 02:00 on 28 March 2027.
        assert_eq!(parse("2027-03-28T01:30", "Europe/Lisbon"), None);
    }
}
