//! Turning IndexedDB errors into [`StoreError`]s a user can act on.

use std::cell::{Cell, RefCell};

use indexed_db_futures::error::{DomException, Error, OpenDbError};
use wasm_bindgen::JsCast;

use crate::store::{StorageUse, StoreError};

/// Told how full the storage is when a write was refused for lack of space.
type FullListener = Box<dyn Fn(Option<StorageUse>)>;

thread_local! {
    /// Whether the page's connection was closed for a newer version's upgrade (see
    /// `IdbStore::on_version_change`): every later request fails, and says so. A page holds one connection
    /// at a time (the app opens it once; in-browser tests open one per test), so opening one clears it.
    static CLOSED_FOR_NEWER: Cell<bool> = const { Cell::new(false) };
    /// Told each time a write is refused because the browser's storage for the app is full (see
    /// `IdbStore::on_full`).
    static ON_FULL: RefCell<Option<FullListener>> = const { RefCell::new(None) };
}

/// Has `told` called with how full the storage is each time a write is refused for lack of space.
pub fn set_on_full(told: impl Fn(Option<StorageUse>) + 'static) {
    ON_FULL.with(|f| *f.borrow_mut() = Some(Box::new(told)));
}

/// Notes whether the page's connection closed for a newer version: while it has, every failure is that.
pub fn set_closed_for_newer_version(closed: bool) {
    CLOSED_FOR_NEWER.with(|c| c.set(closed));
}

fn closed() -> bool {
    CLOSED_FOR_NEWER.with(Cell::get)
}

/// Maps an operation error, recognising a full disk and broken constraints by the DOMException's name.
pub fn from_idb(e: Error) -> StoreError {
    if closed() {
        return StoreError::NewerVersion;
    }
    match e {
        Error::DomException(DomException::ConstraintError(_)) => StoreError::Constraint,
        Error::DomException(ex) => from_dom(web_sys::DomException::from(ex)),
        other => StoreError::Failed(other.to_string()),
    }
}

/// Maps a DOMException by its name.
pub fn from_dom(ex: web_sys::DomException) -> StoreError {
    if closed() {
        return StoreError::NewerVersion;
    }
    match ex.name().as_str() {
        "QuotaExceededError" => StoreError::QuotaExceeded(None),
        "ConstraintError" => StoreError::Constraint,
        name => StoreError::Failed(format!("{name}: {}", ex.message())),
    }
}

/// Maps a failure to open the database: a newer version's database (a `VersionError`: this version is
/// older than the data), or nothing can be stored at all.
pub fn from_open(e: OpenDbError) -> StoreError {
    match &e {
        OpenDbError::Base(base) if dom_name(base).as_deref() == Some("VersionError") => StoreError::NewerVersion,
        _ => StoreError::Unavailable(e.to_string()),
    }
}

/// The name of the DOMException behind `e`, if there is one.
fn dom_name(e: &Error) -> Option<String> {
    match e {
        Error::DomException(ex) => Some(web_sys::DomException::from(ex.clone()).name()),
        Error::Unknown(js) => {
            AsRef::<wasm_bindgen::JsValue>::as_ref(js).dyn_ref::<web_sys::DomException>().map(|d| d.name())
        }
        _ => None,
    }
}

/// Commits `tx` at once (`IDBTransaction.commit()`), so the write survives the page being closed right after
/// it (a draft saved at the last keystroke before a reload). Only for transactions whose requests cannot be
/// refused — no `add`, no unique index written from what another transaction read: a request that fails
/// after an explicit commit races it, and when the commit wins Chromium stores the other requests, half a
/// change (seen in the in-browser tests). Batches a constraint may refuse use [`commit_all_or_nothing`].
pub async fn commit(tx: indexed_db_futures::transaction::Transaction<'_>) -> Result<(), StoreError> {
    use indexed_db_futures::internals::SystemRepr;
    let sys: web_sys::IdbTransaction = web_sys::IdbTransaction::clone(tx.as_sys());
    match tx.commit().await {
        Ok(()) => Ok(()),
        Err(e) => aborted(sys.error().map_or_else(|| from_idb(e), from_dom)).await,
    }
}

/// Commits `tx` once every request of it has been answered — and so never when a constraint refused one of
/// them, where an explicit commit right away could store the rest (see [`commit`]). A last request is
/// answered after every earlier one: if one was refused, the transaction has aborted by then (its error
/// event's default), and the last request fails too. It counts the keys equal to -1, which no store holds
/// (string keys, and the outbox's from 1): one look-up — counting a whole store walks it (~330 ms for the
/// 100,000 entries of a long activity log).
pub async fn commit_all_or_nothing(tx: indexed_db_futures::transaction::Transaction<'_>) -> Result<(), StoreError> {
    use indexed_db_futures::internals::SystemRepr;
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::KeyRange;
    let sys: web_sys::IdbTransaction = web_sys::IdbTransaction::clone(tx.as_sys());
    if let Some(name) = sys.object_store_names().get(0) {
        let store = tx.object_store(&name).map_err(from_idb)?;
        let last = store.count().with_query::<f64, _>(KeyRange::Only(-1.0)).primitive().map_err(from_idb)?;
        if let Err(e) = last.await {
            return aborted(sys.error().map_or_else(|| from_idb(e), from_dom)).await;
        }
    }
    commit(tx).await
}

/// Why a transaction was aborted, as reported: a full disk with how full the storage is (asked now that the
/// transaction is over).
async fn aborted(reason: StoreError) -> Result<(), StoreError> {
    match reason {
        StoreError::QuotaExceeded(None) => {
            let usage = storage_use().await;
            ON_FULL.with(|f| f.borrow().as_ref().map(|told| told(usage)));
            Err(StoreError::QuotaExceeded(usage))
        }
        other => Err(other),
    }
}

/// How much the app's storage holds and may hold (`navigator.storage.estimate()`), if the browser tells.
pub async fn storage_use() -> Option<StorageUse> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::has(&navigator, &"storage".into()).ok()?.then_some(())?;
    let estimate = wasm_bindgen_futures::JsFuture::from(navigator.storage().estimate().ok()?).await.ok()?;
    let estimate: web_sys::StorageEstimate = wasm_bindgen::JsCast::unchecked_into(estimate);
    Some(StorageUse { used: estimate.get_usage()? as u64, quota: estimate.get_quota()? as u64 })
}
