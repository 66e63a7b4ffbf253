//! The bar shown once customers are selected: "Select all 2,345 matching" as a deliberate second step after
//! the rows on screen, a tag added to or removed from exactly the customers the button names (with its
//! progress), the selection exported, and the last tag change undone. Its code comes with the list's actions
//! (chunk `list_work`), fetched the first time a customer is selected.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use leptos::wasm_split::wasm_split;

use super::work::{self, Last, WorkFailed};
use crate::domain::customer_index::Hits;
use crate::domain::validation::parse_tags;
use crate::i18n::texts::List as L;
use crate::i18n::view::{t, tf, Said};
use crate::platform::chunk::ChunkFailed;
use crate::platform::format_count;
use crate::state::use_app;

/// Makes the bar for the list's results and selection.
pub type MakeBar = fn(Memo<Hits>, RwSignal<HashSet<Uuid>>) -> AnyView;

/// The bar's code, once its chunk is here.
#[wasm_split(list_work, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn make() -> Result<MakeBar, ChunkFailed> {
    Ok(|hits, selected| view! { <Bar hits selected/> }.into_any())
}

/// The bar that appears once something is selected.
#[component]
fn Bar(hits: Memo<Hits>, selected: RwSignal<HashSet<Uuid>>) -> impl IntoView {
    let app = use_app();
    let (list, sync) = (app.customers, app.sync);
    let store = StoredValue::new_local(app.store.clone());
    let user = StoredValue::new(app.user_name());
    let input = RwSignal::new(String::new());
    // What the last action did, or why it did not happen.
    let message = RwSignal::new(None::<Result<Said, WorkFailed>>);
    let last = RwSignal::new(None::<Last>);
    let busy = RwSignal::new(false);
    // How far a change under way got: (customers done, all of them).
    let progress = RwSignal::new(None::<(usize, usize)>);
    let count = move || selected.with(HashSet::len);
    let matching = move || hits.with(|h| h.len());
    // The customers selected, in the order shown (those the search now hides after them): a change that stops
    // part way has changed the ones above in the list, and an export lists them as the page does.
    let ids = move || {
        let chosen = selected.get_untracked();
        let mut ids: Vec<Uuid> = list.with_untracked(|i| {
            hits.with_untracked(|h| h.iter().map(|p| i.id(*p)).filter(|id| chosen.contains(id)).collect())
        });
        if ids.len() < chosen.len() {
            let shown: HashSet<Uuid> = ids.iter().copied().collect();
            ids.extend(chosen.into_iter().filter(|id| !shown.contains(id)));
        }
        ids
    };
    let apply = move |added: bool, tags: Vec<String>, ids: Vec<Uuid>, undoing: bool| {
        let store = store.get_value();
        busy.set(true);
        message.set(None);
        spawn_local(async move {
            let change = work::change_tags(store, ids, tags, (added, undoing), user.get_value(), progress, sync).await;
            busy.set(false);
            last.set(change.undo);
            if !change.stopped && !undoing {
                input.set(String::new());
            }
            message.set(Some(if change.stopped { Err(WorkFailed::Said(change.said)) } else { Ok(change.said) }));
        });
    };
    let run = move |added: bool| {
        let tags = parse_tags(&input.get_untracked());
        if tags.is_empty() {
            return message.set(Some(Err(WorkFailed::Said(Said::text(L::EnterTagFirst)))));
        }
        apply(added, tags, ids(), false);
    };
    let undo = move |_| {
        if let Some(l) = last.get_untracked() {
            apply(!l.added, l.tags, l.changed, true);
        }
    };
    let select_matching = move |_| {
        let all: HashSet<Uuid> = list.with_untracked(|i| hits.with_untracked(|h| h.iter().map(|p| i.id(*p)).collect()));
        selected.set(all);
    };
    let export_selected = move |_| {
        let (store, ids) = (store.get_value(), ids());
        spawn_local(async move {
            if let Err(e) = work::write_export(store, ids, false).await {
                message.set(Some(Err(e)));
            }
        });
    };
    let n = move || format_count(count());
    let any = move || count() > 0;
    view! {
        <Show when=any>
            <div class="card bulk" role="region" aria-label=t(L::Selected)>
                <span class="bulk-count" data-testid="selected-count">{move || tf(L::SelectedCount, &[&n()])}</span>
                {move || (count() < matching()).then(|| view! {
                    <button class="button subtle" id="select-matching" on:click=select_matching>
                        {move || tf(L::SelectMatching, &[&format_count(matching())])}
                    </button>
                })}
                {move || (count() == matching() && count() > 0).then(|| view! {
                    <span class="muted">{move || tf(L::AllMatchingSelected, &[&format_count(matching())])}</span>
                })}
                <div class="field grow">
                    <label for="bulk-tag">{t(L::Tag)}</label>
                    <input id="bulk-tag" type="text" placeholder=t(L::TagPlaceholder) prop:value=move || input.get()
                        on:input:target=move |ev| input.set(ev.target().value())/>
                </div>
                <button class="button" id="bulk-add-tag" disabled=move || busy.get() on:click=move |_| run(true)>{move || tf(L::AddTagTo, &[&n()])}</button>
                <button class="button" id="bulk-remove-tag" disabled=move || busy.get() on:click=move |_| run(false)>{move || tf(L::RemoveTagFrom, &[&n()])}</button>
                <button class="button" id="export-selected" on:click=export_selected>{move || tf(L::ExportSelected, &[&n()])}</button>
                <button class="button subtle" id="clear-selection" on:click=move |_| { selected.set(HashSet::new()); message.set(None); }>{t(L::ClearSelection)}</button>
            </div>
        </Show>
        {move || progress.get().map(|(done, all)| view! {
            <div class="field bulk-progress">
                <label for="bulk-progress">{tf(L::TagsChanging, &[&format_count(done), &format_count(all)])}</label>
                <progress id="bulk-progress" max=all value=done></progress>
            </div>
        })}
        {move || message.get().map(|outcome| {
            // Also after a change that stopped part way: Undo reverses the part done.
            let undo_button = move || last.get().is_some().then(|| view! {
                " "<button class="link-button" id="bulk-undo" disabled=move || busy.get() on:click=undo>{t(L::Undo)}</button>
            });
            match outcome {
                Ok(text) => view! {
                    <p class="notice notice-success" role="status" id="bulk-message">{text.now()}{undo_button}</p>
                }
                .into_any(),
                Err(failed) => view! {
                    <p class="notice notice-error" role="status" id="bulk-message">{work::failure(failed)}{undo_button}</p>
                }
                .into_any(),
            }
        })}
    }
}
