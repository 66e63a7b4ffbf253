//! `/customers/import`: import customers from a CSV file — `,` or `;`, with or without BOM — with a column
//! mapping, a preview with every row's problems, create / update / create-or-update, batches with progress
//! and cancel, one activity entry for the whole import, and undo.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use uuid::Uuid;

use crate::components::file_choice::FileChoice;
use crate::domain::activity_detail::Detail;
use crate::domain::csv_import::{auto_map, parse, plan, ImportMode, Planned, RowError, Table};
use crate::domain::customer::Customer;
use crate::domain::field::Field;
use crate::i18n::activity::said_in;
use crate::i18n::errors::Localize;
use crate::i18n::labels::Label;
use crate::i18n::texts::{Common as C, Import as I, List as L};
use crate::i18n::view::{say, shown, t, tf, tr, Said};
use crate::i18n::{fill, plural, Text};
use crate::platform::{self, format_count, href, locale};
use crate::state::{use_app, AppState};
use crate::store::{Store, StoreError};
use crate::usecases::{import_rows, log_import, undo_import, Actor, ImportRecord, UndoStopped};

/// What each row of the file would do, shared between the preview and the import (never copied whole).
type FilePlan = Arc<Vec<Result<Planned, RowError>>>;

/// A read of the customers stored here, with the `reread` it answers.
type CustomersRead = (u32, Result<Vec<Customer>, StoreError>);

/// `look` at the read that answers `reread` as it is now (`None` while a newer one is on its way), where the
/// resource keeps it.
fn current<T>(
    existing: LocalResource<CustomersRead>,
    reread: RwSignal<u32>,
    look: impl FnOnce(&Result<Vec<Customer>, StoreError>) -> Option<T>,
) -> Option<T> {
    let asked = reread.get();
    existing.with(|read| read.as_ref().filter(|(at, _)| *at == asked).and_then(|(_, read)| look(read)))
}

/// Rows written per transaction.
const BATCH: usize = 250;
/// Batches written at once: one committing, the next waiting for it (100,000 rows: 34.7–36.5 s with one,
/// 30.9–32.9 s with two).
const IN_FLIGHT: usize = 2;
/// Rows shown in the preview.
const PREVIEW: usize = 20;
/// Problems listed before "and N more".
const MAX_ERRORS_SHOWN: usize = 200;

