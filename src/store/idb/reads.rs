//! Many reads in one transaction, awaited once. The requests of a transaction complete in the order they
//! were made, so when the last one has succeeded every earlier one holds its result: only the last is
//! listened to. (Awaiting each request through `indexed_db_futures` attaches two listeners per request; a
//! pulled page of 250 documents makes 500 reads.)

use indexed_db_futures::index::Index;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbKeyRange, IdbRequest, IdbRequestReadyState};

use super::errors::from_dom;
use crate::store::StoreError;

/// Reads sent, each known by its position.
#[derive(Default)]
pub struct Reads {
    requests: Vec<IdbRequest>,
}

/// The position of one read in [`Reads::results`].
#[derive(Debug, Clone, Copy)]
pub struct Read(usize);

impl Reads {
    fn push(&mut self, request: Result<IdbRequest, JsValue>) -> Result<Read, StoreError> {
        self.requests.push(request.map_err(failed)?);
        Ok(Read(self.requests.len() - 1))
    }

    /// Sends a `get` of `key` in `store`.
    pub fn get(&mut self, store: &ObjectStore<'_>, key: &str) -> Result<Read, StoreError> {
        self.push(store.as_sys().get(&JsValue::from_str(key)))
    }

    /// Sends a `getKey` of `key` in `store` (whether it is there, without its value).
    pub fn get_key(&mut self, store: &ObjectStore<'_>, key: &str) -> Result<Read, StoreError> {
        self.push(store.as_sys().get_key(&JsValue::from_str(key)))
    }

    /// Sends a `getAll` of `store`.
    pub fn get_all(&mut self, store: &ObjectStore<'_>) -> Result<Read, StoreError> {
        self.push(store.as_sys().get_all())
    }

    /// Sends a `getAllKeys` of `store` (in the order of [`Reads::get_all`]).
    pub fn get_all_keys(&mut self, store: &ObjectStore<'_>) -> Result<Read, StoreError> {
        self.push(store.as_sys().get_all_keys())
    }

    /// Sends a `get` of `key` in `index`.
    pub fn index_get(&mut self, index: &Index<'_>, key: &str) -> Result<Read, StoreError> {
        self.push(index.as_sys().get(&JsValue::from_str(key)))
    }

    /// Sends a `count` of `store`.
    pub fn count(&mut self, store: &ObjectStore<'_>) -> Result<Read, StoreError> {
        self.push(store.as_sys().count())
    }

    /// Sends a `count` of `index`, within `range` when given.
    pub fn index_count(&mut self, index: &Index<'_>, range: Option<&IdbKeyRange>) -> Result<Read, StoreError> {
        self.push(match range {
            Some(range) => index.as_sys().count_with_key(range),
            None => index.as_sys().count(),
        })
    }

    /// Waits for the last read (unless it is done already: the caller awaited something later in the same
    /// transaction); then every result (`undefined` where nothing was found).
    pub async fn results(self) -> Result<Results, StoreError> {
        let Some(last) = self.requests.last() else { return Ok(Results(Vec::new())) };
        let failure = || last.error().ok().flatten().map(from_dom).unwrap_or_else(|| failed(JsValue::NULL));
        if last.ready_state() == IdbRequestReadyState::Done {
            if last.error().ok().flatten().is_some() {
                return Err(failure());
            }
        } else {
            let done = Promise::new(&mut |resolve, reject| {
                last.set_onsuccess(Some(&resolve));
                last.set_onerror(Some(&reject));
            });
            if JsFuture::from(done).await.is_err() {
                return Err(failure());
            }
        }
        let values = self.requests.iter().map(|r| r.result().map_err(failed)).collect::<Result<_, _>>()?;
        Ok(Results(values))
    }
}

/// What the reads found.
pub struct Results(Vec<JsValue>);

impl Results {
    /// The value `read` found, `None` when there was none.
    pub fn take(&mut self, read: Read) -> Option<JsValue> {
        let value = std::mem::replace(&mut self.0[read.0], JsValue::UNDEFINED);
        (!value.is_undefined()).then_some(value)
    }

    /// The number a `count` read found.
    pub fn count(&mut self, read: Read) -> u32 {
        self.take(read).and_then(|v| v.as_f64()).unwrap_or(0.0) as u32
    }

    /// Like [`Results::take`], for a read that may not have been made.
    pub fn take_some(&mut self, read: Option<Read>) -> Option<JsValue> {
        read.and_then(|r| self.take(r))
    }
}

fn failed(e: JsValue) -> StoreError {
    match e.dyn_into::<web_sys::DomException>() {
        Ok(ex) => from_dom(ex),
        Err(other) => StoreError::Failed(format!("{other:?}")),
    }
}
