//! Bar charts drawn by the server: the geometry of horizontal bars, for a template to write
//! as inline SVG with presentation attributes only (no style, no script), beside a table of
//! the same figures for those who do not see the chart.

/// The drawing's width, in SVG units; it scales to the page.
pub const WIDTH: u32 = 640;
/// Where the bars start: the labels are written to the left of this line.
const BARS_FROM: u32 = 200;
/// The longest bar, leaving room for the value after it.
const LONGEST: u32 = 360;
/// The height of one row, and of its bar.
const ROW: u32 = 32;
const BAR: u32 = 20;
/// Space above the first row and below the last.
const MARGIN: u32 = 8;

/// One figure of a chart: its label, the value drawn, and the value as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub label: String,
    pub value: f64,
    pub written: String,
}

/// One bar, placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub written: String,
    /// The top of the bar.
    pub y: u32,
    /// The baseline of the row's texts.
    pub text_y: u32,
    pub width: u32,
    /// Where the value is written: just after the bar.
    pub value_x: u32,
}

/// A chart: its id (for the title's `id`), title, the header of its figures' column, and
/// its bars.
#[derive(Debug, Clone)]
pub struct Chart {
    pub id: &'static str,
    pub title: String,
    /// What the figures are, as the table's column header says.
    pub measure: String,
    pub bars: Vec<Bar>,
    pub height: u32,
}

impl Chart {
    /// Places `figures` as bars scaled to the largest (a chart of zeros draws no bar).
    pub fn new(id: &'static str, title: String, measure: String, figures: Vec<Figure>) -> Self {
        let largest = figures
            .iter()
            .map(|figure| figure.value)
            .filter(|value| value.is_finite())
            .fold(0.0_f64, f64::max);
        let bars: Vec<Bar> = figures
            .into_iter()
            .zip(0u32..)
            .map(|(figure, row)| {
                let share = if largest > 0.0 && figure.value.is_finite() {
                    (figure.value.max(0.0) / largest).min(1.0)
                } else {
                    0.0
                };
                // The share is within 0..=1, so the width is within 0..=LONGEST.
                let width = (share * f64::from(LONGEST)).round() as u32;
                let y = MARGIN + row * ROW + (ROW - BAR) / 2;
                Bar {
                    label: figure.label,
                    written: figure.written,
                    y,
                    text_y: y + BAR - 5,
                    width,
                    value_x: BARS_FROM + width + 6,
                }
            })
            .collect();
        let rows = u32::try_from(bars.len()).unwrap_or(u32::MAX);
        Self {
            id,
            title,
            measure,
            height: 2 * MARGIN + rows.saturating_mul(ROW),
            bars,
        }
    }

    /// Where the bars start.
    pub fn bars_from(&self) -> u32 {
        BARS_FROM
    }

    /// Where the labels end (they are written right-aligned to this line).
    pub fn labels_to(&self) -> u32 {
        BARS_FROM - 8
    }

    /// The drawing's width.
    pub fn width(&self) -> u32 {
        WIDTH
    }
}

/// A whole number of days, as drawn in a chart and written in its table: the bar is
/// drawn from the rounded figure, so that a bar never shows more than its table says.
pub fn days(value: Option<f64>) -> (f64, String) {
    match value.filter(|days| days.is_finite()) {
        Some(days) => (days.round(), format!("{}", days.round() as i64)),
        None => (0.0, "–".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(label: &str, value: f64) -> Figure {
        Figure {
            label: label.to_owned(),
            value,
            written: value.to_string(),
        }
    }

    #[test]
    fn the_largest_figure_draws_the_longest_bar_and_the_others_in_proportion() {
        let chart = Chart::new(
            "c",
            "t".into(),
            "m".into(),
            vec![figure("a", 50.0), figure("b", 100.0), figure("c", 0.0)],
        );
        let widths: Vec<u32> = chart.bars.iter().map(|bar| bar.width).collect();
        assert_eq!(widths, vec![LONGEST / 2, LONGEST, 0]);
        assert_eq!(chart.bars[1].value_x, BARS_FROM + LONGEST + 6);
        assert!(chart.bars[0].y < chart.bars[1].y);
        assert_eq!(chart.height, 2 * MARGIN + 3 * ROW);
    }

    #[test]
    fn a_chart_of_nothing_but_zeros_or_unknowns_draws_no_bar() {
        let chart = Chart::new(
            "c",
            "t".into(),
            "m".into(),
            vec![figure("a", 0.0), figure("b", f64::NAN)],
        );
        assert!(chart.bars.iter().all(|bar| bar.width == 0));
    }

    #[test]
    fn days_are_written_whole_and_an_unknown_as_a_dash() {
        assert_eq!(days(Some(12.6)), (13.0, "13".to_owned()));
        assert_eq!(days(None), (0.0, "–".to_owned()));
    }
}
