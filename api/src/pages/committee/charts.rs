//! Bar charts drawn by the server: the geometry of horizontal bars, for a template to write
//! as inline SVG with presentation attributes only (no style, no script), beside a table of
//! the same figures for those who do not see the chart.

/// The drawing's width, in SVG units; it scales to the page, at most one unit to a pixel.
pub const WIDTH: u32 = 400;
/// The longest bar, leaving room for the value after it.
const LONGEST: u32 = 320;
/// The height of one row: its label on a line of its own, then its bar. A label beside
/// its bar would leave the bars too little room on a phone, where the drawing shrinks to
/// the screen and its words with it.
const ROW: u32 = 48;
/// The label's baseline, from the top of its row.
const LABEL: u32 = 16;
/// The bar's top, from the top of its row, and its height.
const BAR_FROM: u32 = 22;
const BAR: u32 = 18;
/// Space above the first row and below the last.
const MARGIN: u32 = 4;

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
    /// The baseline of the label, above the bar.
    pub label_y: u32,
    /// The top of the bar.
    pub y: u32,
    /// The baseline of the value, beside the bar.
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
                let top = MARGIN + row * ROW;
                let y = top + BAR_FROM;
                Bar {
                    label: figure.label,
                    written: figure.written,
                    label_y: top + LABEL,
                    y,
                    text_y: y + BAR - 4,
                    width,
                    value_x: width + 6,
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
        assert_eq!(chart.bars[1].value_x, LONGEST + 6);
        assert!(chart.bars[0].y < chart.bars[1].y);
        // Each label stands above its own bar, below the bar of the row before.
        assert!(chart.bars[0].y + BAR < chart.bars[1].label_y - LABEL + 4);
        assert!(chart.bars[1].label_y < chart.bars[1].y);
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
