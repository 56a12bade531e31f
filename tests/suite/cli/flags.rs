//! Numeric flags are checked when the command line is read: a value out of range is
//! refused with clap's message and status 2, before anything connects or starts.

use super::run::{charter, Scratch};

#[test]
fn out_of_range_numbers_are_refused_before_anything_starts() {
    let scratch = Scratch::new();
    // Nothing listens there: a refusal that came from connecting would say so.
    let url = "postgres://postgres@127.0.0.1:1/never";
    for (args, flag) in [
        (vec!["--db-connections", "0", "migrate"], "--db-connections"),
        (vec!["serve", "--max-json-bytes", "0"], "--max-json-bytes"),
        (
            vec!["serve", "--db-wait-seconds", "5000"],
            "--db-wait-seconds",
        ),
        (
            vec!["serve", "--webhook-disable-after-hours", "0"],
            "--webhook-disable-after-hours",
        ),
    ] {
        let ran = charter(url, &scratch.0, &args);

        assert_eq!(ran.code, Some(2), "{args:?}: {ran:?}");
        assert!(
            ran.stderr.contains("invalid value") && ran.stderr.contains(flag),
            "{args:?}: {}",
            ran.stderr
        );
        assert!(!ran.stderr.contains("PostgreSQL"), "{}", ran.stderr);
    }
}
