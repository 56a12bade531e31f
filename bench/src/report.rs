//! The one table the benchmark prints: a row per metric, in Markdown.

use std::fmt::Write;

/// One metric's line in the table.
#[derive(Debug, Clone)]
pub struct Row {
    pub metric: String,
    pub figure: String,
    pub target: String,
    /// The figure against its target and against the machine's own limit.
    pub verdict: String,
    /// The server's peak resident memory while the metric ran, in MiB.
    pub peak_rss_mib: Option<f64>,
}

/// `met` or `missed`.
pub fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "missed"
    }
}

/// The rows as a Markdown table.
pub fn render(rows: &[Row]) -> String {
    let mut out = String::new();
    out.push_str("| metric | figure | target | ratio / verdict | server peak RSS |\n");
    out.push_str("|---|---|---|---|---|\n");
    for row in rows {
        let rss = row
            .peak_rss_mib
            .map_or_else(|| "—".to_owned(), |mib| format!("{mib:.0} MiB"));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&row.metric),
            cell(&row.figure),
            cell(&row.target),
            cell(&row.verdict),
            rss
        );
    }
    out
}

/// The rows in the order of the metrics' numbers, 3b after 3 (5 and 7 are measured last,
/// 3b, 10 and 11 first).
pub fn sorted(mut rows: Vec<Row>) -> Vec<Row> {
    rows.sort_by_key(|row| {
        let id = row.metric.split('.').next().unwrap_or_default();
        let suffix = id.trim_start_matches(|c: char| c.is_ascii_digit());
        let number = id[..id.len() - suffix.len()].parse::<u32>().ok();
        (number.unwrap_or(u32::MAX), suffix.to_owned())
    });
    rows
}

/// A cell's text with the characters that would break the table escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_one_line_of_five_cells() {
        let table = render(&[Row {
            metric: "a|b".to_owned(),
            figure: "1".to_owned(),
            target: "2".to_owned(),
            verdict: verdict(true).to_owned(),
            peak_rss_mib: Some(48.4),
        }]);
        let last = table.lines().last().unwrap_or_default();
        assert_eq!(last, "| a\\|b | 1 | 2 | met | 48 MiB |");
    }

    #[test]
    fn rows_are_in_the_order_of_their_numbers_with_3b_after_3() {
        let row = |metric: &str| Row {
            metric: metric.to_owned(),
            figure: String::new(),
            target: String::new(),
            verdict: String::new(),
            peak_rss_mib: None,
        };
        let rows = sorted(vec![
            row("10. x"),
            row("3b. y"),
            row("7. z"),
            row("3. w"),
            row("0. v"),
        ]);
        let order: Vec<&str> = rows.iter().map(|r| r.metric.as_str()).collect();
        assert_eq!(order, ["0. v", "3. w", "3b. y", "7. z", "10. x"]);
    }
}
