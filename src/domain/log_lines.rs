//! The activity log as drawn: its entries, newest first, with a day's heading where the day changes — and
//! where each line sits, so a page can draw only the lines on screen (100,000 entries scroll like 50).

use std::ops::Range;

use time::Date;

/// One line of the log: a day's heading, or the entry at that place of the entries read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLine {
    Day(Date),
    Entry(usize),
}

/// How high a heading and an entry are drawn, in pixels (one layout: a wide screen's rows or a phone's
/// cards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineHeights {
    pub day: f64,
    pub entry: f64,
}

/// The lines of the entries read so far, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogLines {
    lines: Vec<LogLine>,
    /// The places of the headings among the lines, ascending.
    days: Vec<usize>,
    /// How many entries the lines hold.
    entries: usize,
}

impl LogLines {
    /// Adds the next entry read, which happened on `day` (a heading first when the day is new).
    pub fn push(&mut self, day: Date) {
        let last_day = self.days.last().map(|&at| self.lines[at]);
        if last_day != Some(LogLine::Day(day)) {
            self.days.push(self.lines.len());
            self.lines.push(LogLine::Day(day));
        }
        self.lines.push(LogLine::Entry(self.entries));
        self.entries += 1;
    }

    /// How many lines there are.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether no entry was read.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The line at `at`.
    pub fn get(&self, at: usize) -> Option<LogLine> {
        self.lines.get(at).copied()
    }

    /// Where the line at `at` starts, in pixels from the first line's top (`at` = the number of lines:
    /// where the last one ends).
    pub fn top(&self, at: usize, h: LineHeights) -> f64 {
        let days = self.days.partition_point(|&d| d < at);
        days as f64 * h.day + (at - days) as f64 * h.entry
    }

    /// How high all lines are together.
    pub fn height(&self, h: LineHeights) -> f64 {
        self.top(self.len(), h)
    }

    /// The lines that reach into the band from `from` to `to` pixels (from the first line's top).
    pub fn within(&self, from: f64, to: f64, h: LineHeights) -> Range<usize> {
        // The first line whose end is below `from`, and the first whose top is at or below `to`.
        let start = partition(self.len(), |at| self.top(at + 1, h) <= from);
        let end = partition(self.len(), |at| self.top(at, h) < to);
        start..end.max(start)
    }
}

/// The first of `0..n` for which `before` is false (`before` true for a prefix, then false).
fn partition(n: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, n);
    while low < high {
        let mid = low + (high - low) / 2;
        if before(mid) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    low
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const H: LineHeights = LineHeights { day: 30.0, entry: 40.0 };

    fn lines(days: &[Date]) -> LogLines {
        let mut l = LogLines::default();
        days.iter().for_each(|d| l.push(*d));
        l
    }

    #[test]
    fn a_heading_comes_before_each_new_day_and_entries_keep_their_places() {
        let l = lines(&[date!(2026 - 12 - 05), date!(2026 - 12 - 05), date!(2026 - 12 - 03), date!(2026 - 12 - 03)]);
        let all: Vec<LogLine> = (0..l.len()).filter_map(|at| l.get(at)).collect();
        assert_eq!(
            all,
            [
                LogLine::Day(date!(2026 - 12 - 05)),
                LogLine::Entry(0),
                LogLine::Entry(1),
                LogLine::Day(date!(2026 - 12 - 03)),
                LogLine::Entry(2),
                LogLine::Entry(3),
            ]
        );
    }

    #[test]
    fn tops_add_each_lines_height() {
        let l = lines(&[date!(2026 - 12 - 05), date!(2026 - 12 - 05), date!(2026 - 12 - 03)]);
        let tops: Vec<f64> = (0..=l.len()).map(|at| l.top(at, H)).collect();
        assert_eq!(tops, [0.0, 30.0, 70.0, 110.0, 140.0, 180.0]);
        assert_eq!(l.height(H), 180.0);
    }

    #[test]
    fn the_band_holds_every_line_that_reaches_into_it() {
        let l = lines(&[date!(2026 - 12 - 05), date!(2026 - 12 - 05), date!(2026 - 12 - 03)]);
        // Lines: day 0–30, entry 30–70, entry 70–110, day 110–140, entry 140–180.
        assert_eq!(l.within(0.0, 30.0, H), 0..1);
        assert_eq!(l.within(29.0, 31.0, H), 0..2);
        assert_eq!(l.within(70.0, 110.0, H), 2..3);
        assert_eq!(l.within(100.0, 1000.0, H), 2..5);
        assert_eq!(l.within(500.0, 900.0, H), 5..5);
        assert_eq!(LogLines::default().within(0.0, 800.0, H), 0..0);
    }

    #[test]
    fn the_band_agrees_with_the_tops_at_scale() {
        // 10,000 entries over 700 days, a few a day.
        let days: Vec<Date> = (0..10_000).map(|i| date!(2026 - 12 - 05) - time::Duration::days(i / 14)).collect();
        let l = lines(&days);
        for from in [0.0, 12_345.0, 250_000.0, l.height(H) - 10.0] {
            let band = l.within(from, from + 800.0, H);
            assert!(l.top(band.start, H) <= from && l.top(band.start + 1, H) > from, "{from}");
            assert!(l.top(band.end - 1, H) < from + 800.0, "{from}");
            assert!(band.end == l.len() || l.top(band.end, H) >= from + 800.0, "{from}");
        }
    }
}
