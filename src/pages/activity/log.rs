//! The log's table: the entries read so far, grouped by day, with the count and the way to older entries.
//! Only the lines on screen (and a screen above and below) are in the page; a spacer above and below
//! stands for the rest, so 100,000 entries read scroll like 50. Every line has one height (one line on
//! wide screens, a card on phones; the stylesheet gives them the same).

use leptos::prelude::*;
use leptos_router::components::A;
use time::Date;
use uuid::Uuid;

use super::Loaded;
use crate::components::viewport::Viewport;
use crate::domain::activity::ActivityEntry;
use crate::domain::log_lines::{LineHeights, LogLine};
use crate::i18n::activity::{detail_in, user_in};
use crate::i18n::labels::Label;
use crate::i18n::plural;
use crate::i18n::texts::Activity as L;
use crate::i18n::view::{t, tf, tr};
use crate::platform::{format_count, format_day, format_time, href, locale};
use crate::store::StoreError;

/// Line heights in px: rows on wide screens, cards (with the gap below each) on phones.
const ROWS: LineHeights = LineHeights { day: 37.0, entry: 41.0 };
const CARDS: LineHeights = LineHeights { day: 40.0, entry: 104.0 };
/// How far beyond the screen's edges lines are drawn, in px, so fast scrolling shows no gap.
const OVERSCAN: f64 = 600.0;

/// What a drawn line shows, as its key: the same line drawn again only when it shows something else.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Shows {
    Day(Date),
    Entry(Uuid),
}

/// The log's table, the count and the way to older entries.
#[component]
pub fn Log(
    loaded: RwSignal<Option<Result<Loaded, StoreError>>>,
    count: LocalResource<Result<Option<u32>, StoreError>>,
    busy: RwSignal<bool>,
    older: Callback<()>,
) -> impl IntoView {
    let shown = move || with_read(loaded, |l| l.entries.len());
    let complete = move || with_read(loaded, |l| l.complete);
    let count_text = move || {
        let n = shown();
        let read = format_count(n);
        if complete() {
            return tf(plural(n as u64, L::OneEntry, L::Entries), &[&read]);
        }
        match count.get() {
            Some(Ok(Some(counted))) => tf(L::Shown, &[&read, &format_count((counted as usize).max(n))]),
            // The count failed: what was read is still right.
            Some(Err(_)) => tf(L::ShownUncounted, &[&read]),
            _ => tf(L::ShownCounting, &[&read]),
        }
    };

    let body = NodeRef::<leptos::html::Tbody>::new();
    let viewport = Viewport::watch(body);
    let Viewport { above, screen, .. } = viewport;
    // Measured once drawn: the filters above the table decide where it starts.
    request_animation_frame(move || viewport.measure());
    let heights = move || if screen.get().1 { CARDS } else { ROWS };
    let band = Memo::new(move |_| {
        let (h, top) = (heights(), above.get().max(0.0));
        let bottom = top + screen.get().0;
        with_read(loaded, |l| l.lines.within(top - OVERSCAN, bottom + OVERSCAN, h))
    });
    let spacer = move |before: bool| {
        let (h, band) = (heights(), band.get());
        let px = with_read(loaded, |l| {
            if before {
                l.lines.top(band.start, h)
            } else {
                l.lines.height(h) - l.lines.top(band.end, h)
            }
        });
        format!("{px}px")
    };
    let drawn = move || {
        let band = band.get();
        with_read(loaded, |l| {
            band.filter_map(|at| match l.lines.get(at)? {
                LogLine::Day(day) => Some((at, Shows::Day(day))),
                LogLine::Entry(i) => Some((at, Shows::Entry(l.entries.get(i)?.id))),
            })
            .collect::<Vec<_>>()
        })
    };
    let line = move |(at, shows): (usize, Shows)| {
        let rowindex = at + 2;
        match shows {
            Shows::Day(day) => view! {
                <tr class="day" aria-rowindex=rowindex><th colspan="4" scope="colgroup">{move || format_day(day)}</th></tr>
            }
            .into_any(),
            Shows::Entry(_) => {
                let entry = untrack(|| {
                    with_read(loaded, |l| match l.lines.get(at) {
                        Some(LogLine::Entry(i)) => l.entries.get(i).cloned(),
                        _ => None,
                    })
                });
                entry.map(|e| entry_row(e, rowindex)).into_any()
            }
        }
    };
    let rowcount = move || with_read(loaded, |l| l.lines.len()) + 1;
    view! {
        <p class="muted result-count" data-testid="activity-count" aria-live="polite">{count_text}</p>
        <table class="customers activity-log" aria-rowcount=rowcount>
            <thead><tr aria-rowindex="1">
                <th scope="col" class="time">{t(L::Time)}</th><th scope="col" class="customer">{t(L::Customer)}</th>
                <th scope="col" class="action">{t(L::Action)}</th><th scope="col" class="user">{t(L::User)}</th>
            </tr></thead>
            <tbody node_ref=body>
                <tr class="spacer" aria-hidden="true"><td colspan="4" style:height=move || spacer(true)></td></tr>
                <For each=drawn key=|k| *k children=line/>
                <tr class="spacer" aria-hidden="true"><td colspan="4" style:height=move || spacer(false)></td></tr>
            </tbody>
        </table>
        <Show when=move || !complete()>
            <p class="older">
                <button class="button more" id="older-entries" disabled=move || busy.get() on:click=move |_| older.run(())>
                    {move || if busy.get() { tr(L::LoadingOlder) } else { tr(L::Older) }}
                </button>
            </p>
        </Show>
    }
}

/// `f` of what was read, or its default while nothing was (or the read failed).
fn with_read<T: Default>(loaded: RwSignal<Option<Result<Loaded, StoreError>>>, f: impl FnOnce(&Loaded) -> T) -> T {
    loaded.with(|l| l.as_ref().and_then(|l| l.as_ref().ok()).map(f).unwrap_or_default())
}

/// One entry's row: time, customer, action with its detail, user.
fn entry_row(e: ActivityEntry, rowindex: usize) -> impl IntoView {
    let action = e.action;
    let said = e.clone();
    view! {
        <tr class="line" aria-rowindex=rowindex>
            <td data-label=t(L::Time)><time datetime=e.at.to_rfc3339()>{move || format_time(e.at)}</time></td>
            <td data-label=t(L::Customer)>{match e.customer_id {
                Some(id) => view! { <A href=href(&format!("/customers/{id}"))>{e.customer_name.clone()}</A> }.into_any(),
                None => view! { <span>{e.customer_name.clone()}</span> }.into_any(),
            }}</td>
            <td data-label=t(L::Action)>{move || action.label_in(locale::current())}<span class="muted small detail">{move || detail_in(&said, locale::current())}</span></td>
            <td data-label=t(L::User)>{let user = e.user; move || user_in(&user, locale::current())}</td>
        </tr>
    }
}
