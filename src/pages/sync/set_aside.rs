//! The documents sync set aside, on `/sync`: each with what is wrong with it, a link to correct a stored
//! record that breaks a rule, and "Dismiss"; documents of kinds this app does not know are counted per kind,
//! and a kind can be ignored from then on (another tool's documents in a shared CouchDB) — and listed again.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::i18n::plural;
use crate::i18n::texts::Sync as S;
use crate::i18n::view::{say, t, tf, tr, Said};
use crate::platform::{format_count, href};
use crate::state::sync::SyncHandle;
use crate::state::use_app;
use crate::sync::doc::{DocId, Kind};
use crate::sync::held::SetAside;
use crate::sync::local::LocalError;
use crate::sync::settings::SyncSettings;
use crate::usecases::{dismiss_set_aside, ignore_kind, set_aside, stop_ignoring_kind};

/// One line of the list: a document, or every document of one unknown kind.
#[derive(Debug, Clone, PartialEq)]
enum Line {
    Doc(SetAside),
    Kind { kind: String, ids: Vec<String> },
}

/// How many documents set aside are listed one by one.
const SHOWN: usize = 50;

/// Groups unknown kinds; the rest stay one line each, in the order they were set aside.
fn lines(all: Vec<SetAside>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for held in all {
        match held.unknown_kind().map(str::to_string) {
            Some(kind) => match out.iter_mut().find(|l| matches!(l, Line::Kind { kind: k, .. } if *k == kind)) {
                Some(Line::Kind { ids, .. }) => ids.push(held.id),
                _ => out.push(Line::Kind { kind, ids: vec![held.id] }),
            },
            None => out.push(Line::Doc(held)),
        }
    }
    out
}

/// The "Set aside" section; nothing when nothing is set aside.
#[component]
pub fn SetAsideList() -> impl IntoView {
    let app = use_app();
    let sync = app.sync;
    let store = app.store.clone();
    let held = LocalResource::new(move || {
        sync.set_aside.track();
        let store = store.clone();
        async move { set_aside(&store).await }
    });
    let error = RwSignal::new(None::<Said>);
    let kept = StoredValue::new_local(app.store.clone());
    let dismiss = move |ids: Vec<String>| {
        let store = kept.get_value();
        spawn_local(async move {
            match dismiss_set_aside(&store, &ids).await {
                Ok(()) => {
                    error.set(None);
                    sync.set_aside.update(|n| *n = n.saturating_sub(ids.len()));
                    sync.sync_now();
                }
                Err(e) => error.set(Some(Said::error(e))),
            }
        });
    };
    // Ignoring a kind of 50,000 documents takes seconds: its button and the others wait meanwhile.
    let working = RwSignal::new(false);
    let ignore = move |kind: String, ids: Vec<String>| {
        let store = kept.get_value();
        working.set(true);
        spawn_local(async move {
            let done = ignore_kind(&store, &kind, &ids).await;
            working.set(false);
            if took(done, sync, error) {
                sync.set_aside.update(|n| *n = n.saturating_sub(ids.len()));
            }
        });
    };
    let line_view = move |line: Line| match line {
        Line::Doc(h) => {
            let name = if h.label.is_empty() { h.id.clone() } else { h.label.clone() };
            let stored = h.reason.stored();
            let edit = DocId::parse(&h.id).filter(|id| stored && id.kind == Kind::Customer).map(|id| {
                let name = name.clone();
                view! { <A href=href(&format!("/customers/{}/edit", id.id))>{move || tf(S::OpenToFix, &[&name])}</A> }
            });
            let reason = h.reason.clone();
            let ids = vec![h.id.clone()];
            view! {
                <li data-testid="set-aside-item">
                    <strong>{name}</strong>
                    <span class="set-aside-reason">{move || say(&reason)}</span>
                    <span class="hint">{move || if stored { tr(S::StoredFlagged) } else { tr(S::NotTaken) }}</span>
                    {edit}
                    <button class="button" on:click=move |_| dismiss(ids.clone())>{t(S::Dismiss)}</button>
                </li>
            }
            .into_any()
        }
        Line::Kind { kind, ids } => {
            let count = ids.len();
            let shown = {
                let kind = kind.clone();
                move || kind_words(&kind)
            };
            let label = shown.clone();
            view! {
                <li data-testid="set-aside-kind">
                    <span>{move || tf(plural(count as u64, S::UnknownKindOne, S::UnknownKinds), &[&format_count(count), &shown()])}</span>
                    <span class="hint">{t(S::KindHint)}</span>
                    <button class="button" disabled=move || working.get() aria-busy=move || working.get().to_string()
                        on:click=move |_| ignore(kind.clone(), ids.clone())>{move || tf(S::IgnoreKind, &[&label()])}</button>
                </li>
            }
            .into_any()
        }
    };
    view! {
        {move || {
            let list = match held.get() {
                Some(Ok(list)) if !list.is_empty() => list,
                Some(Err(e)) => return Some(view! { <p class="error" role="alert">{say(&e)}</p> }.into_any()),
                _ => return None,
            };
            // Documents one by one, the first few only (a CRM's 20,000 documents in a shape of their own drew
            // 20,000 items in a 568 ms task); the rest counted, and all of them dismissed at once.
            let (docs, kinds): (Vec<Line>, Vec<Line>) = lines(list).into_iter().partition(|l| matches!(l, Line::Doc(_)));
            let all_docs: Vec<String> = docs.iter().filter_map(|l| match l { Line::Doc(h) => Some(h.id.clone()), _ => None }).collect();
            let more = docs.len().saturating_sub(SHOWN);
            let dismiss_all = (all_docs.len() > 1).then(|| {
                let n = all_docs.len();
                view! {
                    <p><button class="button" id="dismiss-all" on:click=move |_| dismiss(all_docs.clone())>
                        {move || tf(S::DismissAll, &[&format_count(n)])}
                    </button></p>
                }
            });
            Some(view! {
                <section class="card" aria-labelledby="set-aside-heading" id="set-aside">
                    <h2 id="set-aside-heading">{t(S::SetAsideTitle)}</h2>
                    <p>{t(S::SetAsideText)}</p>
                    {move || error.get().map(|e| view! { <p class="error" role="alert">{e.now()}</p> })}
                    {dismiss_all}
                    <ul class="set-aside-list">
                        {docs.into_iter().take(SHOWN).chain(kinds).map(line_view).collect_view()}
                        {(more > 0).then(|| view! {
                            <li data-testid="set-aside-more">{move || tf(S::MoreSetAside, &[&format_count(more)])}</li>
                        })}
                    </ul>
                </section>
            }.into_any())
        }}
    }
}

