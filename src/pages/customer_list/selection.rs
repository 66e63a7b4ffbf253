//! What the partner selected, and what can be done to it: "Select all 2,345 matching" as a deliberate second
//! step after the rows on screen, a tag added to or removed from exactly the customers the button names,
//! the selection exported, and the last tag change undone.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use super::work::{self, WorkFailed};
use crate::domain::customer_index::Hits;
use crate::domain::validation::parse_tags;
use crate::i18n::plural;
use crate::i18n::texts::List as L;
use crate::i18n::view::{t, tf, Said};
use crate::platform::format_number;
use crate::state::use_app;

/// The last bulk tag change: whether tags were added, which, and the customers it changed.
#[derive(Debug, Clone, PartialEq)]
struct Last {
    added: bool,
    tags: Vec<String>,
    changed: Vec<Uuid>,
}

/// The bar that appears once something is selected.
#[component]
pub fn SelectionBar(hits: Memo<Hits>, selected: RwSignal<HashSet<Uuid>>) -> impl IntoView {
    let app = use_app();
    let list = app.customers;
    let store = StoredValue::new_local(app.store.clone());
    let user = StoredValue::new(app.user_name());
    let input = RwSignal::new(String::new());
    // What the last action did, or why it did not happen.
    let message = RwSignal::new(None::<Result<Said, WorkFailed>>);
    let last = RwSignal::new(None::<Last>);
    let busy = RwSignal::new(false);
    let count = move || selected.with(HashSet::len);
    let matching = move || hits.with(|h| h.len());
    let ids = move || selected.get_untracked().into_iter().collect::<Vec<Uuid>>();
    let apply = move |added: bool, tags: Vec<String>, ids: Vec<Uuid>, undoing: bool| {
        let store = store.get_value();
        busy.set(true);
        spawn_local(async move {
            let result = work::done(work::change_tags(store, ids, tags.clone(), added, user.get_value())).await;
            busy.set(false);
            match (result, undoing) {
                (Ok(changed), true) => {
                    last.set(None);
                    let undone = plural(changed.len() as u64, L::UndoneOne, L::Undone);
                    message.set(Some(Ok(Said::filled(undone, vec![changed.len().to_string()]))));
                }
                (Ok(changed), false) => {
                    let n = changed.len() as u64;
                    let done = if added {
                        plural(n, L::TagAddedOne, L::TagAdded)
                    } else {
                        plural(n, L::TagRemovedOne, L::TagRemoved)
                    };
                    message.set(Some(Ok(Said::filled(done, vec![tags.join(", "), changed.len().to_string()]))));
                    last.set(Some(Last { added, tags, changed }));
                    input.set(String::new());
                }
                (Err(e), _) => message.set(Some(Err(e))),
            }
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
        // In the order shown.
        let chosen = selected.get_untracked();
        let ids: Vec<Uuid> = list.with_untracked(|i| {
            hits.with_untracked(|h| h.iter().map(|p| i.id(*p)).filter(|id| chosen.contains(id)).collect())
        });
        let store = store.get_value();
        spawn_local(async move {
            if let Err(e) = work::done(work::export(store, ids, false)).await {
                message.set(Some(Err(e)));
            }
        });
    };
    let n = move || format_number(count() as f64);
    let any = move || count() > 0;
    view! {
        <Show when=any>
            <div class="card bulk" role="region" aria-label=t(L::Selected)>
                <span class="bulk-count" data-testid="selected-count">{move || tf(L::SelectedCount, &[&n()])}</span>
                {move || (count() < matching()).then(|| view! {
                    <button class="button subtle" id="select-matching" on:click=select_matching>
                        {move || tf(L::SelectMatching, &[&format_number(matching() as f64)])}
                    </button>
                })}
                {move || (count() == matching() && count() > 0).then(|| view! {
                    <span class="muted">{move || tf(L::AllMatchingSelected, &[&format_number(matching() as f64)])}</span>
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
        {move || message.get().map(|outcome| match outcome {
            Ok(text) => view! {
                <p class="notice notice-success" role="status" id="bulk-message">
                    {text.now()}
                    {move || last.get().is_some().then(|| view! {
                        " "<button class="link-button" id="bulk-undo" disabled=move || busy.get() on:click=undo>{t(L::Undo)}</button>
                    })}
                </p>
            }
            .into_any(),
            Err(failed) => view! {
                <p class="notice notice-error" role="status" id="bulk-message">{work::failure(failed)}</p>
            }
            .into_any(),
        })}
    }
}