/// The import page.
#[component]
pub fn ImportCustomersPage() -> impl IntoView {
    let app = use_app();
    let file_name = RwSignal::new(String::new());
    let table = RwSignal::new(None::<Table>);
    let read_error = RwSignal::new(None::<Said>);
    let mapping = RwSignal::new(Vec::<Option<Field>>::new());
    let mode = RwSignal::new(ImportMode::Create);
    let skip_bad = RwSignal::new(false);
    let store = app.store.clone();
    // The customers stored here are read again after a change from elsewhere (another tab, sync), not after
    // each of this page's own batches or an undo's steps: that re-read every customer and re-planned every
    // row 400 times in an import of 100,000 (20,000 rows took 45 s instead of 5; an undo of 20,000, 78 s
    // instead of 8). After an import they are read again when the next file is chosen (not at once: reading
    // 100,000 customers would hold up the page for nothing).
    let importing = StoredValue::new(false);
    let stale = StoredValue::new(false);
    let reread = RwSignal::new(0u32);
    let changes = app.changes.customers;
    Effect::new(move |first_run_done: Option<()>| {
        changes.track();
        if first_run_done.is_some() && !importing.get_value() {
            reread.update(|n| *n += 1);
        }
    });
    // Each read says which `reread` it answers: while a new read is on its way the resource still holds the
    // last one, and no row is planned against customers read before an import.
    let existing = LocalResource::new(move || {
        let asked = reread.get();
        let store = store.clone();
        async move { (asked, store.customers().await) }
    });
    // Without the customers stored here no row can be planned (each would look new): said, never guessed.
    let existing_error =
        move || current(existing, reread, |read| read.as_ref().err().map(|e| tf(I::ExistingUnreadable, &[&say(e)])));
    let ctx = app.validation_context();
    // The customers are looked at where they are kept (100,000 of them are not copied for each plan).
    let planned = Memo::new(move |_| {
        table.with(Option::is_some).then_some(())?;
        current(existing, reread, |read| {
            let existing = read.as_ref().ok()?;
            table.with(|t| {
                let plan = |t, m: &_| plan(t, m, mode.get(), existing, &ctx, platform::now(), Uuid::new_v4);
                t.as_ref().map(|t| Arc::new(mapping.with(|m| plan(t, m))))
            })
        })
    });

    let load = move |file: web_sys::File| {
        let name = file.name();
        spawn_local(async move {
            table.set(None);
            skip_bad.set(false);
            match platform::read_file(&file)
                .await
                .map_err(|e| Said::filled(I::ReadFailed, vec![e]))
                .and_then(|b| parse(&b).map_err(Said::error))
            {
                Ok(t) => {
                    if stale.get_value() {
                        stale.set_value(false);
                        reread.update(|n| *n += 1);
                    }
                    mapping.set(auto_map(&t.headers));
                    read_error.set(None);
                    table.set(Some(t));
                }
                Err(e) => read_error.set(Some(e)),
            }
            file_name.set(name);
        });
    };

    let run = ImportRun::new();
    let app2 = app.clone();
    let start = move |()| {
        // The plan is shared, not copied: a batch copies its 250 rows when it is written (copying 100,000 at
        // the click was one long task).
        let Some(rows) = planned.get_untracked() else { return };
        let good: Vec<usize> =
            (0..rows.len()).filter(|&i| rows[i].as_ref().is_ok_and(|p| !matches!(p, Planned::Unchanged(_)))).collect();
        if good.is_empty() {
            return;
        }
        let (app, name) = (app2.clone(), file_name.get_untracked());
        importing.set_value(true);
        spawn_local(async move {
            run.write(&app, rows, good, &name).await;
            importing.set_value(false);
            stale.set_value(true);
            table.set(None);
        });
    };
    let undo = move |_| {
        let app = app.clone();
        // Like an import's batches, the undo's steps do not make the page read every customer again.
        importing.set_value(true);
        spawn_local(async move {
            run.undo(&app).await;
            importing.set_value(false);
            stale.set_value(true);
        });
    };

    let undoable = move || {
        run.undoing.with(Option::is_none)
            && run.done.with(|d| d.as_ref().is_some_and(|(r, _)| !r.created.is_empty() || !r.previous.is_empty()))
    };

    view! {
        <div class="page-head"><h1>{t(I::Title)}</h1></div>
        <FilePicker load=Callback::new(load) file_name read_error=shown(read_error) existing_error=Signal::derive(existing_error)/>
        {move || table.get().map(|loaded| view! { <ColumnMapping loaded file_name mapping mode/> })}
        <PlanView planned skip_bad run start=Callback::new(start)/>
        <RunView run/>
        <Show when=move || run.done.with(Option::is_some)>
            <div class="actions">
                <A href=href("/customers") attr:class="button">{t(I::SeeList)}</A>
                // Nothing to undo when not a row was written.
                {let undo = undo.clone();
                move || undoable().then(|| view! {
                    <button class="button" id="undo-import" on:click=undo.clone()>{t(I::UndoImport)}</button>
                })}
            </div>
        </Show>
    }
}

/// Where the file is chosen or dropped, with why it could not be read or planned.
#[component]
fn FilePicker(
    load: Callback<web_sys::File>,
    file_name: RwSignal<String>,
    read_error: Signal<Option<String>>,
    existing_error: Signal<Option<String>>,
) -> impl IntoView {
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            load.run(file);
        }
    };
    view! {
        <section class="card">
            <label class="dropzone" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
                <span>{t(I::Choose)}</span>
                <span class="hint">{t(I::ChooseHint)}</span>
                <FileChoice id="import-file" accept=".csv,text/csv" chosen=file_name on_file=load/>
            </label>
            {move || read_error.get().map(|e| view! { <p class="field-error" role="alert" id="import-read-error">{e}</p> })}
            {move || existing_error.get().map(|e| view! { <p class="notice notice-error" role="alert" id="import-existing-error">{e}</p> })}
        </section>
    }
}