/// Settings a use case saved: every tab takes them, and a sync starts with them. An error is shown in
/// `error`; returns whether the change went through.
fn took(done: Result<Option<SyncSettings>, LocalError>, sync: SyncHandle, error: RwSignal<Option<Said>>) -> bool {
    match done {
        Ok(saved) => {
            error.set(None);
            if let Some(settings) = saved {
                sync.settings_saved(settings, sync.secret.get_untracked());
            }
            true
        }
        Err(e) => {
            error.set(Some(Said::error(e)));
            false
        }
    }
}

/// The kinds of document the partner chose to ignore, each with "List again"; nothing when there are none.
#[component]
pub fn IgnoredKinds() -> impl IntoView {
    let app = use_app();
    let sync = app.sync;
    let kept = StoredValue::new_local(app.store.clone());
    let error = RwSignal::new(None::<Said>);
    let kinds = move || sync.settings.with(|s| s.as_ref().map(|s| s.ignored_kinds.clone()).unwrap_or_default());
    let list_again = move |kind: String| {
        let store = kept.get_value();
        spawn_local(async move {
            took(stop_ignoring_kind(&store, &kind).await, sync, error);
        });
    };
    view! {
        <Show when=move || !kinds().is_empty()>
            <section class="card" aria-labelledby="ignored-heading" id="ignored-kinds">
                <h2 id="ignored-heading">{t(S::IgnoredTitle)}</h2>
                <p>{t(S::IgnoredText)}</p>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e.now()}</p> })}
                <ul class="set-aside-list">
                    <For each=kinds key=|k| k.clone() let:kind>
                        <li data-testid="ignored-kind">
                            <strong>{
                                let kind = kind.clone();
                                move || kind_words(&kind)
                            }</strong>
                            <button class="button" on:click={
                                let kind = kind.clone();
                                move |_| list_again(kind.clone())
                            }>{
                                let kind = kind.clone();
                                move || tf(S::ListAgain, &[&kind_words(&kind)])
                            }</button>
                        </li>
                    </For>
                </ul>
            </section>
        </Show>
    }
}

/// A kind as the page names it: as the remote writes it, or "(no kind)".
fn kind_words(kind: &str) -> String {
    if kind.is_empty() {
        tr(S::NoKind).to_string()
    } else {
        kind.to_string()
    }
}
