//! The customer grid: a header that sorts (announced with `aria-sort`) and stays in sight, and only the
//! rows on screen in the page — a spacer above and below stands for the rest, so 100,000 customers scroll
//! like 50. One line per customer (a compact card on phones); the Microsoft ID shortened, whole on hover,
//! with a copy button.

use std::collections::{HashMap, HashSet};

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use super::filters::column_label;
use crate::components::relationship_badge::RelationshipBadge;
use crate::domain::customer_index::{Hits, Sort, SortColumn};
use crate::domain::list_row::ListRow;
use crate::i18n::texts::List as L;
use crate::i18n::view::{t, tf, tr};
use crate::platform::{self, href};
use crate::state::use_app;

/// Row heights in pixels (one line on wide screens, a card on phones); the CSS gives rows the same.
const ROW: f64 = 41.0;
const CARD: f64 = 100.0;
/// Rows drawn beyond the screen's edges, so fast scrolling does not show gaps.
const OVERSCAN: usize = 12;

fn phone() -> bool {
    web_sys::window().and_then(|w| w.match_media("(max-width: 719px)").ok().flatten()).is_some_and(|m| m.matches())
}

fn viewport_height() -> f64 {
    web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(800.0)
}

/// The windowed grid. `on_screen` receives the range of rows on screen (for the count).
#[component]
pub fn Grid(
    hits: Memo<Hits>,
    selected: RwSignal<HashSet<Uuid>>,
    sort: Memo<Sort>,
    set_sort: Callback<Sort>,
    names: Memo<HashMap<String, String>>,
    on_screen: RwSignal<(usize, usize)>,
    /// Called before a customer opens (the page writes its URL first).
    before_leaving: Callback<()>,
) -> impl IntoView {
    let list = use_app().customers;
    let body = NodeRef::<leptos::html::Tbody>::new();
    // How far the rows reach above the top of the screen, and how high the screen is.
    let above = RwSignal::new(0.0f64);
    let screen = RwSignal::new((viewport_height(), phone()));
    let measure = move || {
        if let Some(el) = body.get_untracked() {
            above.set(-el.get_bounding_client_rect().top());
        }
        let now = (viewport_height(), phone());
        if screen.get_untracked() != now {
            screen.set(now);
        }
    };
    let scroll = window_event_listener(ev::scroll, move |_| measure());
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || {
        scroll.remove();
        resize.remove();
    });
    Effect::new(move |_| {
        hits.track();
        measure();
    });
    let window = Memo::new(move |_| {
        let n = hits.with(|h| h.len());
        let (height, phone) = screen.get();
        let row = if phone { CARD } else { ROW };
        let first = ((above.get().max(0.0) / row) as usize).min(n);
        let end = first + (height / row).ceil() as usize + 1;
        Window {
            start: first.saturating_sub(OVERSCAN),
            end: (end + OVERSCAN).min(n),
            on_screen: first..end.min(n),
            kept: end + OVERSCAN,
        }
    });
    Effect::new(move |_| {
        let Window { on_screen: shown, .. } = window.get();
        on_screen.set((shown.start, shown.end));
    });
    let spacer = move |before: bool| {
        let Window { start, end, .. } = window.get();
        let n = hits.with(|h| h.len());
        let row = if screen.get().1 { CARD } else { ROW };
        let count = if before { start } else { n - end };
        format!("{}px", count as f64 * row)
    };
    // The header checkbox: the rows on screen.
    let screen_ids = move || {
        let shown = window.get().on_screen;
        list.with(|index| hits.with(|h| h[shown].iter().map(|p| index.id(*p)).collect::<Vec<Uuid>>()))
    };
    let all_on_screen = move || {
        let ids = screen_ids();
        !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    };
    let header = move |column: SortColumn, class: &'static str| {
        let state = move || match sort.get() {
            s if s.column == column && s.descending => "descending",
            s if s.column == column => "ascending",
            _ => "none",
        };
        view! {
            <th scope="col" class=class aria-sort=state>
                <button class="sort" on:click=move |_| set_sort.run(sort.get_untracked().toggled(column))>
                    {move || tr(column_label(column))}
                    <span class="sort-mark" aria-hidden="true">{move || match state() { "ascending" => "▲", "descending" => "▼", _ => "" }}</span>
                </button>
            </th>
        }
    };
    view! {
        <table class="grid-customers" aria-rowcount=move || hits.with(|h| h.len()) + 1>
            <thead>
                <tr aria-rowindex="1">
                    <th scope="col" class="select"><label class="hit">
                        <input type="checkbox" id="select-all" aria-label=t(L::SelectAll) prop:checked=all_on_screen
                            on:change:target=move |ev| {
                                let on = ev.target().checked();
                                let ids = screen_ids();
                                selected.update(|s| for id in ids { if on { s.insert(id); } else { s.remove(&id); } });
                            }/>
                    </label></th>
                    {header(SortColumn::Name, "name")}
                    {header(SortColumn::Domain, "domain")}
                    <th scope="col" class="id">{t(L::MicrosoftId)}</th>
                    {header(SortColumn::Relationship, "relationship")}
                    <th scope="col" class="provider">{t(L::Provider)}</th>
                    <th scope="col" class="tags">{t(L::Tags)}</th>
                    {header(SortColumn::Added, "date")}
                    {header(SortColumn::Changed, "date")}
                </tr>
            </thead>
            <tbody node_ref=body>
                <tr class="spacer" aria-hidden="true"><td colspan="9" style:height=move || spacer(true)></td></tr>
                // Keyed by place: when the search or the sort changes which customer is at a place, its row's
                // cells are updated in place instead of the row being rebuilt. A screenful of places is kept
                // even when fewer customers match (the spare rows hidden), so clearing a search that found
                // one customer fills rows that are there instead of making them.
                <For each=move || { let Window { start, kept, .. } = window.get(); start..kept } key=|position| *position let:position>
                    <Row row=Memo::new(move |last: Option<&Option<ListRow>>| {
                            list.with(|index| hits.with(|h| h.get(position).map(|p| index.row(*p))))
                                .or_else(|| last.cloned().flatten())
                        })
                        spare=Memo::new(move |_| hits.with(|h| position >= h.len()))
                        position selected names before_leaving/>
                </For>
                <tr class="spacer" aria-hidden="true"><td colspan="9" style:height=move || spacer(false)></td></tr>
            </tbody>
        </table>
    }
}

