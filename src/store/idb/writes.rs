//! Writes sent straight to the browser's object stores of one transaction, without waiting for each: the
//! commit waits for all of them, and a failed one aborts the transaction (the commit then fails). Store
//! handles are looked up once per transaction.

use std::collections::HashMap;

use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::transaction::Transaction;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::IdbObjectStore;

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

    /// `delete` of `key`.
    pub fn delete(&mut self, tx: &Transaction<'_>, name: &'static str, key: &JsValue) -> Result<(), StoreError> {
        self.store(tx, name)?.delete(key).map(drop).map_err(failed)
    }
}

fn failed(e: JsValue) -> StoreError {
    match e.dyn_into::<web_sys::DomException>() {
        Ok(ex) => from_dom(ex),
        Err(other) => StoreError::Failed(format!("{other:?}")),
    }
}
