//! `/activity`: the activity log — newest first, grouped by day, times to the second — with a date range
//! (default: the last month) and a customer in the URL, and a CSV export of what the filters select. The
//! log is read a page at a time as the partner scrolls, so 100,000 entries open as fast as ten, and only
//! the lines on screen are drawn (`log.rs`), so reading far does not slow the page down.

mod log;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use time::Date;
use uuid::Uuid;

use self::log::Log;
use crate::components::customer_picker::CustomerPicker;
use crate::components::field::DateField;
use crate::components::read_failed::ReadFailed;
use crate::domain::activity::{ActivityEntry, ActivityQuery};
use crate::domain::csv_export::activity_csv;
use crate::domain::log_lines::LogLines;
use crate::domain::validation::{iso_date, typed_date};
use crate::i18n::activity::user_in;
use crate::i18n::texts::{Activity as A, Common as C};
use crate::i18n::view::{say, shown, t, tr, Said};
use crate::platform::{self, format_timestamp, href_with, locale};
use crate::state::use_app;
use crate::store::idb::IdbStore;
use crate::store::{Store, StoreError};

/// Entries read per step (the first screen and each step further down).
const PAGE: u32 = 100;
/// Entries read per step of the export.
const EXPORT_PAGE: u32 = 2000;
/// How close to the end of the page (in px) the next step is read.
const NEAR_END_PX: f64 = 800.0;

/// What has been read of the log for the current filters.
#[derive(Clone, Default)]
struct Loaded {
    entries: Vec<ActivityEntry>,
    /// The entries as drawn, with a heading per day.
    lines: LogLines,
    /// Every entry of the filters has been read.
    complete: bool,
}

impl Loaded {
    /// Adds the next entries read for `query`.
    fn extend(&mut self, page: Vec<ActivityEntry>, query: &ActivityQuery) {
        for entry in &page {
            self.lines.push(query.local_date(entry.at));
        }
        self.entries.extend(page);
    }
}

/// The entries read so far for the page's query: a step at a time as the partner scrolls, or afresh after
/// a change to the log.
#[derive(Clone, Copy)]
struct LogReader {
    loaded: RwSignal<Option<Result<Loaded, StoreError>>>,
    busy: RwSignal<bool>,
    /// Counts the queries: what a read of an earlier one brings is dropped.
    generation: StoredValue<u64>,
    store: StoredValue<IdbStore>,
}

impl LogReader {
    fn new(store: IdbStore) -> LogReader {
        LogReader {
            loaded: RwSignal::new(None),
            busy: RwSignal::new(false),
            generation: StoredValue::new(0),
            store: StoredValue::new(store),
        }
    }

    /// Reads the next step of `query`, or (`again`) its first `n` entries afresh.
    fn read(self, query: Option<ActivityQuery>, again: Option<u32>) {
        let LogReader { loaded, busy, generation, store } = self;
        let Some(q) = query else { return };
        let (after, limit) = match again {
            Some(n) => (None, n.max(PAGE)),
            None => match loaded.get_untracked() {
                Some(Ok(l)) if l.complete => return,
                Some(Ok(l)) => (l.entries.last().map(ActivityEntry::position), PAGE),
                _ => (None, PAGE),
            },
        };
        if again.is_none() && busy.get_untracked() {
            return;
        }
        busy.set(true);
        let mine = generation.get_value();
        let store = store.get_value();
        spawn_local(async move {
            let page = store.activity_page(&q, after, limit).await;
            if generation.get_value() != mine {
                return;
            }
            busy.set(false);
            match page {
                Err(e) => loaded.set(Some(Err(e))),
                Ok(page) => loaded.update(|l| {
                    let complete = page.len() < limit as usize;
                    match (l, after) {
                        (Some(Ok(l)), Some(_)) => {
                            l.extend(page, &q);
                            l.complete = complete;
                        }
                        (l, _) => {
                            let mut read = Loaded { complete, ..Loaded::default() };
                            read.extend(page, &q);
                            *l = Some(Ok(read));
                        }
                    }
                }),
            }
        });
    }
}

