//! The customer grid: a header that sorts (announced with `aria-sort`) and stays in sight, and only the
//! rows on screen in the page — a spacer above and below stands for the rest, so 100,000 customers scroll
//! like 50. One line per customer (a compact card on phones); the Microsoft ID shortened, whole on hover,
//! with a copy button.

use std::collections::{HashMap, HashSet};

use leptos::either::{Either, EitherOf3};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use super::filters::column_label;
use crate::components::relationship_badge::relationship_badge;
use crate::components::viewport::Viewport;
use crate::domain::customer_index::{Hits, Sort, SortColumn};
use crate::domain::list_row::ListRow;
use crate::domain::timestamp::Timestamp;
use crate::i18n::texts::List as L;
use crate::i18n::view::{t, tf, tr};
use crate::platform::{self, href};
use crate::state::use_app;

/// Row heights in pixels (one line on wide screens, a card on phones); the CSS gives rows the same.
const ROW: f64 = 41.0;
const CARD: f64 = 100.0;
/// Rows drawn beyond the screen's edges, so fast scrolling does not show gaps.
const OVERSCAN: usize = 12;

/// Rows a printout holds (Ctrl+P, "Save as PDF"): the first of those shown, in their order; beyond them the
/// page says to export a CSV (2,000 rows are ~50 pages).
pub const PRINTED: usize = 2_000;

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
    /// Where the grid's body is on the screen (the page follows it: the filters need the layout too).
    viewport: Viewport,
) -> impl IntoView {
    let list = use_app().customers;
    let Viewport { above, screen, .. } = viewport;
    // Each new result (a keystroke, a filter) has a number. The rows off the screen catch up with it once the
    // rows on screen were painted, so that the first frame after a keystroke lays out only what is seen
    // (laying out the table's rows is most of a keystroke's time, see docs/PERFORMANCE.md).
    let result = Memo::new(move |last: Option<&u64>| {
        hits.track();
        last.map_or(0, |n| n + 1)
    });
    let caught_up = RwSignal::new(0u64);
    // Then too the grid is measured again, as other matches can move it (the bar above it changes): after
    // the paint reading the layout costs nothing — measuring at once made the browser lay the page out in
    // the middle of the keystroke's updates, possibly before the rows changed and then again. (A scroll that
    // a shorter page forces is a scroll event of its own.)
    Effect::new(move |_| {
        let now = result.get();
        request_animation_frame(move || {
            set_timeout(
                move || {
                    viewport.measure();
                    let _ = caught_up.try_set(now);
                },
                std::time::Duration::ZERO,
            )
        });
    });
    // While the page prints, the rows drawn are the first PRINTED instead of the screen's: a printout of the
    // window alone held ~30 customers whatever the list. (The browser runs the page's updates between its
    // `beforeprint` event and laying the printout out.)
    let printing = RwSignal::new(false);
    let before = window_event_listener(ev::beforeprint, move |_| printing.set(true));
    let after = window_event_listener(ev::afterprint, move |_| printing.set(false));
    on_cleanup(move || {
        before.remove();
        after.remove();
    });
    let window = Memo::new(move |_| {
        let n = hits.with(|h| h.len());
        if printing.get() {
            let end = n.min(PRINTED);
            return Window { start: 0, end, on_screen: 0..end, kept: end };
        }
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
                    {header(SortColumn::Added, "date added")}
                    {header(SortColumn::Changed, "date changed")}
                </tr>
            </thead>
            <tbody node_ref=viewport.body()>
                {spacer_row(move || spacer(true))}
                // Keyed by place: when the search or the sort changes which customer is at a place, its row's
                // cells are updated in place instead of the row being rebuilt. A screenful of places is kept
                // even when fewer customers match (the spare rows hidden), so clearing a search that found
                // one customer fills rows that are there instead of making them. A place off the screen shows
                // what it showed until the rows on screen of a new result were painted.
                <For each=move || { let Window { start, kept, .. } = window.get(); start..kept } key=|position| *position let:position>
                    <Row place=Memo::new(move |last: Option<&Place>| {
                            let behind = result.get() != caught_up.get();
                            if let Some(last) = last.filter(|_| behind && !window.with_untracked(|w| w.on_screen.contains(&position))) {
                                return last.clone();
                            }
                            let now = list.with(|index| hits.with(|h| h.get(position).map(|p| index.row(*p))));
                            let spare = now.is_none();
                            Place { row: now.or_else(|| last.and_then(|l| l.row.clone())), spare }
                        })
                        position selected names before_leaving/>
                </For>
                {spacer_row(move || spacer(false))}
            </tbody>
        </table>
    }
}

/// A row standing for the rows not drawn above or below, `height` high, with a cell in each column: a
/// narrower window hides some columns (style/main.css), here as in every other row, so that the table keeps
/// one set of columns (one cell across all of them made the hidden ones again, empty, taking their room).
fn spacer_row(height: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    view! {
        <tr class="spacer" aria-hidden="true" style:height=height
            inner_html=r#"<td></td><td></td><td></td><td class="id"></td><td></td><td class="provider"></td><td></td><td></td><td class="changed"></td>"#>
        </tr>
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

/// What one place of the grid shows: its customer (`None` until a customer was there) and whether the
/// place is spare — hidden, fewer customers matching than a screenful — in which case it keeps the customer
/// it showed last, so that filling it again changes only the cells that differ.
#[derive(Clone, PartialEq)]
struct Place {
    row: Option<ListRow>,
    spare: bool,
}

/// The customer at one place of the grid. The row is one reactive view: drawn again when its customer, the
/// selection, the providers' names, the copied mark or the language change, and only the cells and
/// attributes that differ are written to the page. (A closure per cell made ~25 reactive nodes per row, and
/// their bookkeeping was most of a keystroke's time, see docs/PERFORMANCE.md.)
#[component]
fn Row(
    place: Memo<Place>,
    position: usize,
    selected: RwSignal<HashSet<Uuid>>,
    names: Memo<HashMap<String, String>>,
    before_leaving: Callback<()>,
) -> impl IntoView {
    let shown_id = move || place.with_untracked(|p| p.row.as_ref().map(|r| r.id).unwrap_or_default());
    // The customer whose id was copied last (the mark goes when another customer takes this place).
    let copied = RwSignal::new(None::<Uuid>);
    let copy = move |_| {
        let shown = shown_id();
        spawn_local(async move {
            if platform::copy_to_clipboard(&shown.to_string()).await {
                copied.set(Some(shown));
            }
        });
    };
    let select = move |ev: ev::Event| {
        let (on, id) = (event_target_checked(&ev), shown_id());
        selected.update(|s| {
            if on {
                s.insert(id);
            } else {
                s.remove(&id);
            }
        });
    };
    let open = move |_| before_leaving.run(());
    move || {
        let Place { row, spare } = place.get();
        let r = row.as_ref();
        let id = r.map(|r| r.id).unwrap_or_default();
        let name = r.map(|r| r.name.clone()).unwrap_or_default();
        let domain = r.map(|r| r.domain.clone()).unwrap_or_default();
        let ended = r.is_some_and(|r| r.ended);
        let provider = r.and_then(|r| r.provider.as_ref());
        let provider_name = match provider {
            None => "—".to_string(),
            Some(p) => names.with(|n| n.get(p).cloned()).unwrap_or_else(|| p.clone()),
        };
        let tags = r.map(|r| r.tags.clone()).unwrap_or_default();
        let all_tags = tags.join(", ");
        let date =
            |at: fn(&ListRow) -> Timestamp| r.map(|r| platform::format_date(at(r).date_utc())).unwrap_or_default();
        let full_id = id.to_string();
        let short_id = format!("{}…", &full_id[..8]);
        let (select_label, copy_label) = (tf(L::SelectOne, &[&name]), tf(L::CopyId, &[&name]));
        let is_copied = copied.get() == Some(id);
        let relationship = match (ended, r.map(|r| r.relationship)) {
            (true, _) => EitherOf3::A(view! { <span class="badge badge-ended">{tr(L::Ended)}</span> }),
            (false, Some(relationship)) => EitherOf3::B(relationship_badge(relationship)),
            (false, None) => EitherOf3::C(()),
        };
        view! {
            <tr class:customer-row=!spare class:ended=ended aria-rowindex=position + 2 hidden=spare>
                // The box's label is the whole cell, so a thumb on a phone finds it.
                <td class="select"><label class="hit">
                    <input type="checkbox" aria-label=select_label
                        prop:checked=selected.with(|s| s.contains(&id)) on:change=select/>
                </label></td>
                <td class="name" on:click=open><a href=href(&format!("/customers/{id}"))>{name}</a></td>
                <td class="domain mono" title=domain.clone()>{domain.clone()}</td>
                <td class="id mono">
                    <span title=full_id.clone()>{short_id}</span>
                    <button class="copy" on:click=copy aria-label=copy_label
                        title=if is_copied { tr(L::Copied).to_string() } else { full_id }>
                        {if is_copied {
                            Either::Left(view! { <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M2 8.5l4 4 8-9" fill="none" stroke="currentColor" stroke-width="2"/></svg> })
                        } else {
                            Either::Right(view! { <svg viewBox="0 0 16 16" aria-hidden="true"><rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M3 11V3.5A1.5 1.5 0 0 1 4.5 2H11" fill="none" stroke="currentColor" stroke-width="1.5"/></svg> })
                        }}
                    </button>
                </td>
                <td class="relationship">{relationship}</td>
                <td class="provider" class:direct=provider.is_none()>{provider_name}</td>
                <td class="tags" title=all_tags>
                    {tags.into_iter().map(|t| view! { <span class="tag">{t}</span> }).collect_view()}
                </td>
                <td class="date added">{date(|r| r.added)}</td>
                <td class="date changed">{date(|r| r.changed)}</td>
            </tr>
        }
    }
}
