//! Writes sent straight to the browser's object stores of one transaction, without waiting for each: the
//! commit waits for all of them, and a failed one aborts the transaction (the commit then fails). Store
//! handles are looked up once per transaction.

use std::collections::HashMap;

use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::transaction::Transaction;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbKeyRange, IdbObjectStore};

use super::errors::{from_dom, from_idb};
use crate::store::StoreError;

/// The object stores of one transaction, as they are written to.
pub struct Writes {
    stores: HashMap<&'static str, IdbObjectStore>,
}

impl Writes {
    /// Writes within `tx`.
    pub fn new() -> Writes {
        Writes { stores: HashMap::new() }
    }

    fn store(&mut self, tx: &Transaction<'_>, name: &'static str) -> Result<&IdbObjectStore, StoreError> {
        if !self.stores.contains_key(name) {
            let store = tx.object_store(name).map_err(from_idb)?.as_sys().clone();
            self.stores.insert(name, store);
        }
        Ok(&self.stores[name])
    }

    /// `put` of `value`, under `key` for stores without a key path.
    pub fn put(
        &mut self,
        tx: &Transaction<'_>,
        name: &'static str,
        value: &JsValue,
        key: Option<&str>,
    ) -> Result<(), StoreError> {
        let store = self.store(tx, name)?;
        let sent = match key {
            Some(k) => store.put_with_key(value, &JsValue::from_str(k)),
            None => store.put(value),
        };
        sent.map(drop).map_err(failed)
    }

    /// `add` of `value` (auto-incremented key).
    pub fn add(&mut self, tx: &Transaction<'_>, name: &'static str, value: &JsValue) -> Result<(), StoreError> {
        self.store(tx, name)?.add(value).map(drop).map_err(failed)
    }

    /// `clear` of the whole store.
    pub fn clear(&mut self, tx: &Transaction<'_>, name: &'static str) -> Result<(), StoreError> {
        self.store(tx, name)?.clear().map(drop).map_err(failed)
    }

    /// `delete` of `key`.
    pub fn delete(&mut self, tx: &Transaction<'_>, name: &'static str, key: &JsValue) -> Result<(), StoreError> {
        self.store(tx, name)?.delete(key).map(drop).map_err(failed)
    }

    /// Deletes the entries of `keys` (integer keys, as auto-incremented ones are): one `delete` of a key range
    /// for each run of consecutive keys, since no other key can lie between two consecutive integers. Chromium
    /// spends about as much on one key's `delete` as on a range's, so acknowledging a pushed batch of 250
    /// outbox entries went from ~70 to ~30 ms of commit.
    pub fn delete_keys(&mut self, tx: &Transaction<'_>, name: &'static str, keys: &[u64]) -> Result<(), StoreError> {
        for (first, last) in runs(keys) {
            let range = IdbKeyRange::bound(&JsValue::from_f64(first as f64), &JsValue::from_f64(last as f64))
                .map_err(failed)?;
            self.delete(tx, name, &range)?;
        }
        Ok(())
    }
}

/// The runs of consecutive integers in `keys`, as (first, last), in ascending order.
fn runs(keys: &[u64]) -> Vec<(u64, u64)> {
    let mut sorted = keys.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<(u64, u64)> = Vec::new();
    for key in sorted {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == key => *last = key,
            _ => runs.push((key, key)),
        }
    }
    runs
}

fn failed(e: JsValue) -> StoreError {
    match e.dyn_into::<web_sys::DomException>() {
        Ok(ex) => from_dom(ex),
        Err(other) => StoreError::Failed(format!("{other:?}")),
    }
}
