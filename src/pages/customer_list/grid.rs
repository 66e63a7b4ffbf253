//! The customer grid: a header that sorts (announced with `aria-sort`) and stays in sight, and only the
//! rows on screen in the page — a spacer above and below stands for the rest, so 100,000 customers scroll
//! like 50. One line per customer (a compact card on phones); the Microsoft ID shortened, whole on hover,
//! with a copy button.

use std::collections::{HashMap, HashSet};

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use super::filters::column_label;
use crate::components::relationship_badge::badge_class;
use crate::components::viewport::Viewport;
use crate::domain::customer_index::{Hits, Sort, SortColumn};
use crate::domain::list_row::ListRow;
use crate::i18n::labels::Label;
use crate::i18n::texts::List as L;
use crate::i18n::view::{t, tf, tr};
use crate::platform::{self, href, locale};
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

/// What a row last wrote into the page, so that a redraw writes only the cells and attributes that differ.
#[derive(Clone, Default, PartialEq)]
struct Shown {
    class: &'static str,
    spare: bool,
    /// Whether the customer is selected (the box is compared with the page's, which a click changes).
    selected: bool,
    select_label: String,
    link: String,
    name: String,
    domain: String,
    full_id: String,
    short_id: String,
    copy_label: String,
    copy_title: String,
    copied: bool,
    /// The badge's class and text (none before a customer was at the place).
    badge: Option<(String, &'static str)>,
    provider: String,
    direct: bool,
    tags: Vec<String>,
    added: String,
    changed: String,
}

impl Shown {
    /// What the place shows now, in the language of now (read in an effect, the language is tracked).
    fn of(place: &Place, copied: Option<Uuid>, names: &HashMap<String, String>, selected: &HashSet<Uuid>) -> Shown {
        let Place { row, spare } = place;
        let Some(r) = row else { return Shown { spare: *spare, ..Shown::default() } };
        let full_id = r.id.to_string();
        let short_id = format!("{}…", &full_id[..8]);
        let copied = copied == Some(r.id);
        let badge = if r.ended {
            ("badge badge-ended".to_string(), tr(L::Ended))
        } else {
            (badge_class(r.relationship), r.relationship.label_in(locale::current()))
        };
        let provider = match &r.provider {
            None => "—".to_string(),
            Some(p) => names.get(p).cloned().unwrap_or_else(|| p.clone()),
        };
        Shown {
            class: match (*spare, r.ended) {
                (true, false) => "",
                (true, true) => "ended",
                (false, false) => "customer-row",
                (false, true) => "customer-row ended",
            },
            spare: *spare,
            selected: selected.contains(&r.id),
            select_label: tf(L::SelectOne, &[&r.name]),
            link: href(&format!("/customers/{}", r.id)),
            name: r.name.clone(),
            domain: r.domain.clone(),
            copy_label: tf(L::CopyId, &[&r.name]),
            copy_title: if copied { tr(L::Copied).to_string() } else { full_id.clone() },
            copied,
            full_id,
            short_id,
            badge: Some(badge),
            direct: r.provider.is_none(),
            provider,
            tags: r.tags.clone(),
            added: platform::format_date(r.added.date_utc()),
            changed: platform::format_date(r.changed.date_utc()),
        }
    }
}

/// The elements of a row whose content changes with the customer at its place.
#[derive(Clone, Copy, Default)]
struct Cells {
    row: NodeRef<html::Tr>,
    select: NodeRef<html::Input>,
    link: NodeRef<html::A>,
    domain: NodeRef<html::Td>,
    short_id: NodeRef<html::Span>,
    copy: NodeRef<html::Button>,
    badge: NodeRef<html::Span>,
    provider: NodeRef<html::Td>,
    tags: NodeRef<html::Td>,
    added: NodeRef<html::Td>,
    changed: NodeRef<html::Td>,
}

impl Cells {
    /// Writes what differs between `last` and `now` into the row's elements (false while they are not in the
    /// page yet).
    fn write(&self, last: &Shown, now: &Shown) -> bool {
        let (Some(row), Some(link), Some(domain), Some(short_id), Some(copy), Some(badge)) = (
            self.row.get(),
            self.link.get(),
            self.domain.get(),
            self.short_id.get(),
            self.copy.get(),
            self.badge.get(),
        ) else {
            return false;
        };
        let (Some(select), Some(provider), Some(tags), Some(added), Some(changed)) =
            (self.select.get(), self.provider.get(), self.tags.get(), self.added.get(), self.changed.get())
        else {
            return false;
        };
        let text = |node: &web_sys::Node, was: &str, is: &str| {
            if was != is {
                node.set_text_content(Some(is));
            }
        };
        let attribute = |element: &web_sys::Element, name: &str, was: &str, is: &str| {
            if was != is {
                let _ = element.set_attribute(name, is);
            }
        };
        if last.class != now.class {
            row.set_class_name(now.class);
        }
        if last.spare != now.spare {
            row.set_hidden(now.spare);
        }
        // The box follows the selection (and is put back if a click here went to a customer since gone).
        if select.checked() != now.selected {
            select.set_checked(now.selected);
        }
        attribute(&select, "aria-label", &last.select_label, &now.select_label);
        attribute(&link, "href", &last.link, &now.link);
        text(&link, &last.name, &now.name);
        attribute(&domain, "title", &last.domain, &now.domain);
        text(&domain, &last.domain, &now.domain);
        attribute(&short_id, "title", &last.full_id, &now.full_id);
        text(&short_id, &last.short_id, &now.short_id);
        attribute(&copy, "aria-label", &last.copy_label, &now.copy_label);
        attribute(&copy, "title", &last.copy_title, &now.copy_title);
        if last.copied != now.copied {
            let _ = copy.class_list().toggle_with_force("copied", now.copied);
        }
        if last.badge != now.badge {
            let (class, label) = now.badge.clone().unwrap_or_default();
            badge.set_class_name(&class);
            badge.set_text_content(Some(label));
            badge.set_hidden(now.badge.is_none());
        }
        text(&provider, &last.provider, &now.provider);
        if last.direct != now.direct {
            let _ = provider.class_list().toggle_with_force("direct", now.direct);
        }
        if last.tags != now.tags {
            let _ = tags.set_attribute("title", &now.tags.join(", "));
            tags.set_text_content(None);
            let document = document();
            for tag in &now.tags {
                if let Ok(span) = document.create_element("span") {
                    span.set_class_name("tag");
                    span.set_text_content(Some(tag));
                    let _ = tags.append_child(&span);
                }
            }
        }
        text(&added, &last.added, &now.added);
        text(&changed, &last.changed, &now.changed);
        true
    }
}

/// The customer at one place of the grid. The row's elements are made once; when its customer, the
/// selection, the providers' names, the copied mark or the language change, one effect writes the cells and
/// attributes that differ straight into them. (A closure per cell made ~25 reactive nodes per row, and their
/// bookkeeping was most of a keystroke's time; one reactive view for the whole row, made anew and compared
/// on every change, cost twice as much once views are type-erased for size — see docs/PERFORMANCE.md.)
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
    let cells = Cells::default();
    Effect::new(move |last: Option<Shown>| {
        let now = place.with(|p| names.with(|n| selected.with(|s| Shown::of(p, copied.get(), n, s))));
        // Before the first write the row is as the view below makes it: hidden, its cells empty.
        let last = last.unwrap_or(Shown { spare: true, ..Shown::default() });
        if cells.write(&last, &now) {
            now
        } else {
            last
        }
    });
    view! {
        <tr node_ref=cells.row aria-rowindex=position + 2 hidden>
            // The box's label is the whole cell, so a thumb on a phone finds it.
            <td class="select"><label class="hit">
                <input node_ref=cells.select type="checkbox" on:change=select/>
            </label></td>
            <td class="name" on:click=open><a node_ref=cells.link></a></td>
            <td node_ref=cells.domain class="domain mono"></td>
            <td class="id mono">
                <span node_ref=cells.short_id></span>
                <button node_ref=cells.copy class="copy" on:click=copy>
                    <svg class="copy-done" viewBox="0 0 16 16" aria-hidden="true"><path d="M2 8.5l4 4 8-9" fill="none" stroke="currentColor" stroke-width="2"/></svg>
                    <svg class="copy-todo" viewBox="0 0 16 16" aria-hidden="true"><rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M3 11V3.5A1.5 1.5 0 0 1 4.5 2H11" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>
                </button>
            </td>
            <td class="relationship"><span node_ref=cells.badge hidden></span></td>
            <td node_ref=cells.provider class="provider"></td>
            <td node_ref=cells.tags class="tags"></td>
            <td node_ref=cells.added class="date added"></td>
            <td node_ref=cells.changed class="date changed"></td>
        </tr>
    }
}