/// The places of the grid drawn, on screen and kept.
#[derive(Clone, PartialEq)]
struct Window {
    /// The first place drawn (some rows above the screen, so fast scrolling shows no gap).
    start: usize,
    /// The end of the places drawn with a customer (the spacer below stands for the rest).
    end: usize,
    /// The places on the screen.
    on_screen: std::ops::Range<usize>,
    /// The end of the places kept in the page: a screenful even when fewer customers match, the spare ones
    /// hidden.
    kept: usize,
}

/// The customer at one place of the grid (`None` until a customer was there). A spare place is hidden and
/// keeps the customer it showed last, so that filling it again changes only the cells that differ.
#[component]
fn Row(
    row: Memo<Option<ListRow>>,
    spare: Memo<bool>,
    position: usize,
    selected: RwSignal<HashSet<Uuid>>,
    names: Memo<HashMap<String, String>>,
    before_leaving: Callback<()>,
) -> impl IntoView {
    let field = move |f: fn(&ListRow) -> String| move || row.with(|r| r.as_ref().map(f).unwrap_or_default());
    let id = Memo::new(move |_| row.with(|r| r.as_ref().map(|r| r.id).unwrap_or_default()));
    let name = Memo::new(move |_| row.with(|r| r.as_ref().map(|r| r.name.clone()).unwrap_or_default()));
    let domain = Memo::new(move |_| row.with(|r| r.as_ref().map(|r| r.domain.clone()).unwrap_or_default()));
    let provider = move || {
        row.with(|r| match r.as_ref().and_then(|r| r.provider.as_ref()) {
            None => "—".to_string(),
            Some(p) => names.with(|n| n.get(p).cloned()).unwrap_or_else(|| p.clone()),
        })
    };
    let direct = move || row.with(|r| r.as_ref().is_none_or(|r| r.provider.is_none()));
    let ended = Memo::new(move |_| row.with(|r| r.as_ref().is_some_and(|r| r.ended)));
    let relationship = Memo::new(move |_| row.with(|r| r.as_ref().map(|r| r.relationship)));
    let tags = Memo::new(move |_| row.with(|r| r.as_ref().map(|r| r.tags.clone()).unwrap_or_default()));
    // The customer whose id was copied last (the mark goes when another customer takes this place).
    let copied = RwSignal::new(None::<Uuid>);
    let copy = move |_| {
        let shown = id.get_untracked();
        spawn_local(async move {
            if platform::copy_to_clipboard(&shown.to_string()).await {
                copied.set(Some(shown));
            }
        });
    };
    let is_copied = move || copied.get() == Some(id.get());
    let full_id = move || id.get().to_string();
    view! {
        <tr class:customer-row=move || !spare.get() class:ended=ended aria-rowindex=position + 2 hidden=spare>
            // The box's label is the whole cell, so a thumb on a phone finds it.
            <td class="select"><label class="hit">
                <input type="checkbox" aria-label=move || tf(L::SelectOne, &[&name.get()])
                    prop:checked=move || selected.with(|s| s.contains(&id.get()))
                    on:change:target=move |ev| {
                        let (on, id) = (ev.target().checked(), id.get_untracked());
                        selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                    }/>
            </label></td>
            <td class="name" on:click=move |_| before_leaving.run(())><a href=move || href(&format!("/customers/{}", id.get()))>{name}</a></td>
            <td class="domain mono" title=domain>{domain}</td>
            <td class="id mono">
                <span title=full_id>{move || format!("{}…", &full_id()[..8])}</span>
                <button class="copy" on:click=copy aria-label=move || tf(L::CopyId, &[&name.get()])
                    title=move || if is_copied() { tr(L::Copied).to_string() } else { full_id() }>
                    {move || if is_copied() {
                        view! { <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M2 8.5l4 4 8-9" fill="none" stroke="currentColor" stroke-width="2"/></svg> }.into_any()
                    } else {
                        view! { <svg viewBox="0 0 16 16" aria-hidden="true"><rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M3 11V3.5A1.5 1.5 0 0 1 4.5 2H11" fill="none" stroke="currentColor" stroke-width="1.5"/></svg> }.into_any()
                    }}
                </button>
            </td>
            <td class="relationship">
                {move || match (ended.get(), relationship.get()) {
                    (true, _) => view! { <span class="badge badge-ended">{t(L::Ended)}</span> }.into_any(),
                    (false, Some(relationship)) => view! { <RelationshipBadge relationship/> }.into_any(),
                    (false, None) => ().into_any(),
                }}
            </td>
            <td class="provider" class:direct=direct>{provider}</td>
            <td class="tags" title=move || tags.with(|t| t.join(", "))>
                {move || tags.get().into_iter().map(|t| view! { <span class="tag">{t}</span> }).collect_view()}
            </td>
            <td class="date">{field(|r| platform::format_date(r.added.date_utc()))}</td>
            <td class="date">{field(|r| platform::format_date(r.changed.date_utc()))}</td>
        </tr>
    }
}
