//! Where the counts over Home's chart's bars stand: each just over its bar, or lifted over whatever it would
//! touch — the count beside it ("3,000" next to "2,950" over bars of about the same height) or a taller bar
//! beside it — so no two counts run together, however many digits they have.

/// Room kept between a count and anything around it, in the chart's units.
const GAP: f64 = 3.0;
/// How far a line of text reaches above and below its baseline, in ems (DejaVu Sans: 0.93 and 0.24).
const ASCENT: f64 = 0.95;
const DESCENT: f64 = 0.25;
/// Room between a count's baseline and the top of its own bar (figures have no descenders).
const OVER_BAR: f64 = 4.0;

/// A rectangle in the chart's units (y grows downwards).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Area {
    /// Whether the two come closer than [`GAP`] to each other.
    fn crowds(&self, other: &Area) -> bool {
        self.left < other.right + GAP
            && other.left < self.right + GAP
            && self.top < other.bottom + GAP
            && other.top < self.bottom + GAP
    }
}

/// One bar and the count written over it.
pub struct Column {
    /// The bar as drawn (no height when the month has no customer).
    pub bar: Area,
    /// The count as written ("3,000"), or none over an empty month.
    pub count: Option<String>,
}

/// The area `text` takes in a font of `size` with its baseline at `baseline`, centred on `middle`, as a browser
/// measures a line of text (the font's whole height, not only the figures'). Widths are estimated on the wide
/// side (a digit 0.64 em, as DejaVu Sans' figures; anything else 0.34 em) so that a count measured narrower
/// than it is drawn cannot touch its neighbour.
pub fn text_area(text: &str, size: f64, middle: f64, baseline: f64) -> Area {
    let width: f64 = text.chars().map(|c| if c.is_ascii_digit() { 0.64 } else { 0.34 }).sum::<f64>() * size;
    Area {
        left: middle - width / 2.0,
        top: baseline - ASCENT * size,
        right: middle + width / 2.0,
        bottom: baseline + DESCENT * size,
    }
}

/// The baseline of each column's count (`None` where there is none), in a font of `size`. Each count first
/// finds its own place: over its bar, and over a neighbour's bar where it is wider than its slot. Then, from
/// left to right, a count that would crowd one placed before it is lifted over it — and over the counts after
/// it where they would stand, so that those can stay in their places: counts side by side take turns on two
/// lines rather than climbing a staircase.
pub fn count_baselines(columns: &[Column], size: f64) -> Vec<Option<f64>> {
    let middle = |c: &Column| (c.bar.left + c.bar.right) / 2.0;
    let bars_but = |i: usize| -> Vec<Area> {
        columns.iter().enumerate().filter(|(j, c)| *j != i && c.bar.bottom > c.bar.top).map(|(_, c)| c.bar).collect()
    };
    let own_places: Vec<Option<f64>> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| Some(lowest_clear(c.count.as_deref()?, size, middle(c), c.bar.top - OVER_BAR, &bars_but(i))))
        .collect();
    let own_areas: Vec<Option<Area>> = columns
        .iter()
        .zip(&own_places)
        .map(|(c, at)| Some(text_area(c.count.as_deref()?, size, middle(c), (*at)?)))
        .collect();
    let mut placed: Vec<Area> = Vec::new();
    columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let (count, own) = (column.count.as_deref()?, own_places[i]?);
            let mut in_way = bars_but(i);
            in_way.extend(&placed);
            let mut at = lowest_clear(count, size, middle(column), own, &in_way);
            if at < own {
                in_way.extend(own_areas[i + 1..].iter().flatten());
                at = lowest_clear(count, size, middle(column), at, &in_way);
            }
            placed.push(text_area(count, size, middle(column), at));
            Some(at)
        })
        .collect()
}