/// Downloads every entry `q` selects as `Activity.csv`, read in steps; a failed read is said as the log's.
async fn export_csv(store: IdbStore, q: ActivityQuery, loaded: RwSignal<Option<Result<Loaded, StoreError>>>) {
    let mut rows: Vec<ActivityEntry> = Vec::new();
    loop {
        let after = rows.last().map(ActivityEntry::position);
        match store.activity_page(&q, after, EXPORT_PAGE).await {
            Ok(page) if page.len() < EXPORT_PAGE as usize => {
                rows.extend(page);
                break;
            }
            Ok(page) => rows.extend(page),
            Err(e) => {
                loaded.set(Some(Err(e)));
                return;
            }
        }
    }
    let refs: Vec<&ActivityEntry> = rows.iter().collect();
    let csv = activity_csv(&refs, format_timestamp, |e| user_in(&e.user, locale::current()));
    platform::download("Activity.csv", &csv, "text/csv;charset=utf-8");
}

/// The date range and the customer of the log, read from the URL and written back to it by `go`.
#[component]
fn LogFilters(
    from: Memo<String>,
    to: Memo<String>,
    customer: Memo<Option<Uuid>>,
    go: Callback<(String, String, Option<Uuid>)>,
) -> impl IntoView {
    // The URL takes a date (as YYYY-MM-DD) once the text typed reads as one; until then the field says why not.
    let (from_error, to_error) = (RwSignal::new(None::<Said>), RwSignal::new(None::<Said>));
    let typed = move |error: RwSignal<Option<Said>>, v: &str| match typed_date(v) {
        Ok(d) => {
            error.set(None);
            Some(d.to_string())
        }
        Err(e) => {
            error.set(Some(Said::error(e)));
            None
        }
    };
    let set_from = move |v: String| {
        if let Some(d) = typed(from_error, &v) {
            go.run((d, to.get_untracked(), customer.get_untracked()))
        }
    };
    let set_to = move |v: String| {
        if let Some(d) = typed(to_error, &v) {
            go.run((from.get_untracked(), d, customer.get_untracked()))
        }
    };
    let set_customer = Callback::new(move |c: Option<Uuid>| go.run((from.get_untracked(), to.get_untracked(), c)));

    view! {
        <div class="filters card activity-filters">
            <DateField id="from" label=A::From value=from on_input=set_from error=shown(from_error)/>
            <DateField id="to" label=A::To value=to on_input=set_to error=shown(to_error)/>
            <CustomerPicker id="activity-customer".to_string() label=Signal::derive(t(A::Customer))
                placeholder=Signal::derive(t(A::AllCustomers)) chosen=customer set=set_customer/>
        </div>
    }
}

/// Calls `more` whenever the window is scrolled to within [`NEAR_END_PX`] of the end of the page, until
/// the page is left.
fn on_scroll_near_end(more: impl Fn() + 'static) {
    let near_end = move || {
        let Some(window) = web_sys::window() else { return false };
        let bottom = window.scroll_y().unwrap_or(0.0) + platform::screen_height();
        let total = window.document().and_then(|d| d.document_element()).map_or(0.0, |e| f64::from(e.scroll_height()));
        bottom + NEAR_END_PX >= total
    };
    let scroll = window_event_listener(ev::scroll, move |_| {
        if near_end() {
            more();
        }
    });
    on_cleanup(move || scroll.remove());
}

