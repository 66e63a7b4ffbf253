//! What the list's buttons do to many customers — a CSV download of them, a tag added to or removed from
//! them — in a chunk of its own (`list_work`), fetched at the first such click: the list's first paint does
//! not wait for the code that reads whole customers, writes CSV and changes records.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use uuid::Uuid;

use crate::domain::csv_export::{customers_csv, customers_full_csv};
use crate::i18n::texts::{Common as C, List as L};
use crate::i18n::view::{t, Said};
use crate::platform::chunk::ChunkFailed;
use crate::platform::{self, service_worker};
use crate::store::idb::IdbStore;
use crate::store::Store;
use crate::usecases::{add_tags, remove_tags, Actor};

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
/// field.
#[wasm_split(list_work, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn export(store: IdbStore, ids: Vec<Uuid>, all_fields: bool) -> Result<Work<()>, ChunkFailed> {
    Ok(Box::pin(async move {
        let customers = store.customers_of(&ids).await.map_err(|e| WorkFailed::Said(Said::error(e)))?;
        let (name, text) = match all_fields {
            true => ("Customers-all-fields.csv", customers_full_csv(&customers)),
            false => ("Customers.csv", customers_csv(&customers)),
        };
        platform::download(name, &text, "text/csv;charset=utf-8");
        Ok(())
    }))
}

/// Adds (`added`) or removes `tags` on the customers of `ids`, in `user`'s name; the customers it changed.
#[wasm_split(list_work, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn change_tags(
    store: IdbStore,
    ids: Vec<Uuid>,
    tags: Vec<String>,
    added: bool,
    user: String,
) -> Result<Work<Vec<Uuid>>, ChunkFailed> {
    Ok(Box::pin(async move {
        let actor = Actor { user: &user, now: platform::now() };
        let result = match added {
            true => add_tags(&store, &ids, &tags, &actor).await,
            false => remove_tags(&store, &ids, &tags, &actor).await,
        };
        result.map_err(|e| WorkFailed::Said(Said::error(e)))
    }))
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
