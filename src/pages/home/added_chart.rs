//! Home's chart of the customers added in each of the last twelve months, drawn in SVG from counts: one
//! drawing for a desktop (the months' short names) and one for a phone (their first letters, in a drawing
//! about as wide as the phone, so that its text is not scaled down); the stylesheet shows one of them.

use leptos::prelude::*;

use crate::domain::chart_labels::{count_baselines, text_area, Area, Column};
use crate::i18n::texts::Home as H;
use crate::i18n::view::{t, tf};
use crate::platform::{self, format_month, format_month_narrow, format_month_short, format_number};
use crate::state::use_app;
use crate::store::Store;

/// Months the chart shows, the current one last.
const MONTHS: u32 = 12;

/// Bars of the customers added in each of the last [`MONTHS`] months (ended ones included), the count over
/// each bar that has one and the month's name under it; the whole figure is one image to a screen reader,
/// named with every month and count.
#[component]
pub fn AddedPerMonth() -> impl IntoView {
    let app = use_app();
    let store = app.store.clone();
    let months = platform::recent_months(MONTHS);
    let spans: Vec<_> = months.iter().map(|(_, span)| span.clone()).collect();
    let added = LocalResource::new(move || {
        app.changes.customers.track();
        let (store, spans) = (store.clone(), spans.clone());
        async move { store.customers_added(&spans).await }
    });
    let chart = move || {
        let counts = added.get().and_then(Result::ok)?;
        let bars: Vec<Bar> = months
            .iter()
            .zip(counts)
            .enumerate()
            .map(|(i, ((first, _), count))| Bar {
                short: format_month_short(*first),
                narrow: format_month_narrow(*first),
                long: format_month(*first),
                // The year under the first month and under each January.
                year: (i == 0 || first.month() == time::Month::January).then(|| first.year()),
                count,
            })
            .collect();
        Some(view! { <Chart bars/> })
    };
    view! {
        <div class="overview-part">
            <h3>{t(H::AddedPerMonth)}</h3>
            {chart}
        </div>
    }
}

/// One month of the chart.
struct Bar {
    short: String,
    narrow: String,
    long: String,
    year: Option<i32>,
    count: u32,
}

/// One drawing's measures, in the SVG's own units (it scales to the width it is given, so a drawing as wide
/// as the place it gets shows its text at the size written here).
struct Geometry {
    /// The stylesheet's name for the drawing (`wide` or `narrow`).
    class: &'static str,
    width: f64,
    bar: f64,
    /// Where the tallest bar's top and the bars' foot stand.
    top: f64,
    base: f64,
    /// Where the month's name and, below it, the year stand.
    month_line: f64,
    year_line: f64,
    height: f64,
    count_size: f64,
    month_size: f64,
    /// The months' short names, or their first letters.
    narrow_names: bool,
}

/// A desktop's drawing: half a card, ~28rem.
const WIDE: Geometry = Geometry {
    class: "wide",
    width: 432.0,
    bar: 20.0,
    top: 20.0,
    base: 118.0,
    month_line: 136.0,
    year_line: 154.0,
    height: 158.0,
    count_size: 15.0,
    month_size: 15.0,
    narrow_names: false,
};

/// A phone's drawing: a card on a 360 px screen.
const NARROW: Geometry = Geometry {
    class: "narrow",
    width: 288.0,
    bar: 14.0,
    top: 18.0,
    base: 110.0,
    month_line: 127.0,
    year_line: 143.0,
    height: 147.0,
    count_size: 13.0,
    month_size: 14.0,
    narrow_names: true,
};

#[component]
fn Chart(bars: Vec<Bar>) -> impl IntoView {
    let total: u32 = bars.iter().map(|b| b.count).sum();
    let summary = tf(H::AddedSummary, &[&format_number(total.into()), &MONTHS]);
    // Each month with its count: the bar's tooltip, and all of them the figure's name to a screen reader.
    let tips: Vec<String> = bars.iter().map(|b| format!("{}: {}", b.long, format_number(b.count.into()))).collect();
    let label = format!("{summary} {}", tips.join(", "));
    view! {
        <p class="chart-total" data-testid="added-total">{summary}</p>
        {drawing(&bars, &tips, &label, &WIDE)}
        {drawing(&bars, &tips, &label, &NARROW)}
    }
}

/// The chart drawn to `g`: each bar with its tooltip, its count over it (lifted where it would touch a
/// neighbour) and its month under it. The drawing grows upwards as far as a lifted count needs.
fn drawing(bars: &[Bar], tips: &[String], label: &str, g: &Geometry) -> impl IntoView {
    let highest = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let slot = g.width / f64::from(MONTHS);
    let columns: Vec<Column> = bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let left = i as f64 * slot + (slot - g.bar) / 2.0;
            let height = (g.base - g.top) * f64::from(bar.count) / f64::from(highest);
            Column {
                bar: Area { left, top: g.base - height, right: left + g.bar, bottom: g.base },
                count: (bar.count > 0).then(|| format_number(bar.count.into())),
            }
        })
        .collect();
    let baselines = count_baselines(&columns, g.count_size);
    // The drawing's box: the bars, and the counts and years (wider than a month's slot at either end).
    let mut frame = Area { left: 0.0, top: 0.0, right: g.width, bottom: g.height };
    for ((column, baseline), bar) in columns.iter().zip(&baselines).zip(bars) {
        let middle = (column.bar.left + column.bar.right) / 2.0;
        let count = column.count.as_deref().zip(*baseline);
        let year = bar.year.map(|year| (year.to_string(), g.year_line));
        let texts = count.map(|(count, at)| text_area(count, g.count_size, middle, at));
        for area in texts.into_iter().chain(year.map(|(year, at)| text_area(&year, g.count_size, middle, at))) {
            frame.left = frame.left.min(area.left - 1.0);
            frame.right = frame.right.max(area.right + 1.0);
            frame.top = frame.top.min(area.top - 1.0);
        }
    }
    let drawn = bars
        .iter()
        .zip(columns)
        .zip(baselines)
        .zip(tips)
        .map(|(((bar, column), baseline), tip)| {
            let middle = (column.bar.left + column.bar.right) / 2.0;
            let Area { left, top, .. } = column.bar;
            let name = if g.narrow_names { bar.narrow.clone() } else { bar.short.clone() };
            view! {
                <g data-testid="added-month" data-count=bar.count>
                    <title>{tip.clone()}</title>
                    <rect class="bar" x=left y=top width=g.bar height=g.base - top></rect>
                    {column.count.zip(baseline).map(|(count, y)| view! {
                        <text class="bar-count" x=middle y=y text-anchor="middle" font-size=g.count_size>{count}</text>
                    })}
                    <text class="bar-month" x=middle y=g.month_line text-anchor="middle" font-size=g.month_size>
                        {name}
                    </text>
                    {bar.year.map(|year| view! {
                        <text class="bar-year" x=middle y=g.year_line text-anchor="middle" font-size=g.count_size>
                            {year}
                        </text>
                    })}
                </g>
            }
        })
        .collect_view();
    let view_box = format!("{} {} {} {}", frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top);
    view! {
        <svg class=format!("added-chart {}", g.class) data-testid="added-chart" role="img" aria-label=label.to_string()
            viewBox=view_box>
            <line class="baseline" x1="0" x2=g.width y1=g.base y2=g.base></line>
            {drawn}
        </svg>
    }
}