/// The lowest baseline, from `baseline` up, at which `count` centred on `middle` crowds none of `in_way`.
fn lowest_clear(count: &str, size: f64, middle: f64, mut baseline: f64, in_way: &[Area]) -> f64 {
    loop {
        let area = text_area(count, size, middle, baseline);
        match in_way.iter().filter(|t| t.crowds(&area)).map(|t| t.top).min_by(f64::total_cmp) {
            // Over the highest thing it touches, a gap (and a hair, for rounding) above it.
            Some(top) => baseline = top - GAP - DESCENT * size - 0.01,
            None => return baseline,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZE: f64 = 15.0;

    /// Twelve bars 36 units apart, 20 wide, standing on 118, of the given heights, each with its count.
    fn columns(heights_and_counts: &[(f64, &str)]) -> Vec<Column> {
        heights_and_counts
            .iter()
            .enumerate()
            .map(|(i, (height, count))| {
                let left = i as f64 * 36.0 + 8.0;
                Column {
                    bar: Area { left, top: 118.0 - height, right: left + 20.0, bottom: 118.0 },
                    count: (!count.is_empty()).then(|| count.to_string()),
                }
            })
            .collect()
    }

    /// Each count's column and area.
    fn areas(columns: &[Column]) -> Vec<(usize, Area)> {
        let baselines = count_baselines(columns, SIZE);
        columns
            .iter()
            .zip(baselines)
            .enumerate()
            .filter_map(|(i, (c, b))| {
                let middle = (c.bar.left + c.bar.right) / 2.0;
                Some((i, text_area(c.count.as_deref()?, SIZE, middle, b?)))
            })
            .collect()
    }

    /// No count crowds another count or another column's bar, and none reaches into its own bar.
    fn assert_apart(columns: &[Column]) {
        let counts = areas(columns);
        for (n, (i, a)) in counts.iter().enumerate() {
            for (_, b) in &counts[n + 1..] {
                assert!(!a.crowds(b), "{a:?} and {b:?}");
            }
            for (j, c) in columns.iter().enumerate().filter(|(_, c)| c.bar.bottom > c.bar.top) {
                let clear = if j == *i { a.bottom - DESCENT * SIZE <= c.bar.top - OVER_BAR } else { !a.crowds(&c.bar) };
                assert!(clear, "{a:?} on the bar {:?}", c.bar);
            }
        }
    }

    #[test]
    fn a_lone_count_stands_just_over_its_bar() {
        let columns = columns(&[(0.0, ""), (100.0, "3,000"), (0.0, "")]);
        assert_eq!(count_baselines(&columns, SIZE), vec![None, Some(18.0 - OVER_BAR), None]);
    }

    #[test]
    fn short_counts_side_by_side_stay_on_their_bars() {
        let columns = columns(&[(50.0, "12"), (52.0, "13"), (49.0, "9")]);
        let tops: Vec<f64> = columns.iter().map(|c| c.bar.top - OVER_BAR).collect();
        assert_eq!(count_baselines(&columns, SIZE), tops.into_iter().map(Some).collect::<Vec<_>>());
    }

    #[test]
    fn four_digit_counts_side_by_side_take_turns_on_two_lines() {
        let twelve: Vec<(f64, &str)> = (0..12).map(|i| (90.0 + f64::from(i % 3), "3,000")).collect();
        let columns = columns(&twelve);
        assert_apart(&columns);
        let baselines: Vec<f64> = count_baselines(&columns, SIZE).into_iter().map(Option::unwrap).collect();
        // Every other count lifted, and no higher than one line.
        for pair in baselines.windows(2) {
            assert!((pair[0] - pair[1]).abs() >= 0.8 * SIZE, "{baselines:?}");
        }
        let lowest = baselines.iter().copied().fold(f64::MIN, f64::max);
        assert!(baselines.iter().all(|b| lowest - b < 2.0 * SIZE + 2.0 * GAP), "{baselines:?}");
    }

    #[test]
    fn counts_wider_than_the_room_between_bars_take_turns_over_them() {
        // A phone's chart: slots of 24, bars of 14; "1.000" reaches over the neighbours' bars.
        let columns: Vec<Column> = (0..3)
            .map(|i| {
                let left = f64::from(i) * 24.0 + 5.0;
                Column { bar: Area { left, top: 20.0, right: left + 14.0, bottom: 110.0 }, count: Some("1.000".into()) }
            })
            .collect();
        let at: Vec<f64> = count_baselines(&columns, SIZE).into_iter().map(Option::unwrap).collect();
        assert_apart(&columns);
        assert_eq!(at[0], at[2], "the outer two on one line: {at:?}");
        assert!(at[1] < at[0], "the middle one over them: {at:?}");
    }

    #[test]
    fn a_count_wider_than_its_place_goes_over_a_taller_neighbour() {
        let columns = columns(&[(10.0, "1,234,567"), (80.0, ""), (40.0, "100,000")]);
        assert_apart(&columns);
        assert!(count_baselines(&columns, SIZE)[0].unwrap() < 38.0, "over the neighbour's top at 38");
    }

    #[test]
    fn counts_of_any_width_and_height_never_crowd() {
        let texts = ["1", "99", "999", "1,000", "10,000", "100,000"];
        for seed in 0..200_u32 {
            let twelve: Vec<(f64, &str)> = (0..12_u32)
                .map(|i| {
                    let n = seed.wrapping_mul(2_654_435_761).wrapping_add(i.wrapping_mul(40_503)).rotate_left(i);
                    (f64::from(n % 101), texts[(n / 101) as usize % texts.len()])
                })
                .collect();
            assert_apart(&columns(&twelve));
        }
    }
}
