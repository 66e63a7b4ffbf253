//! Home's overview of the customers: how many per relationship, and how many were added in each of the
//! last twelve months (`added_chart`) — both from counts, never by reading every customer.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::customer::Relationship;
use crate::domain::list_row::CustomerCounts;
use crate::domain::search::CustomerQuery;
use crate::i18n::labels::Label;
use crate::i18n::texts::Home as H;
use crate::i18n::view::t;
use crate::pages::home::added_chart::AddedPerMonth;
use crate::platform::{format_number, href_with, locale};

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
