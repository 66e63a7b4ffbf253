//! What the list's buttons do to many customers — a CSV download of them, a tag added to or removed from
//! them — in a chunk of its own (`list_work`), fetched at the first such click: the list's first paint does
//! not wait for the code that reads whole customers, writes CSV and changes records.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use uuid::Uuid;

use crate::domain::csv_export::{customers_csv, customers_full_csv};
use crate::i18n::errors::Localize;
use crate::i18n::texts::{Common as C, List as L};
use crate::i18n::view::{t, Said};
use crate::i18n::{fill, plural, Text};
use crate::platform::chunk::ChunkFailed;
use crate::platform::{self, format_count, service_worker};
use crate::state::sync::SyncHandle;
use crate::store::idb::IdbStore;
use crate::store::Store;
use crate::usecases::{change_tags_in_steps, Actor, Stopped};

/// Why an action did not happen.
#[derive(Debug, Clone)]
pub enum WorkFailed {
    /// The reason, in words.
    Said(Said),
    /// The action's code could not be fetched; nothing was changed.
    NotFetched,
}

/// Work started, to be awaited.
pub type Work<T> = Pin<Box<dyn Future<Output = Result<T, WorkFailed>>>>;

/// Writes the customers of `ids` (in that order) as a CSV download: Partner Center's four columns, or every
/// field. (The split point for the page's buttons; code already in this chunk, the selection's bar, calls
/// [`write_export`] — a split point called from split code cannot run in the unsplit wasm of the in-browser
/// tests.)
#[wasm_split(list_work, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn export(store: IdbStore, ids: Vec<Uuid>, all_fields: bool) -> Result<Work<()>, ChunkFailed> {
    Ok(Box::pin(write_export(store, ids, all_fields)))
}

/// What [`export`] does, once its chunk is here.
pub async fn write_export(store: IdbStore, ids: Vec<Uuid>, all_fields: bool) -> Result<(), WorkFailed> {
    let customers = store.customers_of(&ids).await.map_err(|e| WorkFailed::Said(Said::error(e)))?;
    let (name, text) = match all_fields {
        true => ("Customers-all-fields.csv", customers_full_csv(&customers)),
        false => ("Customers.csv", customers_csv(&customers)),
    };
    platform::download(name, &text, "text/csv;charset=utf-8");
    Ok(())
}

/// A tag change on many customers: what it did in words, and what Undo would reverse now.
pub struct TagChange {
    /// Done, or where it stopped and why.
    pub said: Said,
    /// Whether it stopped before the end (the words are an error then).
    pub stopped: bool,
    /// The change Undo reverses (`None`: nothing to undo).
    pub undo: Option<Last>,
}

/// A tag change Undo can reverse: whether tags were added, which, and the customers it changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Last {
    pub added: bool,
    pub tags: Vec<String>,
    pub changed: Vec<Uuid>,
}

/// Adds (`added`) or removes `tags` on the customers of `ids`, in `user`'s name, a step at a time with
/// `progress` at (done, all) meanwhile, and `sync` told that more steps follow (it pushes after the last);
/// `undoing` when this reverses the last change. (Called by the selection's bar, in this chunk already.)
pub async fn change_tags(
    store: IdbStore,
    ids: Vec<Uuid>,
    tags: Vec<String>,
    (added, undoing): (bool, bool),
    user: String,
    progress: RwSignal<Option<(usize, usize)>>,
    sync: SyncHandle,
) -> TagChange {
    let actor = Actor { user: &user, now: platform::now() };
    let all = ids.len();
    progress.set(Some((0, all)));
    let step = |n| {
        progress.set(Some((n, all)));
        if n < all {
            sync.stepping();
        }
    };
    let result = change_tags_in_steps(&store, &ids, &tags, added, &actor, step).await;
    progress.set(None);
    match result {
        Ok(changed) => {
            let n = changed.len();
            let said = match (undoing, added) {
                (true, _) => counted(plural(n as u64, L::UndoneOne, L::Undone), None, n),
                (false, true) => counted(plural(n as u64, L::TagAddedOne, L::TagAdded), Some(tags.join(", ")), n),
                (false, false) => counted(plural(n as u64, L::TagRemovedOne, L::TagRemoved), Some(tags.join(", ")), n),
            };
            TagChange { said, stopped: false, undo: (!undoing).then_some(Last { added, tags, changed }) }
        }
        Err(Stopped { changed, handled, error }) => {
            // Numbers written as the language shown writes them, also after a switch.
            let said = match handled {
                0 => Said::new(move |l| fill(L::TagChangeRefused.in_(l), &[&error.localize(l)])),
                _ => Said::new(move |l| {
                    let (done, all) = (format_count(handled), format_count(all));
                    fill(L::TagChangeStopped.in_(l), &[&done, &all, &error.localize(l)])
                }),
            };
            // Undo reverses what this change did; an Undo that stopped leaves the customers it did not reach.
            let undo = match undoing {
                false => (!changed.is_empty()).then_some(Last { added, tags, changed }),
                true => Some(Last { added: !added, tags, changed: ids[handled..].to_vec() }),
            };
            TagChange { said, stopped: true, undo }
        }
    }
}

/// `key` filled with `name` (when given) and the count `n`, the count written as the language shown writes
/// numbers ("1,111", "1.111"), also after a switch.
fn counted(key: L, name: Option<String>, n: usize) -> Said {
    Said::new(move |l| {
        let n = format_count(n);
        match &name {
            Some(name) => fill(key.in_(l), &[name, &n]),
            None => fill(key.in_(l), &[&n]),
        }
    })
}

/// The outcome of `work` once its chunk is here.
pub async fn done<T>(work: impl Future<Output = Result<Work<T>, ChunkFailed>>) -> Result<T, WorkFailed> {
    match work.await {
        Ok(work) => work.await,
        Err(ChunkFailed) => Err(WorkFailed::NotFetched),
    }
}

/// Why an action failed, in words; with "Reload" when its code could not be fetched.
pub fn failure(failed: WorkFailed) -> impl IntoView {
    match failed {
        WorkFailed::Said(words) => words.now().into_any(),
        WorkFailed::NotFetched => view! {
            {t(L::ActionNotFetched)}" "
            <button class="link-button action-reload" on:click=|_| service_worker::reload_into_newest()>
                {t(C::Reload)}
            </button>
        }
        .into_any(),
    }
}
