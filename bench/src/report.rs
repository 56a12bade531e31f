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
}