/// The activity log page.
#[component]
pub fn ActivityPage() -> impl IntoView {
    let app = use_app();
    let params = use_query_map();
    let default = ActivityQuery::last_month(platform::today(), platform::utc_offset_minutes());
    let param = move |key: &str| params.with(|m| m.get(key));
    let from = Memo::new(move |_| param("from").unwrap_or_else(|| default.from.to_string()));
    let to = Memo::new(move |_| param("to").unwrap_or_else(|| default.to.to_string()));
    let customer = Memo::new(move |_| param("customer").and_then(|c| Uuid::parse_str(&c).ok()));
    let navigate = StoredValue::new_local(use_navigate());
    let go = move |from: String, to: String, customer: Option<Uuid>| {
        let keep = |value: String, default: Date| if value == default.to_string() { String::new() } else { value };
        let params = [
            ("from", keep(from, default.from)),
            ("to", keep(to, default.to)),
            ("customer", customer.map(|c| c.to_string()).unwrap_or_default()),
        ];
        let url = href_with("/activity", &params);
        navigate.with_value(|n| n(&url, NavigateOptions { replace: true, scroll: false, ..Default::default() }));
    };

    let range_error = Memo::new(move |_| match (iso_date(&from.get()).ok(), iso_date(&to.get()).ok()) {
        (Some(f), Some(until)) if f > until => Some(tr(A::FromAfterTo).to_string()),
        (None, _) | (_, None) => Some(tr(A::BothDates).to_string()),
        _ => None,
    });
    let query = Memo::new(move |_| {
        let (Ok(from), Ok(to)) = (iso_date(&from.get()), iso_date(&to.get())) else { return None };
        (from <= to).then(|| ActivityQuery {
            from,
            to,
            customer: customer.get(),
            utc_offset_minutes: platform::utc_offset_minutes(),
        })
    });

    // The entries read so far, and how many entries the filters select: counted (not read) once the first
    // step was read — IndexedDB answers a count of 100,000 entries in ~330 ms and the first step's read
    // would wait behind it (measured: 3–7 ms alone, ~330 ms beside the count).
    let log = LogReader::new(app.store.clone());
    let LogReader { loaded, busy, generation, store } = log;
    let first_read = Memo::new(move |_| loaded.with(Option::is_some));
    let count = LocalResource::new(move || {
        app.changes.activity.track();
        let (store, query, started) = (store.get_value(), query.get(), first_read.get());
        async move {
            match query {
                Some(q) if started => store.count_activity(&q).await.map(Some),
                _ => Ok(None),
            }
        }
    });
    let read = move |again: Option<u32>| log.read(query.get_untracked(), again);
    // New filters start at the newest entry; a change to the log re-reads as much as is shown.
    Effect::new(move |last: Option<Option<ActivityQuery>>| {
        let now = query.get();
        app.changes.activity.track();
        generation.update_value(|g| *g += 1);
        busy.set(false);
        if last.as_ref() == Some(&now) {
            let shown =
                loaded.with_untracked(|l| l.as_ref().and_then(|l| l.as_ref().ok()).map_or(0, |l| l.entries.len()));
            read(Some(shown as u32));
        } else {
            loaded.set(None);
            read(Some(PAGE));
        }
        now
    });
    on_scroll_near_end(move || read(None));

    let export = move |_| {
        if let Some(q) = query.get_untracked() {
            spawn_local(export_csv(store.get_value(), q, loaded));
        }
    };
    let phase = Memo::new(move |_| {
        loaded.with(|l| match l {
            None => Phase::Reading,
            Some(Err(e)) => Phase::Failed(e.clone()),
            Some(Ok(l)) if l.entries.is_empty() => Phase::Empty,
            Some(Ok(_)) => Phase::Shown,
        })
    });
    let older = Callback::new(move |()| read(None));
    let go = Callback::new(move |(from, to, customer)| go(from, to, customer));

    view! {
        <div class="page-head">
            <h1>{t(A::Title)}</h1>
            <button class="button" id="export-activity" on:click=export>{t(C::ExportCsv)}</button>
        </div>
        <LogFilters from to customer go/>
        {move || range_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        {move || match (query.get(), phase.get()) {
            (None, _) => ().into_any(),
            (_, Phase::Reading) => view! { <p class="muted">{t(C::Loading)}</p> }.into_any(),
            (_, Phase::Failed(e)) => view! {
                <ReadFailed message=say(&e) id="activity-read-error" retry=Callback::new(move |()| read(Some(PAGE)))/>
            }.into_any(),
            (_, Phase::Empty) => view! {
                <section class="card empty"><h2>{t(A::Empty)}</h2><p>{t(A::EmptyText)}</p></section>
            }.into_any(),
            (Some(_), Phase::Shown) => view! { <Log loaded count busy older/> }.into_any(),
        }}
    }
}

/// What the page shows below the filters.
#[derive(Clone, PartialEq)]
enum Phase {
    Reading,
    Failed(StoreError),
    Empty,
    Shown,
}
