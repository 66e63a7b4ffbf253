//! `/customers`: every customer in a dense grid — one line each, only the rows on screen in the page —
//! with search (prefix and substring of company name, domain and Microsoft ID), filters and sorts that live
//! in the URL (`?q=…&rel=…&tag=…&provider=…&ended=1&sort=-changed`, so reload, Back and a shared link
//! restore them), deliberate selection (the rows on screen, then all matching as a second step), bulk tags
//! with undo, and CSV export. The rows come from the tab's list index, which reads its first screen at once
//! and the rest in the background.

mod actions;
mod bulk_bar;
mod filters;
mod grid;
mod selection;
mod work;

use std::collections::{HashMap, HashSet};

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::components::viewport::Viewport;
use crate::domain::customer_index::{Hits, Sort};
use crate::domain::search::CustomerQuery;
use crate::i18n::plural;
use crate::i18n::texts::{Common as C, List as L, Providers as P};
use crate::i18n::view::{say, t, tf, tr};
use crate::platform::{format_count, href, href_with};
use crate::state::customers::Loading;
use crate::state::use_app;
use crate::store::Store;

/// How long typing pauses before the URL is written (a keystroke only redraws the rows).
const URL_PAUSE_MS: u32 = 300;

/// The customer list page.
#[component]
pub fn CustomerListPage() -> impl IntoView {
    let app = use_app();
    let list = app.customers;
    let params = use_query_map();
    let from_url = Memo::new(move |_| {
        params
            .with(|m| (CustomerQuery::from_params(|k| m.get(k)), Sort::from_param(&m.get("sort").unwrap_or_default())))
    });
    // What the list shows follows the partner at once; the URL follows when typing pauses. A URL changed
    // from elsewhere (Back, a link) is taken over.
    let state = RwSignal::new(from_url.get_untracked());
    Effect::new(move |_| {
        let wanted = from_url.get();
        if state.get_untracked() != wanted {
            state.set(wanted);
        }
    });
    let query = Memo::new(move |_| state.with(|s| s.0.clone()));
    let sort = Memo::new(move |_| state.with(|s| s.1));
    Effect::new(move |_| list.load(sort.get()));
    // After a change of a few customers, the last result is brought up to date from them alone.
    let hits: Memo<Hits> = Memo::new(move |previous: Option<&Hits>| {
        sort.track();
        list.with(|index| index.query_since(&query.get(), previous))
    });

    // Search, filters and sort are written into the URL, replacing the entry (Back leaves the list).
    let navigate = StoredValue::new_local(use_navigate());
    let write_url = move |q: CustomerQuery, s: Sort| {
        let mut params = q.to_params();
        if s != Sort::default() {
            params.push(("sort", s.to_param()));
        }
        let url = href_with("/customers", &params);
        navigate.with_value(|n| n(&url, NavigateOptions { replace: true, scroll: false, ..Default::default() }));
    };
    let pending = StoredValue::new(0u64);
    let go = move |q: CustomerQuery, s: Sort| {
        state.set((q, s));
        pending.update_value(|n| *n += 1);
        let mine = pending.get_value();
        spawn_local(async move {
            TimeoutFuture::new(URL_PAUSE_MS).await;
            if pending.get_value() == mine {
                let (q, s) = state.get_untracked();
                write_url(q, s);
            }
        });
    };
    // Opening a customer writes a pending URL first, so Back comes back to exactly this list.
    let before_leaving = Callback::new(move |()| {
        pending.update_value(|n| *n += 1);
        let (q, s) = state.get_untracked();
        if from_url.get_untracked() != (q.clone(), s) {
            write_url(q, s);
        }
    });
    let set_query = Callback::new(move |q: CustomerQuery| go(q, sort.get_untracked()));
    let set_sort = Callback::new(move |s: Sort| go(query.get_untracked(), s));

    let providers = LocalResource::new(move || {
        app.changes.providers.track();
        let store = app.store.clone();
        async move { store.providers().await }
    });
    // Said above the list when it fails: the column and the filter then show partner ids without names.
    let providers_error =
        move || providers.get().and_then(Result::err).map(|e| tf(P::ProvidersUnreadable, &[&say(&e)]));
    // Partner id → provider name, for the column and the filter.
    let provider_names = Memo::new(move |_| {
        providers
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.partner_id.to_lowercase(), p.name))
            .collect::<HashMap<_, _>>()
    });
    let selected = RwSignal::new(HashSet::<Uuid>::new());
    // The rows on screen, for the count ("1–50 of 2,345") and the header checkbox.
    let on_screen = RwSignal::new((0usize, 0usize));
    // Where the grid's rows are on the screen, and whether the phone layout applies (for the filters too).
    let viewport = Viewport::watch(NodeRef::new());

    view! {
        <div class="list-page">
            <div class="page-head">
                <h1>{t(C::NavCustomers)}</h1>
                <actions::PageActions hits/>
            </div>
            {move || providers_error().map(|text| view! { <p class="notice notice-error" role="alert" id="list-providers-read-error">{text}</p> })}
            <filters::Filters query set_query sort set_sort names=provider_names viewport/>
            <selection::SelectionBar hits selected/>
            <NothingShown hits set_query/>
            // Hidden, not removed, while nothing matches: the next keystroke that finds customers fills the
            // rows that are there instead of making the grid again (a search that found nothing and then one
            // customer took a frame and more to draw).
            <div class="results" hidden=move || hits.with(|h| h.is_empty())>
                <Counts hits query on_screen set_query/>
                <grid::Grid hits selected sort set_sort names=provider_names on_screen before_leaving viewport/>
            </div>
        </div>
    }
}