/// How the file's columns fill a customer's fields, and what the import does with each row.
#[component]
fn ColumnMapping(
    loaded: Table,
    file_name: RwSignal<String>,
    mapping: RwSignal<Vec<Option<Field>>>,
    mode: RwSignal<ImportMode>,
) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{move || tf(I::ColumnsOf, &[&file_name.get()])}</h2>
            <div class="mapping">
                {loaded.headers.iter().enumerate().map(|(i, h)| view! {
                    <div class="field">
                        <label for=format!("map-{i}")>{h.clone()}</label>
                        <select id=format!("map-{i}") on:change:target=move |ev| {
                            let v = ev.target().value();
                            mapping.update(|m| m[i] = v.parse::<usize>().ok().map(|k| Field::IMPORTED[k]));
                        }>
                            <option value="" selected=move || mapping.with(|m| m[i].is_none())>{t(I::Ignore)}</option>
                            {Field::IMPORTED.iter().enumerate().map(|(k, f)| view! {
                                <option value=k.to_string() selected=move || mapping.with(|m| m[i] == Some(*f))>{move || f.label_in(locale::current())}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }).collect_view()}
            </div>
            <div class="field">
                <label for="import-mode">{t(I::WhatToDo)}</label>
                <select id="import-mode" on:change:target=move |ev| mode.set(match ev.target().value().as_str() {
                    "update" => ImportMode::Update,
                    "upsert" => ImportMode::Upsert,
                    _ => ImportMode::Create,
                })>
                    <option value="create">{t(I::Create)}</option>
                    <option value="update">{t(I::Update)}</option>
                    <option value="upsert">{t(I::Upsert)}</option>
                </select>
            </div>
        </section>
    }
}

/// What each row of the file would do (counts, the first rows, the problems) and "Import".
#[component]
fn PlanView(
    planned: Memo<Option<FilePlan>>,
    skip_bad: RwSignal<bool>,
    run: ImportRun,
    start: Callback<()>,
) -> impl IntoView {
    let counts = move || {
        planned.with(|p| {
            p.as_ref().map(|rows| {
                let count = |f: fn(&Planned) -> bool| rows.iter().filter(|r| r.as_ref().is_ok_and(f)).count();
                let creates = count(|p| matches!(p, Planned::Create(_)));
                let unchanged = count(|p| matches!(p, Planned::Unchanged(_)));
                let errors = rows.iter().filter(|r| r.is_err()).count();
                (rows.len(), creates, rows.len() - errors - creates - unchanged, unchanged, errors)
            })
        })
    };
    move || {
        counts().map(|(rows, creates, updates, unchanged, errors)| view! {
        <section class="card">
            <h2>{t(I::Preview)}</h2>
            <p id="import-summary">{move || tf(plural(rows as u64, I::SummaryOne, I::Summary), &[&format_count(rows), &format_count(creates), &format_count(updates), &format_count(unchanged), &format_count(errors)])}</p>
            <Preview planned=planned/>
            <Show when=move || { errors > 0 }>
                <div class="notice notice-error" id="import-errors">
                    <p><strong>{move || tf(plural(errors as u64, I::CantImportOne, I::CantImport), &[&format_count(errors)])}</strong></p>
                    <ul>
                        {move || planned.get().into_iter().flat_map(|rows| rows.iter().filter_map(|r| r.as_ref().err().cloned()).take(MAX_ERRORS_SHOWN).collect::<Vec<_>>()).map(|e| view! {
                            <li>{row_error(&e)}</li>
                        }).collect_view()}
                    </ul>
                    {(errors > MAX_ERRORS_SHOWN).then(|| view! { <p>{move || tf(I::AndMore, &[&format_count(errors - MAX_ERRORS_SHOWN)])}</p> })}
                    <p>{t(I::FixFile)}</p>
                </div>
                <label class="check">
                    <input type="checkbox" id="skip-bad" prop:checked=move || skip_bad.get() on:change:target=move |ev| skip_bad.set(ev.target().checked())/>
                    {move || tf(plural(errors as u64, I::SkipRow, I::SkipRows), &[&format_count(errors)])}
                </label>
            </Show>
            <div class="actions">
                <button class="button primary" id="start-import" on:click=move |_| start.run(())
                    disabled=move || run.progress.get().is_some() || (errors > 0 && !skip_bad.get()) || creates + updates == 0>
                    {move || tf(plural((creates + updates) as u64, I::ImportRow, I::ImportRows), &[&format_count(creates + updates)])}
                </button>
            </div>
        </section>
    })
    }
}

/// An import under way or done: its progress, how it ended, and the rows the store refused.
#[derive(Clone, Copy)]
struct ImportRun {
    progress: RwSignal<Option<(usize, usize)>>,
    cancel: RwSignal<bool>,
    /// An undo under way: customers handled, of how many.
    undoing: RwSignal<Option<(usize, usize)>>,
    /// What the import changed (for undo), and whether it was cancelled.
    done: RwSignal<Option<(ImportRecord, bool)>>,
    /// Whether it went well, and what to say.
    outcome: RwSignal<Option<(bool, Said)>>,
    /// Rows the store refused: company name and reason.
    refused: RwSignal<Vec<(String, StoreError)>>,
}

impl ImportRun {
    fn new() -> ImportRun {
        ImportRun {
            progress: RwSignal::new(None),
            cancel: RwSignal::new(false),
            undoing: RwSignal::new(None),
            done: RwSignal::new(None),
            outcome: RwSignal::new(None),
            refused: RwSignal::new(Vec::new()),
        }
    }

    /// Writes the rows `good` of `rows` in batches (cancelled between two: the batch in flight still ends),
    /// then logs the import of `name`.
    async fn write(self, app: &AppState, rows: FilePlan, good: Vec<usize>, name: &str) {
        self.cancel.set(false);
        self.done.set(None);
        self.outcome.set(None);
        self.progress.set(Some((0, good.len())));
        let (user, now) = (app.user_name(), platform::now());
        let actor = Actor { user: &user, now };
        let mut record = ImportRecord::default();
        let mut failed = None;
        let mut turned_down = Vec::new();
        // Two batches in flight: while one commits, the next is made and handed to IndexedDB (which runs
        // it after the first) — the page's work per row (~0.1 ms) no longer waits for the database's.
        let (store, actor) = (&app.store, &actor);
        let mut flight = futures::stream::FuturesOrdered::new();
        let mut chunks = good.chunks(BATCH);
        loop {
            let next = if self.cancel.get_untracked() || failed.is_some() { None } else { chunks.next() };
            if let Some(at) = next {
                let chunk: Vec<Planned> = at.iter().filter_map(|&i| rows[i].as_ref().ok().cloned()).collect();
                flight.push_back(async move {
                    let mut mine = ImportRecord::default();
                    let result = import_rows(store, &chunk, &mut mine, actor).await;
                    (chunk, mine, result)
                });
                if flight.len() < IN_FLIGHT {
                    continue;
                }
            }
            let Some((chunk, mine, result)) = futures::StreamExt::next(&mut flight).await else { break };
            record.created.extend(mine.created);
            record.previous.extend(mine.previous);
            match result {
                Ok(refused) => turned_down
                    .extend(refused.into_iter().map(|(i, e)| (chunk[i].customer().company.company_name.clone(), e))),
                Err(e) => failed = failed.or(Some(e)),
            }
            let written = record.created.len() + record.previous.len();
            self.progress.set(Some((written, good.len())));
            if written < good.len() && !self.cancel.get_untracked() && failed.is_none() {
                // More batches follow: sync pushes after the last one rather than beside them.
                app.sync.stepping();
            }
        }
        self.refused.set(turned_down);
        let imported = record.created.len() + record.previous.len();
        // Every row written is told, whether or not the log could say so: the log's failure is added to it.
        let unlogged = match imported {
            0 => None,
            _ => log_import(&app.store, name, &record, actor).await.err(),
        };
        let cancelled = self.cancel.get_untracked() && imported < good.len();
        let total = good.len();
        let text = match (&failed, cancelled) {
            // The banner at the top says what a full storage means and what to do.
            (Some(StoreError::QuotaExceeded(_)), _) => counted(I::StoppedFull, [imported, total]),
            (Some(e), _) => {
                let e = e.clone();
                Said::new(move |l| {
                    fill(I::StoppedAfter.in_(l), &[&format_count(imported), &format_count(total), &e.localize(l)])
                })
            }
            (None, true) => counted(I::CancelledAfter, [imported, total]),
            (None, false) => counted(I::Imported, [record.created.len(), record.previous.len()]),
        };
        let text = match unlogged {
            None => text,
            Some(e) => Said::new(move |l| {
                let why = match &e {
                    StoreError::QuotaExceeded(_) => I::NotLoggedFull.in_(l).to_string(),
                    e => fill(I::NotLogged.in_(l), &[&e.localize(l)]),
                };
                format!("{} {why}", text.in_(l))
            }),
        };
        self.outcome.set(Some((failed.is_none(), text)));
        self.progress.set(None);
        self.done.set(Some((record, cancelled)));
    }

    /// Undoes the import that is done, a step at a time with its progress shown (and sync told that more
    /// steps follow); an undo that stops keeps what is left to undo for the next try.
    async fn undo(self, app: &AppState) {
        let Some((record, cancelled)) = self.done.get_untracked() else { return };
        let (user, now) = (app.user_name(), platform::now());
        let (removed, restored) = (record.created.len(), record.previous.len());
        let all = removed + restored;
        self.outcome.set(None);
        self.undoing.set(Some((0, all)));
        let step = |handled| {
            self.undoing.set(Some((handled, all)));
            if handled < all {
                app.sync.stepping();
            }
        };
        let result = undo_import(&app.store, &record, &Actor { user: &user, now }, step).await;
        self.undoing.set(None);
        match result {
            Ok(()) => {
                self.done.set(None);
                self.outcome.set(Some((true, counted(I::Undone, [removed, restored]))));
            }
            Err(UndoStopped { handled, left, error }) => {
                self.done.set(Some((left, cancelled)));
                let said = match error {
                    StoreError::QuotaExceeded(_) => counted(I::UndoStoppedFull, [handled, all]),
                    e => Said::new(move |l| {
                        fill(I::UndoStopped.in_(l), &[&format_count(handled), &format_count(all), &e.localize(l)])
                    }),
                };
                self.outcome.set(Some((false, said)));
            }
        }
    }
}

/// `key` kept with `counts` in its placeholders, written as the language shown writes numbers whenever it is
/// read.
fn counted(key: I, counts: [usize; 2]) -> Said {
    Said::new(move |l| fill(key.in_(l), &[&format_count(counts[0]), &format_count(counts[1])]))
}

/// The import's progress with "Cancel", how it ended, and the rows the store refused.
#[component]
fn RunView(run: ImportRun) -> impl IntoView {
    view! {
        {move || run.progress.get().map(|(done_rows, total)| view! {
            <section class="card" aria-live="polite">
                <label for="import-progress">{move || tf(I::Importing, &[&format_count(done_rows), &format_count(total)])}</label>
                <progress id="import-progress" max=total.to_string() value=done_rows.to_string()></progress>
                <div class="actions"><button class="button" id="cancel-import" on:click=move |_| run.cancel.set(true)>{t(C::Cancel)}</button></div>
            </section>
        })}
        {move || run.undoing.get().map(|(handled, all)| view! {
            <section class="card" aria-live="polite">
                <label for="undo-progress">{move || tf(I::Undoing, &[&format_count(handled), &format_count(all)])}</label>
                <progress id="undo-progress" max=all.to_string() value=handled.to_string()></progress>
            </section>
        })}
        {move || run.outcome.get().map(|(ok, text)| view! {
            <p class=if ok { "notice notice-success" } else { "notice notice-error" } role="status" id="import-outcome">{text.now()}</p>
        })}
        <Show when=move || run.refused.with(|r| !r.is_empty())>
            <section class="card" id="import-refused">
                <p>{move || {
                    let refused = run.refused.with(Vec::len);
                    tf(plural(refused as u64, I::RefusedOne, I::Refused), &[&format_count(refused)])
                }}</p>
                <ul>
                    {move || run.refused.get().into_iter().map(|(name, reason)| view! { <li>{name}": "{say(&reason)}</li> }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

/// The first rows as they would be imported.
#[component]
fn Preview(planned: Memo<Option<FilePlan>>) -> impl IntoView {
    view! {
        <table class="customers preview">
            <thead><tr><th scope="col">{t(I::Row)}</th><th scope="col">{t(L::CompanyName)}</th><th scope="col">{t(L::PrimaryDomain)}</th><th scope="col">{t(I::Result)}</th></tr></thead>
            <tbody>
                {move || planned.get().into_iter().flat_map(|rows| rows.iter().take(PREVIEW).cloned().collect::<Vec<_>>()).enumerate().map(|(i, row)| {
                    let (name, domain, result) = match row {
                        Ok(Planned::Create(c)) => (c.company.company_name, c.company.domain, tr(I::WillCreate).to_string()),
                        // The fields an update changes, so that an old file putting back old values shows it.
                        Ok(Planned::Update(before, c)) => {
                            let fields = Field::changed_between(&before, &c);
                            let result = if fields.is_empty() {
                                tr(I::WillUpdate).to_string()
                            } else {
                                said_in(&Detail::Changed { fields }, locale::current())
                            };
                            (c.company.company_name, c.company.domain, result)
                        }
                        Ok(Planned::Unchanged(c)) => (c.company.company_name, c.company.domain, tr(I::WillStay).to_string()),
                        Err(e) => (String::new(), String::new(), row_error(&e)),
                    };
                    view! { <tr><td data-label=t(I::Row)>{i + 1}</td><td data-label=t(L::Company)>{name}</td><td data-label=t(L::Domain) class="mono">{domain}</td><td data-label=t(I::Result)>{result}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// "Line 4: Company name: This field is required. …" in the current language.
fn row_error(e: &RowError) -> String {
    let reasons: Vec<String> = e.problems.iter().map(say).collect();
    tf(I::Line, &[&e.line, &reasons.join(" ")])
}
