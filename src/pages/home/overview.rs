//! Home's overview of the customers: how many per relationship, and how many were added in each of the
//! last twelve months as a bar chart drawn in SVG — both from counts, never by reading every customer.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::customer::Relationship;
use crate::domain::list_row::CustomerCounts;
use crate::domain::search::CustomerQuery;
use crate::i18n::labels::Label;
use crate::i18n::texts::Home as H;
use crate::i18n::view::{t, tf};
use crate::platform::{self, format_month, format_month_narrow, format_month_short, format_number, href_with, locale};
use crate::state::use_app;
use crate::store::Store;

/// Months the chart shows, the current one last.
const MONTHS: u32 = 12;

/// The overview card: shown once there is a customer.
#[component]
pub fn Overview(counts: Signal<Option<CustomerCounts>>) -> impl IntoView {
    view! {
        <Show when=move || counts.get().is_some_and(|c| c.all > 0)>
            <section class="card overview" aria-labelledby="overview-title">
                <h2 id="overview-title">{t(H::Overview)}</h2>
                <div class="overview-parts">
                    <ByRelationship counts=counts/>
                    <AddedPerMonth/>
                </div>
            </section>
        </Show>
    }
}

/// The listed customers per relationship, each a link to the list filtered to it, with a bar for its share.
#[component]
fn ByRelationship(counts: Signal<Option<CustomerCounts>>) -> impl IntoView {
    let rows = move || counts.get().map(|c| (c.by_relationship().collect::<Vec<_>>(), c.listed())).unwrap_or_default();
    view! {
        <div class="overview-part">
            <h3>{t(H::ByRelationship)}</h3>
            <ul class="by-relationship" data-testid="by-relationship">
                {move || {
                    let (rows, listed) = rows();
                    rows.into_iter().map(|(r, n)| relationship_row(r, n, listed)).collect_view()
                }}
            </ul>
        </div>
    }
}

/// One relationship's line: its name (a link to the list showing only it), its count and a bar.
fn relationship_row(r: Relationship, n: u32, listed: u32) -> impl IntoView {
    let query = CustomerQuery { relationship: Some(r), ..CustomerQuery::default() };
    let share = if listed == 0 { 0.0 } else { f64::from(n) * 100.0 / f64::from(listed) };
    view! {
        <li>
            <A href=href_with("/customers", &query.to_params())>{r.label_in(locale::current())}</A>
            <span class="count" data-testid=format!("relationship-{}", r.key())>{format_number(n.into())}</span>
            // Drawn in SVG: the page's CSP allows no inline styles.
            <svg class="share" aria-hidden="true" viewBox="0 0 100 8" preserveAspectRatio="none">
                <rect class="share-back" width="100" height="8" rx="2"></rect>
                <rect class="share-part" width=format!("{share:.1}") height="8" rx="2"></rect>
            </svg>
        </li>
    }
}

/// Bars of the customers added in each of the last [`MONTHS`] months (ended ones included), the count over
/// each bar that has one and the month's short name under it (its first letter on a phone, where the short
/// names would touch); the whole figure is one image to a screen reader, named with every month and count.
#[component]
fn AddedPerMonth() -> impl IntoView {
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

/// Chart geometry, in the SVG's own units (it scales to the width it is given).
const WIDTH: f64 = 432.0;
const SLOT: f64 = WIDTH / MONTHS as f64;
const BAR: f64 = 20.0;
const TOP: f64 = 18.0;
const BASE: f64 = 118.0;
const HEIGHT: f64 = 158.0;
/// Where the month's name and, below it, the year stand.
const MONTH_LINE: f64 = 136.0;
const YEAR_LINE: f64 = 154.0;
/// Room left and right for a count wider than its bar (`3,000` over the last month).
const MARGIN: f64 = 14.0;

#[component]
fn Chart(bars: Vec<Bar>) -> impl IntoView {
    let highest = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let total: u32 = bars.iter().map(|b| b.count).sum();
    let summary = tf(H::AddedSummary, &[&format_number(total.into()), &MONTHS]);
    // Each month with its count: the bar's tooltip, and all of them the figure's name to a screen reader.
    let tips: Vec<String> = bars.iter().map(|b| format!("{}: {}", b.long, format_number(b.count.into()))).collect();
    let label = format!("{summary} {}", tips.join(", "));
    let drawn = bars
        .into_iter()
        .zip(tips)
        .enumerate()
        .map(|(i, (bar, tip))| {
            let x = i as f64 * SLOT + (SLOT - BAR) / 2.0;
            let height = (BASE - TOP) * f64::from(bar.count) / f64::from(highest);
            let middle = i as f64 * SLOT + SLOT / 2.0;
            view! {
                <g data-testid="added-month" data-count=bar.count>
                    <title>{tip}</title>
                    <rect class="bar" x=x y=BASE - height width=BAR height=height></rect>
                    {(bar.count > 0).then(|| view! {
                        <text class="bar-count" x=middle y=BASE - height - 4.0 text-anchor="middle">
                            {format_number(bar.count.into())}
                        </text>
                    })}
                    <text class="bar-month short" x=middle y=MONTH_LINE text-anchor="middle">{bar.short}</text>
                    <text class="bar-month narrow" x=middle y=MONTH_LINE text-anchor="middle">{bar.narrow}</text>
                    {bar.year.map(|year| view! {
                        <text class="bar-year" x=middle y=YEAR_LINE text-anchor="middle">{year}</text>
                    })}
                </g>
            }
        })
        .collect_view();
    view! {
        <p class="chart-total" data-testid="added-total">{summary}</p>
        <svg class="added-chart" data-testid="added-chart" role="img" aria-label=label
            viewBox=format!("{} 0 {} {HEIGHT}", -MARGIN, WIDTH + 2.0 * MARGIN)>
            <line class="baseline" x1="0" x2=WIDTH y1=BASE y2=BASE></line>
            {drawn}
        </svg>
    }
}