/// What stands in place of the rows when none are shown: still reading, the read failed, no customers yet,
/// or none matching.
#[component]
fn NothingShown(hits: Memo<Hits>, set_query: Callback<CustomerQuery>) -> impl IntoView {
    let list = use_app().customers;
    view! {
    {move || {
        let loading = list.loading.get();
        let empty = list.with(|i| i.is_empty());
        match (loading, empty, hits.with(|h| h.is_empty())) {
            (Loading::Failed(e), true, _) => view! { <p class="notice notice-error" role="alert">{say(&e)}</p> }.into_any(),
            (Loading::NotStarted | Loading::Reading { .. }, true, _) => {
                view! { <p class="muted" role="status">{t(L::Loading)}</p> }.into_any()
            }
            (Loading::Complete, true, _) => view! {
                <section class="card empty">
                    <h2>{t(L::NoCustomers)}</h2>
                    <p>{t(L::NoCustomersText)}</p>
                    <A href=href("/customers/new") attr:class="button primary">{t(L::AddFirst)}</A>
                </section>
            }.into_any(),
            (_, false, true) => view! {
                <section class="card empty">
                    <h2>{t(L::NoMatch)}</h2>
                    <p>{t(L::NoMatchText)}</p>
                    <button class="button" on:click=move |_| set_query.run(CustomerQuery::default())>{t(L::ClearSearch)}</button>
                </section>
            }.into_any(),
            _ => ().into_any(),
        }
    }}
    }
}

/// "1–50 of 2,345 matching (100,000 customers)", whether the list is still being read, and how many ended
/// relationships the filter hides.
#[component]
fn Counts(
    hits: Memo<Hits>,
    query: Memo<CustomerQuery>,
    on_screen: RwSignal<(usize, usize)>,
    set_query: Callback<CustomerQuery>,
) -> impl IntoView {
    let list = use_app().customers;
    let text = move || {
        let n = hits.with(|h| h.len());
        let (first, last) = on_screen.get();
        let (from, to) = (format_count((first + 1).min(n)), format_count(last.max(first + 1).min(n)));
        let total = list.with(|i| i.len());
        let main = match (query.with(CustomerQuery::narrows), n, total) {
            (false, 1, _) => tr(L::OneCustomer).to_string(),
            (false, ..) => tf(L::RangeOf, &[&from, &to, &format_count(n)]),
            (true, 1, 1) => tr(L::OneOfOne).to_string(),
            (true, 1, _) => tf(L::OneOf, &[&format_count(total)]),
            (true, ..) => tf(L::RangeOfMatching, &[&from, &to, &format_count(n), &format_count(total)]),
        };
        match list.loading.get() {
            Loading::Reading { total: Some(all) } => {
                format!("{main} — {}", tf(L::StillReading, &[&format_count(total), &format_count(all as usize)]))
            }
            Loading::Reading { total: None } => format!("{main} — {}", tr(L::StillCounting)),
            _ => main,
        }
    };
    // Counted when the list changes, not on every keystroke (it walks every row).
    let ended = Memo::new(move |_| list.with(|i| i.ended()));
    let hidden = move || if query.with(|q| q.show_ended) { 0 } else { ended.get() };
    view! {
        <p class="muted result-count" role="status" aria-live="polite">
            <span data-testid="result-count">{text}</span>
            {move || (hits.with(|h| h.len()) > grid::PRINTED).then(|| view! {
                <span class="print-only" data-testid="printed-first">{move || tf(L::PrintedFirst, &[&format_count(grid::PRINTED)])}</span>
            })}
            {move || (hidden() > 0).then(|| view! {
                " · "<span data-testid="ended-hidden">{move || tf(plural(hidden() as u64, L::OneEndedHidden, L::EndedHidden), &[&format_count(hidden())])}</span>" "
                <button class="link-button" id="show-ended-note" on:click=move |_| {
                    set_query.run(CustomerQuery { show_ended: true, ..query.get_untracked() })
                }>{t(L::ShowThem)}</button>
            })}
        </p>
    }
}
